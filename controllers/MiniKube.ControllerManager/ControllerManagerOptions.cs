namespace MiniKube.ControllerManager;

/// <summary>
/// Everything minikube-controller-manager is configured with, bound from kube-controller-manager's flags (same names
/// and defaults) in Program.cs. Controllers read the part they need from here, never from the command line.
/// </summary>
public sealed record ControllerManagerOptions
{
    public string? Kubeconfig { get; init; }

    /// <summary><c>--controllers</c>: "*" (every controller on by default), "name" to enable, "-name" to disable.</summary>
    public IReadOnlyList<string> Controllers { get; init; } = ["*"];

    public bool LeaderElect { get; init; } = true;
    public TimeSpan LeaderElectLeaseDuration { get; init; } = TimeSpan.FromSeconds(15);
    public TimeSpan LeaderElectRenewDeadline { get; init; } = TimeSpan.FromSeconds(10);
    public TimeSpan LeaderElectRetryPeriod { get; init; } = TimeSpan.FromSeconds(2);
    public string LeaderElectResourceNamespace { get; init; } = "kube-system";
    public string LeaderElectResourceName { get; init; } = "kube-controller-manager";

    public int ConcurrentDeploymentSyncs { get; init; } = 5;
    public int ConcurrentReplicaSetSyncs { get; init; } = 5;
    public int ConcurrentRcSyncs { get; init; } = 5;
    public int ConcurrentStatefulSetSyncs { get; init; } = 5;
    public int ConcurrentDaemonSetSyncs { get; init; } = 2;
    public int ConcurrentJobSyncs { get; init; } = 5;
    public int ConcurrentGcSyncs { get; init; } = 20;
    public int ConcurrentNamespaceSyncs { get; init; } = 10;
    public int ConcurrentEndpointSyncs { get; init; } = 5;
    public int ConcurrentServiceAccountSyncs { get; init; } = 1;

    /// <summary><c>--node-monitor-period</c>: how often the node lifecycle controller checks node health.</summary>
    public TimeSpan NodeMonitorPeriod { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary><c>--node-monitor-grace-period</c>: how long a node may go without renewing before it is marked unhealthy.</summary>
    public TimeSpan NodeMonitorGracePeriod { get; init; } = TimeSpan.FromSeconds(50);

    /// <summary><c>--node-startup-grace-period</c>: how long a new node may take to report before it is marked unhealthy.</summary>
    public TimeSpan NodeStartupGracePeriod { get; init; } = TimeSpan.FromMinutes(1);

    public int Verbosity { get; init; } = 2;

    /// <summary>Every problem with the options at once, so one run tells the user everything to fix.</summary>
    public IReadOnlyList<string> Validate()
    {
        var problems = new List<string>();
        var kubeconfig = MiniKube.ApiMachinery.Client.Kubeconfig.ResolvePath(Kubeconfig);
        if (!File.Exists(kubeconfig)) problems.Add($"--kubeconfig: {kubeconfig} does not exist (pass --kubeconfig or set KUBECONFIG)");
        foreach (var (flag, value) in new[]
        {
            ("--concurrent-deployment-syncs", ConcurrentDeploymentSyncs), ("--concurrent-replicaset-syncs", ConcurrentReplicaSetSyncs),
            ("--concurrent-rc-syncs", ConcurrentRcSyncs), ("--concurrent-statefulset-syncs", ConcurrentStatefulSetSyncs),
            ("--concurrent-daemonset-syncs", ConcurrentDaemonSetSyncs), ("--concurrent-job-syncs", ConcurrentJobSyncs),
            ("--concurrent-gc-syncs", ConcurrentGcSyncs), ("--concurrent-namespace-syncs", ConcurrentNamespaceSyncs),
            ("--concurrent-endpoint-syncs", ConcurrentEndpointSyncs), ("--concurrent-serviceaccount-syncs", ConcurrentServiceAccountSyncs),
        })
        {
            if (value < 1) problems.Add($"{flag}: must be at least 1, got {value}");
        }
        if (LeaderElect)
        {
            if (LeaderElectLeaseDuration <= LeaderElectRenewDeadline)
                problems.Add("--leader-elect-lease-duration: must be greater than --leader-elect-renew-deadline");
            if (LeaderElectRenewDeadline <= LeaderElectRetryPeriod)
                problems.Add("--leader-elect-renew-deadline: must be greater than --leader-elect-retry-period");
        }
        if (NodeMonitorPeriod <= TimeSpan.Zero) problems.Add("--node-monitor-period: must be greater than 0");
        if (NodeMonitorGracePeriod <= TimeSpan.Zero) problems.Add("--node-monitor-grace-period: must be greater than 0");
        problems.AddRange(KnownControllers.ValidateSelection(Controllers));
        return problems;
    }
}
