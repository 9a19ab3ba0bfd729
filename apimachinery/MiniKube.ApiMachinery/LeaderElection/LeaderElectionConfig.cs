namespace MiniKube.ApiMachinery.LeaderElection;

/// <summary>
/// Settings and callbacks of a <see cref="LeaderElector"/>, like client-go's <c>leaderelection.LeaderElectionConfig</c>.
/// Defaults are kube-controller-manager's <c>--leader-elect-lease-duration=15s</c>, <c>--leader-elect-renew-deadline=10s</c>
/// and <c>--leader-elect-retry-period=2s</c>.
/// Concept: https://kubernetes.io/docs/concepts/architecture/leases/#leader-election
/// </summary>
public sealed class LeaderElectionConfig
{
    public required LeaseLock Lock { get; init; }

    /// <summary>How long others wait, after the last renewal they saw, before taking over from a silent leader.</summary>
    public TimeSpan LeaseDuration { get; init; } = TimeSpan.FromSeconds(15);

    /// <summary>How long the leader keeps trying to renew before it gives up leading. Must be below LeaseDuration.</summary>
    public TimeSpan RenewDeadline { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>How often candidates try to acquire, and the leader renews.</summary>
    public TimeSpan RetryPeriod { get; init; } = TimeSpan.FromSeconds(2);

    /// <summary>On stop, clear the Lease so another candidate takes over at once instead of after LeaseDuration.</summary>
    public bool ReleaseOnCancel { get; init; } = true;

    /// <summary>Runs the component's real work; its token is cancelled the moment leadership is lost.</summary>
    public Func<CancellationToken, Task>? OnStartedLeading { get; init; }

    /// <summary>Called when we stop leading (lost the lease or stopped). kube-controller-manager exits here.</summary>
    public Action? OnStoppedLeading { get; init; }

    /// <summary>Called when the observed leader changes (including to us).</summary>
    public Action<string>? OnNewLeader { get; init; }
}
