namespace MiniKube.Scheduler.Framework;

/// <summary>QueueSort: orders the pods waiting to be scheduled (exactly one per scheduler; e.g. PrioritySort).</summary>
public interface IQueueSortPlugin : IPlugin
{
    /// <summary>True when <paramref name="a"/> should be scheduled before <paramref name="b"/>.</summary>
    bool Less(QueuedPodInfo a, QueuedPodInfo b);
}
