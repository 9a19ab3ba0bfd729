using k8s.Models;

namespace MiniKube.Scheduler.Framework;

/// <summary>
/// PreFilter: runs once per pod before Filter, to compute what Filter needs (into the CycleState) or to reject the
/// pod for every node at once. Returning Skip means "my Filter has nothing to check for this pod".
/// </summary>
public interface IPreFilterPlugin : IPlugin
{
    Status PreFilter(CycleState state, V1Pod pod, IReadOnlyList<NodeInfo> nodes);

    /// <summary>Non-null when the state PreFilter computed depends on the pods on nodes (preemption needs to update it).</summary>
    IPreFilterExtensions? PreFilterExtensions { get; }
}

/// <summary>
/// Lets preemption ask "and if this pod were (not) on the node?": it removes victims from a NodeInfo copy and the
/// plugin updates what its PreFilter computed, so Filter answers for the changed node.
/// </summary>
public interface IPreFilterExtensions
{
    Status AddPod(CycleState state, V1Pod podToSchedule, PodInfo podToAdd, NodeInfo nodeInfo);

    Status RemovePod(CycleState state, V1Pod podToSchedule, PodInfo podToRemove, NodeInfo nodeInfo);
}
