using k8s.Models;

namespace MiniKube.Scheduler.Framework;

/// <summary>PreScore: runs once with the nodes that passed Filter, to prepare Score; Skip means "nothing to score".</summary>
public interface IPreScorePlugin : IPlugin
{
    Status PreScore(CycleState state, V1Pod pod, IReadOnlyList<NodeInfo> nodes);
}
