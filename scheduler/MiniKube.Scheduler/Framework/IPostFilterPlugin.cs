using k8s.Models;

namespace MiniKube.Scheduler.Framework;

/// <summary>
/// PostFilter: runs only when no node passed Filter, to make the pod schedulable later; DefaultPreemption evicts
/// lower-priority pods here. Success means "try again on <see cref="PostFilterResult.NominatedNodeName"/>".
/// </summary>
public interface IPostFilterPlugin : IPlugin
{
    Task<(PostFilterResult? Result, Status Status)> PostFilterAsync(CycleState state, V1Pod pod, NodeToStatus filteredNodeStatus,
        CancellationToken cancellationToken);
}

/// <summary>What a PostFilter achieved: the node the pod is nominated to once the victims are gone.</summary>
public sealed record PostFilterResult(string NominatedNodeName);
