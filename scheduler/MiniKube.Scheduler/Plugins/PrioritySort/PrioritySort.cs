using MiniKube.Scheduler.Framework;

namespace MiniKube.Scheduler.Plugins.PrioritySort;

/// <summary>
/// PrioritySort: the queue hands out higher-priority pods first (spec.priority, resolved from the PriorityClass by
/// the API server), and among equals the one queued earlier.
/// Concept: https://kubernetes.io/docs/concepts/scheduling-eviction/pod-priority-preemption/
/// </summary>
public sealed class PrioritySort : IQueueSortPlugin
{
    public const string Name = "PrioritySort";

    string IPlugin.Name => Name;

    public bool Less(QueuedPodInfo a, QueuedPodInfo b)
    {
        var p1 = a.Pod.Spec.Priority ?? 0;
        var p2 = b.Pod.Spec.Priority ?? 0;
        return p1 > p2 || (p1 == p2 && a.Timestamp < b.Timestamp);
    }
}
