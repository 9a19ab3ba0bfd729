namespace MiniKube.Scheduler.Config;

/// <summary>
/// The <c>--config</c> file, kind KubeSchedulerConfiguration of kubescheduler.config.k8s.io/v1 (same field names):
/// one or more profiles (each a schedulerName with its own plugins), how many nodes to score, back-off and leader
/// election. Missing fields get upstream's defaults in <see cref="ConfigDefaults"/>.
/// Concept: https://kubernetes.io/docs/reference/scheduling/config/
/// </summary>
public sealed class KubeSchedulerConfiguration
{
    public const string GroupVersion = "kubescheduler.config.k8s.io/v1";

    public string? ApiVersion { get; set; }
    public string? Kind { get; set; }

    /// <summary>0 = adaptive (50% minus 1% per 125 nodes, at least 5%), as upstream; always at least 100 nodes.</summary>
    public int? PercentageOfNodesToScore { get; set; }

    public long? PodInitialBackoffSeconds { get; set; }
    public long? PodMaxBackoffSeconds { get; set; }
    public LeaderElectionConfiguration? LeaderElection { get; set; }
    public ClientConnectionConfiguration? ClientConnection { get; set; }
    public List<KubeSchedulerProfile>? Profiles { get; set; }
}

/// <summary>The <c>leaderElection</c> block (component-base's LeaderElectionConfiguration).</summary>
public sealed class LeaderElectionConfiguration
{
    public bool? LeaderElect { get; set; }
    public string? LeaseDuration { get; set; }
    public string? RenewDeadline { get; set; }
    public string? RetryPeriod { get; set; }
    public string? ResourceLock { get; set; }
    public string? ResourceName { get; set; }
    public string? ResourceNamespace { get; set; }
}

/// <summary>The <c>clientConnection</c> block; only kubeconfig is used.</summary>
public sealed class ClientConnectionConfiguration
{
    public string? Kubeconfig { get; set; }
    public float? Qps { get; set; }
    public int? Burst { get; set; }
    public string? ContentType { get; set; }
    public string? AcceptContentTypes { get; set; }
}
