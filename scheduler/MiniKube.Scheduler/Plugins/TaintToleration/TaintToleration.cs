using k8s.Models;
using MiniKube.Scheduler.Framework;

namespace MiniKube.Scheduler.Plugins.TaintToleration;

/// <summary>
/// TaintToleration: a Pod may run on a tainted Node only if it tolerates the taint. Filter rejects nodes with an
/// untolerated NoSchedule or NoExecute taint; Score prefers nodes with fewer untolerated PreferNoSchedule taints.
/// Concept: https://kubernetes.io/docs/concepts/scheduling-eviction/taint-and-toleration/
/// </summary>
public sealed class TaintToleration : IFilterPlugin, IPreScorePlugin, IScorePlugin, IScoreExtensions, IEnqueueExtensions
{
    public const string Name = "TaintToleration";

    /// <summary>Upstream's reason, followed by the first untolerated taint as " {key: value}".</summary>
    public const string ErrReasonNotMatch = "node(s) had untolerated taint";

    private const string PreScoreStateKey = "PreScore" + Name;

    string IPlugin.Name => Name;

    public IScoreExtensions ScoreExtensions => this;

    public Status Filter(CycleState state, V1Pod pod, NodeInfo nodeInfo)
    {
        var taints = nodeInfo.Node?.Spec?.Taints;
        if (taints is null || taints.Count == 0) return Status.Success;
        foreach (var taint in taints)
        {
            if (taint.Effect is not ("NoSchedule" or "NoExecute")) continue;
            if (!TolerationsTolerateTaint(pod.Spec.Tolerations, taint))
            {
                return Status.UnschedulableAndUnresolvable($"{ErrReasonNotMatch} {{{taint.Key}: {taint.Value}}}");
            }
        }
        return Status.Success;
    }

    public Status PreScore(CycleState state, V1Pod pod, IReadOnlyList<NodeInfo> nodes)
    {
        // Only tolerations that can tolerate PreferNoSchedule taints matter for scoring.
        var tolerations = (pod.Spec.Tolerations ?? []).Where(t => string.IsNullOrEmpty(t.Effect) || t.Effect == "PreferNoSchedule").ToList();
        state.Write(PreScoreStateKey, new PreScoreState(tolerations));
        return Status.Success;
    }

    public (long Score, Status Status) Score(CycleState state, V1Pod pod, NodeInfo nodeInfo)
    {
        var tolerations = state.TryRead<PreScoreState>(PreScoreStateKey, out var s) ? s.Tolerations : pod.Spec.Tolerations ?? [];
        long intolerable = 0;
        foreach (var taint in nodeInfo.Node?.Spec?.Taints ?? [])
        {
            if (taint.Effect == "PreferNoSchedule" && !TolerationsTolerateTaint(tolerations, taint)) intolerable++;
        }
        return (intolerable, Status.Success);
    }

    /// <summary>More intolerable taints = worse: scores are scaled to 0-100 and reversed.</summary>
    public Status NormalizeScore(CycleState state, V1Pod pod, NodeScore[] scores) => DefaultNormalizeScore.Apply(scores, reverse: true);

    public IReadOnlyList<ClusterEvent> EventsToRegister() =>
        [new(EventResource.Node, ActionType.Add | ActionType.UpdateNodeTaint), new(EventResource.UnscheduledPod, ActionType.UpdatePodToleration)];

    public static bool TolerationsTolerateTaint(IList<V1Toleration>? tolerations, V1Taint taint)
    {
        foreach (var toleration in tolerations ?? []) if (ToleratesTaint(toleration, taint)) return true;
        return false;
    }

    /// <summary>
    /// Upstream <c>Toleration.ToleratesTaint</c>: the effect must match (empty = all effects), the key must match
    /// (empty key with Exists = every key), and with Equal (the default) the value too.
    /// </summary>
    public static bool ToleratesTaint(V1Toleration toleration, V1Taint taint)
    {
        if (!string.IsNullOrEmpty(toleration.Effect) && toleration.Effect != taint.Effect) return false;
        if (!string.IsNullOrEmpty(toleration.Key) && toleration.Key != taint.Key) return false;
        return toleration.OperatorProperty switch
        {
            "Exists" => true,
            "Equal" or null or "" => (toleration.Value ?? "") == (taint.Value ?? ""),
            _ => false,
        };
    }

    private sealed record PreScoreState(IList<V1Toleration> Tolerations) : IStateData
    {
        public IStateData Copy() => this;
    }
}
