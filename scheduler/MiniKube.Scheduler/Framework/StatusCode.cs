namespace MiniKube.Scheduler.Framework;

/// <summary>
/// What a plugin tells the scheduler, with upstream's codes (kube-scheduler's framework <c>Code</c>). Each comment says
/// what the scheduler does next.
/// Concept: https://kubernetes.io/docs/concepts/scheduling-eviction/scheduling-framework/
/// </summary>
public enum StatusCode
{
    /// <summary>The plugin is happy: go on to the next plugin (or the next extension point).</summary>
    Success,

    /// <summary>Something broke inside the scheduler (not the pod's fault): the cycle stops and the pod is retried with back-off.</summary>
    Error,

    /// <summary>This node does not fit now, but preemption (PostFilter) might make room: try other nodes, then preemption.</summary>
    Unschedulable,

    /// <summary>This node cannot fit whatever is preempted (e.g. wrong labels): try other nodes; preemption skips this node.</summary>
    UnschedulableAndUnresolvable,

    /// <summary>Permit only: hold the pod (assumed, not bound) until a plugin allows or rejects it, or the timeout passes.</summary>
    Wait,

    /// <summary>The plugin has nothing to do for this pod (PreFilter/PreScore/Bind): the framework skips its later calls for it.</summary>
    Skip,
}
