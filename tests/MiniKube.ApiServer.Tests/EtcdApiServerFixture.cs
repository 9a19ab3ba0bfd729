using MiniKube.Testing;
using Xunit;

namespace MiniKube.ApiServer.Tests;

/// <summary>One real etcd and one real API server on it, shared by a test class.</summary>
public sealed class EtcdApiServerFixture : IAsyncLifetime
{
    public EtcdServer Etcd { get; } = new();
    public ApiServerProcess Server { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        await Etcd.InitializeAsync();
        if (Prerequisites.SkipReason(needsRoot: false, ["etcd"]) is null) Server = await ApiServerProcess.StartAsync(Etcd.ClientUrl);
    }

    public async Task DisposeAsync()
    {
        if (Server is not null) await Server.DisposeAsync();
        await Etcd.DisposeAsync();
    }
}
