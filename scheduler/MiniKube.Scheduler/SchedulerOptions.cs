using MiniKube.Scheduler.Config;

namespace MiniKube.Scheduler;

/// <summary>
/// What minikube-scheduler runs with: the flags (kube-scheduler's names) and the KubeSchedulerConfiguration
/// (from <c>--config</c>, or upstream's defaults), bound in Program.cs.
/// </summary>
public sealed record SchedulerOptions
{
    public string? Kubeconfig { get; init; }
    public required KubeSchedulerConfiguration Configuration { get; init; }
    public bool LeaderElect => Configuration.LeaderElection!.LeaderElect == true;
    public TimeSpan LeaseDuration => ConfigLoader.ParseDuration(Configuration.LeaderElection!.LeaseDuration!);
    public TimeSpan RenewDeadline => ConfigLoader.ParseDuration(Configuration.LeaderElection!.RenewDeadline!);
    public TimeSpan RetryPeriod => ConfigLoader.ParseDuration(Configuration.LeaderElection!.RetryPeriod!);
    public string LeaseNamespace => Configuration.LeaderElection!.ResourceNamespace!;
    public string LeaseName => Configuration.LeaderElection!.ResourceName!;
    public int Verbosity { get; init; } = 2;

    /// <summary>How long an assumed pod whose binding finished may go unconfirmed by the informer before it is dropped.</summary>
    public TimeSpan AssumedPodTtl { get; init; } = TimeSpan.FromMinutes(15);
}
