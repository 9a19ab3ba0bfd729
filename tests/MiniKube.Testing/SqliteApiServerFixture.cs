using k8s;
using k8s.Models;
using MiniKube.ApiMachinery.Client;
using Xunit;

namespace MiniKube.Testing;

/// <summary>
/// One real API server on the embedded sqlite store, shared by a test class or collection, with a client for it
/// (each test works in its own namespace from <see cref="CreateNamespaceAsync(string)"/>, so tests never see each
/// other's objects).
/// </summary>
public sealed class SqliteApiServerFixture : IAsyncLifetime
{
    public ApiServerProcess Server { get; private set; } = null!;
    public Kubernetes Client { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        Server = await ApiServerProcess.StartSqliteAsync();
        Client = Kubeconfig.CreateClient(Server.KubeconfigPath, "minikube-tests");
    }

    /// <summary>Creates a fresh namespace named <c>prefix-xxxxxxxx</c>.</summary>
    public Task<string> CreateNamespaceAsync(string prefix) => CreateNamespaceAsync(Client, prefix);

    public static async Task<string> CreateNamespaceAsync(IKubernetes client, string prefix)
    {
        var name = $"{prefix}-{Guid.NewGuid().ToString("N")[..8]}";
        await client.CoreV1.CreateNamespaceAsync(new V1Namespace { Metadata = new V1ObjectMeta { Name = name } });
        return name;
    }

    public async Task DisposeAsync()
    {
        Client?.Dispose();
        if (Server is not null) await Server.DisposeAsync();
    }
}
