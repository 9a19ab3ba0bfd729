using System.CommandLine;
using Microsoft.Extensions.Logging;
using MiniKube.ApiMachinery.Flags;
using MiniKube.ControllerManager;

// minikube-controller-manager: flags carry kube-controller-manager's names and defaults; see ControllerManagerOptions.
var defaults = new ControllerManagerOptions();
var kubeconfig = new Option<string?>("--kubeconfig") { Description = "Path to a kubeconfig file with the server address and this component's credential." };
var controllers = new Option<string>("--controllers")
{
    Description = "A list of controllers to enable. '*' enables all on-by-default controllers, 'foo' enables the controller named 'foo', '-foo' disables the controller named 'foo'.",
    DefaultValueFactory = _ => "*",
};
var leaderElect = new Option<bool>("--leader-elect")
{
    Description = "Start a leader election client and gain leadership before executing the main loop. Enable this when running replicated components for high availability.",
    DefaultValueFactory = _ => defaults.LeaderElect,
};
var leaseDuration = DurationOption("--leader-elect-lease-duration", "How long a non-leader waits after observing a renewal before it may take over. Longer = fewer false take-overs, slower fail-over.", defaults.LeaderElectLeaseDuration);
var renewDeadline = DurationOption("--leader-elect-renew-deadline", "How long the leader keeps retrying a renewal before it gives up leading.", defaults.LeaderElectRenewDeadline);
var retryPeriod = DurationOption("--leader-elect-retry-period", "How long clients wait between attempts to acquire or renew leadership.", defaults.LeaderElectRetryPeriod);
var leaseNamespace = new Option<string>("--leader-elect-resource-namespace") { Description = "The namespace of the Lease used for leader election.", DefaultValueFactory = _ => defaults.LeaderElectResourceNamespace };
var leaseName = new Option<string>("--leader-elect-resource-name") { Description = "The name of the Lease used for leader election.", DefaultValueFactory = _ => defaults.LeaderElectResourceName };
var deploymentSyncs = SyncsOption("--concurrent-deployment-syncs", "deployment", defaults.ConcurrentDeploymentSyncs);
var replicaSetSyncs = SyncsOption("--concurrent-replicaset-syncs", "replica set", defaults.ConcurrentReplicaSetSyncs);
var rcSyncs = SyncsOption("--concurrent-rc-syncs", "replication controller", defaults.ConcurrentRcSyncs);
var statefulSetSyncs = SyncsOption("--concurrent-statefulset-syncs", "statefulset", defaults.ConcurrentStatefulSetSyncs);
var daemonSetSyncs = SyncsOption("--concurrent-daemonset-syncs", "daemonset", defaults.ConcurrentDaemonSetSyncs);
var jobSyncs = SyncsOption("--concurrent-job-syncs", "job", defaults.ConcurrentJobSyncs);
var gcSyncs = SyncsOption("--concurrent-gc-syncs", "garbage collector", defaults.ConcurrentGcSyncs);
var namespaceSyncs = SyncsOption("--concurrent-namespace-syncs", "namespace", defaults.ConcurrentNamespaceSyncs);
var endpointSyncs = SyncsOption("--concurrent-endpoint-syncs", "endpoint", defaults.ConcurrentEndpointSyncs);
var serviceAccountSyncs = SyncsOption("--concurrent-serviceaccount-syncs", "service account", defaults.ConcurrentServiceAccountSyncs);
var nodeMonitorPeriod = DurationOption("--node-monitor-period", "The period for syncing NodeStatus in the node lifecycle controller.", defaults.NodeMonitorPeriod);
var nodeMonitorGracePeriod = DurationOption("--node-monitor-grace-period", "Amount of time which we allow running Node to be unresponsive before marking it unhealthy. Must be N times more than the kubelet's lease renewal interval.", defaults.NodeMonitorGracePeriod);
var nodeStartupGracePeriod = DurationOption("--node-startup-grace-period", "Amount of time which we allow starting Node to be unresponsive before marking it unhealthy.", defaults.NodeStartupGracePeriod);
var verbosity = new Option<int>("--v", "-v") { Description = "Log level: 0-3 Information, 4 and above Debug (informer and queue chatter).", DefaultValueFactory = _ => defaults.Verbosity };

var root = new RootCommand("minikube-controller-manager: the control loops that make the cluster's state match its spec")
{
    kubeconfig, controllers, leaderElect, leaseDuration, renewDeadline, retryPeriod, leaseNamespace, leaseName,
    deploymentSyncs, replicaSetSyncs, rcSyncs, statefulSetSyncs, daemonSetSyncs, jobSyncs, gcSyncs, namespaceSyncs, endpointSyncs,
    serviceAccountSyncs, nodeMonitorPeriod, nodeMonitorGracePeriod, nodeStartupGracePeriod, verbosity,
};
root.SetAction(async (parse, cancellationToken) =>
{
    var problems = new List<string>();
    TimeSpan Duration(Option<string> option)
    {
        var text = parse.GetValue(option)!;
        if (Durations.TryParse(text, out var value)) return value;
        problems.Add($"{option.Name}: \"{text}\" is not a duration like 15s or 1m");
        return TimeSpan.Zero;
    }
    var options = new ControllerManagerOptions
    {
        Kubeconfig = parse.GetValue(kubeconfig),
        Controllers = parse.GetValue(controllers)!.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries),
        LeaderElect = parse.GetValue(leaderElect),
        LeaderElectLeaseDuration = Duration(leaseDuration),
        LeaderElectRenewDeadline = Duration(renewDeadline),
        LeaderElectRetryPeriod = Duration(retryPeriod),
        LeaderElectResourceNamespace = parse.GetValue(leaseNamespace)!,
        LeaderElectResourceName = parse.GetValue(leaseName)!,
        ConcurrentDeploymentSyncs = parse.GetValue(deploymentSyncs),
        ConcurrentReplicaSetSyncs = parse.GetValue(replicaSetSyncs),
        ConcurrentRcSyncs = parse.GetValue(rcSyncs),
        ConcurrentStatefulSetSyncs = parse.GetValue(statefulSetSyncs),
        ConcurrentDaemonSetSyncs = parse.GetValue(daemonSetSyncs),
        ConcurrentJobSyncs = parse.GetValue(jobSyncs),
        ConcurrentGcSyncs = parse.GetValue(gcSyncs),
        ConcurrentNamespaceSyncs = parse.GetValue(namespaceSyncs),
        ConcurrentEndpointSyncs = parse.GetValue(endpointSyncs),
        ConcurrentServiceAccountSyncs = parse.GetValue(serviceAccountSyncs),
        NodeMonitorPeriod = Duration(nodeMonitorPeriod),
        NodeMonitorGracePeriod = Duration(nodeMonitorGracePeriod),
        NodeStartupGracePeriod = Duration(nodeStartupGracePeriod),
        Verbosity = parse.GetValue(verbosity),
    };
    problems.AddRange(options.Validate());
    if (problems.Count > 0)
    {
        foreach (var problem in problems) await Console.Error.WriteLineAsync($"Error: {problem}");
        return 1;
    }
    using var loggerFactory = LoggerFactory.Create(logging =>
    {
        logging.AddSimpleConsole(o =>
        {
            o.SingleLine = true;
            o.TimestampFormat = "HH:mm:ss.fff ";
        });
        logging.SetMinimumLevel(options.Verbosity >= 4 ? LogLevel.Debug : LogLevel.Information);
    });
    return await new ControllerManager(options, loggerFactory).RunAsync(cancellationToken);
});
return await root.Parse(args).InvokeAsync(cancellationToken: CancellationToken.None);

static Option<string> DurationOption(string name, string description, TimeSpan defaultValue) => new(name)
{
    Description = description,
    DefaultValueFactory = _ => $"{defaultValue.TotalSeconds:0}s",
};

static Option<int> SyncsOption(string name, string what, int defaultValue) => new(name)
{
    Description = $"The number of {what} objects that are allowed to sync concurrently. Larger number = more responsive, but more CPU (and network) load.",
    DefaultValueFactory = _ => defaultValue,
};
