using k8s.Models;
using MiniKube.Scheduler.Framework;

namespace MiniKube.Scheduler.Plugins.NodeAffinity;

/// <summary>
/// NodeAffinity: the pod's spec.nodeSelector and requiredDuringSchedulingIgnoredDuringExecution node affinity must
/// match the node's labels (Filter); its preferred terms add their weights to the nodes they match (Score).
/// Concept: https://kubernetes.io/docs/concepts/scheduling-eviction/assign-pod-node/#node-affinity
/// Upstream difference: the addedAffinity argument is not supported.
/// </summary>
public sealed class NodeAffinity : IPreFilterPlugin, IFilterPlugin, IPreScorePlugin, IScorePlugin, IScoreExtensions, IEnqueueExtensions
{
    public const string Name = "NodeAffinity";
    public const string ErrReasonPod = "node(s) didn't match Pod's node affinity/selector";

    private const string PreScoreStateKey = "PreScore" + Name;

    string IPlugin.Name => Name;

    public IPreFilterExtensions? PreFilterExtensions => null;

    public IScoreExtensions ScoreExtensions => this;

    /// <summary>Nothing to check when the pod has neither a nodeSelector nor required node affinity.</summary>
    public Status PreFilter(CycleState state, V1Pod pod, IReadOnlyList<NodeInfo> nodes)
    {
        var hasSelector = pod.Spec.NodeSelector is { Count: > 0 };
        var hasRequired = pod.Spec.Affinity?.NodeAffinity?.RequiredDuringSchedulingIgnoredDuringExecution is not null;
        return hasSelector || hasRequired ? Status.Success : Status.Skip;
    }

    public Status Filter(CycleState state, V1Pod pod, NodeInfo nodeInfo) =>
        nodeInfo.Node is { } node && NodeSelectorMatcher.PodMatchesNode(pod, node)
            ? Status.Success
            : Status.UnschedulableAndUnresolvable(ErrReasonPod);

    public Status PreScore(CycleState state, V1Pod pod, IReadOnlyList<NodeInfo> nodes)
    {
        var preferred = pod.Spec.Affinity?.NodeAffinity?.PreferredDuringSchedulingIgnoredDuringExecution;
        if (preferred is not { Count: > 0 }) return Status.Skip;
        state.Write(PreScoreStateKey, new PreScoreState(preferred));
        return Status.Success;
    }

    /// <summary>The sum of the weights of the preferred terms this node matches.</summary>
    public (long Score, Status Status) Score(CycleState state, V1Pod pod, NodeInfo nodeInfo)
    {
        var preferred = state.TryRead<PreScoreState>(PreScoreStateKey, out var s)
            ? s.Terms
            : pod.Spec.Affinity?.NodeAffinity?.PreferredDuringSchedulingIgnoredDuringExecution ?? [];
        long score = 0;
        if (nodeInfo.Node is null) return (0, Status.Success);
        foreach (var term in preferred)
        {
            if (term.Weight != 0 && NodeSelectorMatcher.MatchesTerm(term.Preference, nodeInfo.Node)) score += term.Weight;
        }
        return (score, Status.Success);
    }

    public Status NormalizeScore(CycleState state, V1Pod pod, NodeScore[] scores) => DefaultNormalizeScore.Apply(scores, reverse: false);

    public IReadOnlyList<ClusterEvent> EventsToRegister() => [new(EventResource.Node, ActionType.Add | ActionType.UpdateNodeLabel)];

    private sealed record PreScoreState(IList<V1PreferredSchedulingTerm> Terms) : IStateData
    {
        public IStateData Copy() => this;
    }
}
