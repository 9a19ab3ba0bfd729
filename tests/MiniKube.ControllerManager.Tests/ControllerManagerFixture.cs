using k8s;
using MiniKube.ApiMachinery.Client;
using MiniKube.Testing;
using Xunit;

namespace MiniKube.ControllerManager.Tests;

/// <summary>
/// A real API server (sqlite store) with a real minikube-controller-manager process running every controller
/// against it, shared by the tests of the <see cref="ControllerManagerCluster"/> collection; each test works in its
/// own namespace. Tests that need other flags, or kill the controller manager, start their own with
/// <see cref="StartControllerManager"/>; tests that create cluster-scoped objects (Nodes) or need the controller
/// manager's own flags build a fixture of their own with those flags.
/// </summary>
public sealed class ControllerManagerFixture : IAsyncLifetime
{
    private readonly string[] _controllerManagerArgs = [];

    /// <summary>The shared fixture: every controller with default flags.</summary>
    public ControllerManagerFixture()
    {
    }

    private ControllerManagerFixture(string[] controllerManagerArgs) => _controllerManagerArgs = controllerManagerArgs;

    /// <summary>A fixture of a test class's own, whose controller manager runs with these extra flags.</summary>
    public static ControllerManagerFixture WithFlags(params string[] controllerManagerArgs) => new(controllerManagerArgs);

    public ApiServerProcess Server { get; private set; } = null!;
    public Kubernetes Client { get; private set; } = null!;
    public ComponentProcess ControllerManager { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        Server = await ApiServerProcess.StartSqliteAsync();
        Client = Kubeconfig.CreateClient(Server.KubeconfigPath, "controller-manager-tests");
        ControllerManager = StartControllerManager(_controllerManagerArgs);
        await ControllerManager.WaitForOutputAsync("Starting controllers", TimeSpan.FromSeconds(60));
    }

    /// <summary>Starts another controller manager against the same server, with short leader-election times.</summary>
    public ComponentProcess StartControllerManager(params string[] args) =>
        ComponentProcess.Start("minikube-controller-manager", Server.KubeconfigPath,
            ["--leader-elect-lease-duration", "4s", "--leader-elect-renew-deadline", "3s", "--leader-elect-retry-period", "1s", .. args]);

    /// <summary>
    /// Makes <paramref name="successor"/> the shared controller manager (after a test killed the previous one), so
    /// the tests that follow still have one; the previous process is disposed.
    /// </summary>
    public async Task HandOverControllerManagerAsync(ComponentProcess successor)
    {
        var previous = ControllerManager;
        ControllerManager = successor;
        if (previous != successor) await previous.DisposeAsync();
    }

    public Task<string> CreateNamespaceAsync(string prefix) => SqliteApiServerFixture.CreateNamespaceAsync(Client, prefix);

    public async Task DisposeAsync()
    {
        if (ControllerManager is not null) await ControllerManager.DisposeAsync();
        Client?.Dispose();
        if (Server is not null) await Server.DisposeAsync();
    }
}

/// <summary>Tests sharing one API server and controller manager, one after the other.</summary>
[CollectionDefinition(Name)]
public sealed class ControllerManagerCluster : ICollectionFixture<ControllerManagerFixture>
{
    public const string Name = "controller manager cluster";
}
