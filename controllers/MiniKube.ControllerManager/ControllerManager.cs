using k8s;
using Microsoft.Extensions.Logging;
using MiniKube.ApiMachinery.Client;
using MiniKube.ApiMachinery.LeaderElection;

namespace MiniKube.ControllerManager;

/// <summary>
/// Runs the selected controllers, like kube-controller-manager: one process, one shared cache per resource type,
/// each controller with its own work queue and workers. With <c>--leader-elect</c> (the default) only the holder of
/// the <c>kube-system/kube-controller-manager</c> Lease runs them, so a second copy is a hot standby that takes over
/// when the leader dies. Losing the Lease ends the process (exit 1), as upstream: a supervisor restarts it and it
/// campaigns again with an empty cache, which is always safe because every controller is level-triggered.
/// Concept: https://kubernetes.io/docs/reference/command-line-tools-reference/kube-controller-manager/
/// </summary>
public sealed partial class ControllerManager(ControllerManagerOptions options, ILoggerFactory loggerFactory)
{
    private readonly ILogger _logger = loggerFactory.CreateLogger<ControllerManager>();

    public async Task<int> RunAsync(CancellationToken cancellationToken)
    {
        using var client = Kubeconfig.CreateClient(options.Kubeconfig, "minikube-controller-manager");
        if (!options.LeaderElect)
        {
            await RunControllersAsync(client, cancellationToken);
            return 0;
        }

        // Upstream's identity is "<hostname>_<uuid>", so two copies on one machine are still told apart.
        var identity = $"{Environment.MachineName}_{Guid.NewGuid()}";
        var elector = new LeaderElector(new LeaderElectionConfig
        {
            Lock = new LeaseLock(client, options.LeaderElectResourceNamespace, options.LeaderElectResourceName, identity),
            LeaseDuration = options.LeaderElectLeaseDuration,
            RenewDeadline = options.LeaderElectRenewDeadline,
            RetryPeriod = options.LeaderElectRetryPeriod,
            OnStartedLeading = leading =>
            {
                Log.StartedLeading(_logger, identity);
                return RunControllersAsync(client, leading);
            },
            OnNewLeader = leader => Log.NewLeader(_logger, leader),
        });
        Log.Campaigning(_logger, options.LeaderElectResourceNamespace, options.LeaderElectResourceName, identity);
        await elector.RunAsync(cancellationToken);
        if (cancellationToken.IsCancellationRequested) return 0;
        Log.LeaderElectionLost(_logger, identity);
        return 1;
    }

    private async Task RunControllersAsync(Kubernetes client, CancellationToken cancellationToken)
    {
        var informers = new SharedInformerFactory(client);
        var context = new ControllerContext(client, informers, options, loggerFactory);
        // Controllers register the informers they read while they are built; only then do the informers start, so
        // each resource type is listed and watched once however many controllers read it.
        var controllers = KnownControllers.Select(options.Controllers).Select(d => (Descriptor: d, Controller: d.Create(context))).ToList();
        informers.Start(cancellationToken);
        Log.StartingControllers(_logger, string.Join(",", controllers.Select(c => c.Descriptor.Name)));
        await Task.WhenAll(controllers.Select(c => c.Controller.RunAsync(c.Descriptor.Workers(options), cancellationToken)));
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = 2101, Level = LogLevel.Information, Message = "Attempting to acquire leader lease {Namespace}/{Name} as {Identity}")]
        public static partial void Campaigning(ILogger logger, string @namespace, string name, string identity);

        [LoggerMessage(EventId = 2102, Level = LogLevel.Information, Message = "Successfully acquired lease as {Identity}; starting controllers")]
        public static partial void StartedLeading(ILogger logger, string identity);

        [LoggerMessage(EventId = 2103, Level = LogLevel.Information, Message = "New leader elected: {Leader}")]
        public static partial void NewLeader(ILogger logger, string leader);

        [LoggerMessage(EventId = 2104, Level = LogLevel.Error, Message = "Leader election lost by {Identity}; exiting so that a fresh start campaigns again")]
        public static partial void LeaderElectionLost(ILogger logger, string identity);

        [LoggerMessage(EventId = 2105, Level = LogLevel.Information, Message = "Starting controllers: {Controllers}")]
        public static partial void StartingControllers(ILogger logger, string controllers);
    }
}
