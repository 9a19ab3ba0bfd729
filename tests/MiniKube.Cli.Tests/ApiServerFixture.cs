using MiniKube.Testing;
using Xunit;

namespace MiniKube.Cli.Tests;

/// <summary>
/// One real minikube-apiserver (sqlite store) shared by all end-to-end minictl tests. They run one after the
/// other (one collection) and each works in its own namespace, so they never see each other's objects.
/// </summary>
public sealed class ApiServerFixture : IAsyncLifetime
{
    public ApiServerProcess Server { get; private set; } = null!;

    public async Task InitializeAsync() => Server = await ApiServerProcess.StartSqliteAsync();

    public async Task DisposeAsync()
    {
        if (Server is not null) await Server.DisposeAsync();
    }
}
