using Xunit;

namespace MiniKube.Testing;

/// <summary>
/// One real API server on the embedded sqlite store, shared by a test class or collection
/// (each test works in its own namespace, so tests never see each other's objects).
/// </summary>
public sealed class SqliteApiServerFixture : IAsyncLifetime
{
    public ApiServerProcess Server { get; private set; } = null!;

    public async Task InitializeAsync() => Server = await ApiServerProcess.StartSqliteAsync();

    public async Task DisposeAsync()
    {
        if (Server is not null) await Server.DisposeAsync();
    }
}
