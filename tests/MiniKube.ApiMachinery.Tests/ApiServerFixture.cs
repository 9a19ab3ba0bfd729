using k8s;
using k8s.Models;
using MiniKube.ApiMachinery.Client;
using MiniKube.Testing;
using Xunit;

namespace MiniKube.ApiMachinery.Tests;

/// <summary>One real API server on the embedded sqlite store, shared by a test class; each test uses its own namespace.</summary>
public sealed class ApiServerFixture : IAsyncLifetime
{
    public ApiServerProcess Server { get; private set; } = null!;
    public Kubernetes Client { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        Server = await ApiServerProcess.StartSqliteAsync();
        Client = Kubeconfig.CreateClient(Server.KubeconfigPath, "apimachinery-tests");
    }

    public async Task DisposeAsync()
    {
        Client?.Dispose();
        if (Server is not null) await Server.DisposeAsync();
    }

    /// <summary>Creates a fresh namespace, so tests sharing the server never see each other's objects.</summary>
    public static async Task<string> CreateNamespaceAsync(IKubernetes client, string prefix)
    {
        var name = $"{prefix}-{Guid.NewGuid().ToString("N")[..8]}";
        await client.CoreV1.CreateNamespaceAsync(new V1Namespace { Metadata = new V1ObjectMeta { Name = name } });
        return name;
    }
}
