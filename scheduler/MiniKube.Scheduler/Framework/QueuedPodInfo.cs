using k8s.Models;

namespace MiniKube.Scheduler.Framework;

/// <summary>
/// A pod in the scheduling queue, with what the queue tracks about it (upstream <c>QueuedPodInfo</c>): when it was
/// queued (the tie-breaker after priority), how many attempts it has had (which sets its back-off), and which
/// plugins rejected it last (which events can make it schedulable).
/// </summary>
public sealed class QueuedPodInfo(PodInfo podInfo, DateTime timestamp)
{
    public PodInfo PodInfo { get; set; } = podInfo;

    public V1Pod Pod => PodInfo.Pod;

    /// <summary>When the pod was last added to the queue (PrioritySort's tie-breaker).</summary>
    public DateTime Timestamp { get; set; } = timestamp;

    /// <summary>When the pod first entered the queue (for the "scheduled after N attempts" log).</summary>
    public DateTime InitialAttemptTimestamp { get; set; } = timestamp;

    public int Attempts { get; set; }

    public HashSet<string> UnschedulablePlugins { get; set; } = new(StringComparer.Ordinal);

    /// <summary>The last attempt failed with an Error (not "does not fit"): retry after back-off whatever happens.</summary>
    public bool LastFailureWasError { get; set; }
}
