using k8s.Models;
using MiniKube.Scheduler.Framework;

namespace MiniKube.Scheduler.Plugins.InterPodAffinity;

/// <summary>
/// InterPodAffinity: places a pod relative to other pods. Required affinity: the pod must land in a topology domain
/// (a node, a zone: nodes sharing a label value) where matching pods run; required anti-affinity: never where they
/// run; and an existing pod's anti-affinity also keeps matching newcomers out of its domain. Preferred terms add
/// or subtract their weight in Score.
/// Concept: https://kubernetes.io/docs/concepts/scheduling-eviction/assign-pod-node/#inter-pod-affinity-and-anti-affinity
/// </summary>
public sealed class InterPodAffinity(IFrameworkHandle? handle = null) : IPreFilterPlugin, IPreFilterExtensions, IFilterPlugin,
    IPreScorePlugin, IScorePlugin, IScoreExtensions, IEnqueueExtensions
{
    public const string Name = "InterPodAffinity";
    public const string ErrReasonExistingAntiAffinityRulesNotMatch = "node(s) didn't satisfy existing pods anti-affinity rules";
    public const string ErrReasonAffinityRulesNotMatch = "node(s) didn't match pod affinity rules";
    public const string ErrReasonAntiAffinityRulesNotMatch = "node(s) didn't match pod anti-affinity rules";

    private const string PreFilterStateKey = "PreFilter" + Name;
    private const string PreScoreStateKey = "PreScore" + Name;

    string IPlugin.Name => Name;

    public IPreFilterExtensions PreFilterExtensions => this;

    public IScoreExtensions ScoreExtensions => this;

    private Snapshot CurrentSnapshot(IReadOnlyList<NodeInfo> nodes) => handle?.Snapshot is { NumNodes: > 0 } s ? s : new Snapshot(nodes);

    /// <summary>
    /// Counts, per topology pair (key=value), the pods matching each of the incoming pod's required terms, and the
    /// existing pods whose anti-affinity matches the incoming pod. Filter then only looks the node's pairs up.
    /// </summary>
    public Status PreFilter(CycleState state, V1Pod pod, IReadOnlyList<NodeInfo> nodes)
    {
        var podInfo = new PodInfo(pod);
        var snapshot = CurrentSnapshot(nodes);
        if (podInfo.RequiredAffinityTerms.Count == 0 && podInfo.RequiredAntiAffinityTerms.Count == 0 && snapshot.HavePodsWithRequiredAntiAffinityList.Count == 0)
        {
            return Status.Skip;
        }
        var s = new PreFilterState(podInfo);
        foreach (var node in snapshot.HavePodsWithRequiredAntiAffinityList)
        {
            foreach (var existing in node.PodsWithRequiredAntiAffinity) s.UpdateExistingAntiAffinity(existing, node, +1);
        }
        if (podInfo.RequiredAffinityTerms.Count > 0 || podInfo.RequiredAntiAffinityTerms.Count > 0)
        {
            foreach (var node in snapshot.NodeInfoList)
            {
                foreach (var existing in node.Pods) s.UpdateIncoming(existing, node, +1);
            }
        }
        state.Write(PreFilterStateKey, s);
        return Status.Success;
    }

    public Status AddPod(CycleState state, V1Pod podToSchedule, PodInfo podToAdd, NodeInfo nodeInfo) => Update(state, podToAdd, nodeInfo, +1);

    public Status RemovePod(CycleState state, V1Pod podToSchedule, PodInfo podToRemove, NodeInfo nodeInfo) => Update(state, podToRemove, nodeInfo, -1);

    private static Status Update(CycleState state, PodInfo pod, NodeInfo nodeInfo, int delta)
    {
        if (!state.TryRead<PreFilterState>(PreFilterStateKey, out var s)) return Status.Success;
        s.UpdateExistingAntiAffinity(pod, nodeInfo, delta);
        s.UpdateIncoming(pod, nodeInfo, delta);
        return Status.Success;
    }

    public Status Filter(CycleState state, V1Pod pod, NodeInfo nodeInfo)
    {
        if (!state.TryRead<PreFilterState>(PreFilterStateKey, out var s)) return Status.Success;
        var labels = nodeInfo.Node?.Metadata.Labels;
        // Checked in upstream's order, so a node failing several rules reports the same reason as upstream.
        // 1. The pod's own required affinity: every term must have a matching pod in this node's domain.
        if (s.PodInfo.RequiredAffinityTerms.Count > 0)
        {
            // A node without one of the topology keys can never satisfy the term.
            if (!s.PodInfo.RequiredAffinityTerms.All(t => labels?.ContainsKey(t.TopologyKey) == true))
            {
                return Status.UnschedulableAndUnresolvable(ErrReasonAffinityRulesNotMatch);
            }
            var allMatch = s.PodInfo.RequiredAffinityTerms.All(t => s.AffinityCounts.GetValueOrDefault(new TopologyPair(t.TopologyKey, labels![t.TopologyKey])) > 0);
            if (!allMatch)
            {
                // The first pod of a group that has affinity to itself must be able to go somewhere: if no pod in the
                // cluster matches and the pod matches its own terms, any node carrying the topology keys will do.
                var noneAnywhere = s.AffinityCounts.Values.All(c => c <= 0);
                var selfMatch = s.PodInfo.RequiredAffinityTerms.All(t => t.Matches(pod));
                if (!(noneAnywhere && selfMatch)) return Status.UnschedulableAndUnresolvable(ErrReasonAffinityRulesNotMatch);
            }
        }
        // 2. The pod's own required anti-affinity: no term may have a matching pod in this node's domain.
        foreach (var term in s.PodInfo.RequiredAntiAffinityTerms)
        {
            if (labels is not null && labels.TryGetValue(term.TopologyKey, out var v) && s.AntiAffinityCounts.GetValueOrDefault(new TopologyPair(term.TopologyKey, v)) > 0)
            {
                return Status.Unschedulable(ErrReasonAntiAffinityRulesNotMatch);
            }
        }
        // 3. Existing pods' anti-affinity that matches this pod, in this node's domains.
        foreach (var (pair, count) in s.ExistingAntiAffinityCounts)
        {
            if (count > 0 && labels is not null && labels.TryGetValue(pair.Key, out var v) && v == pair.Value)
            {
                return Status.Unschedulable(ErrReasonExistingAntiAffinityRulesNotMatch);
            }
        }
        return Status.Success;
    }

    /// <summary>Adds up, per topology pair, the weights of the preferred terms (the pod's and existing pods') that match.</summary>
    public Status PreScore(CycleState state, V1Pod pod, IReadOnlyList<NodeInfo> nodes)
    {
        var podInfo = new PodInfo(pod);
        var snapshot = CurrentSnapshot(nodes);
        var hasPreferred = podInfo.PreferredAffinityTerms.Count > 0 || podInfo.PreferredAntiAffinityTerms.Count > 0;
        if (!hasPreferred && snapshot.HavePodsWithAffinityList.Count == 0) return Status.Skip;
        var scores = new Dictionary<TopologyPair, long>();
        void Add(AffinityTerm term, NodeInfo node, long weight)
        {
            if (node.Node?.Metadata.Labels?.TryGetValue(term.TopologyKey, out var value) != true) return;
            var pair = new TopologyPair(term.TopologyKey, value!);
            scores[pair] = scores.GetValueOrDefault(pair) + weight;
        }
        foreach (var node in hasPreferred ? snapshot.NodeInfoList : snapshot.HavePodsWithAffinityList)
        {
            foreach (var existing in hasPreferred ? node.Pods : node.PodsWithAffinity)
            {
                foreach (var t in podInfo.PreferredAffinityTerms) if (t.Matches(existing.Pod)) Add(t, node, t.Weight);
                foreach (var t in podInfo.PreferredAntiAffinityTerms) if (t.Matches(existing.Pod)) Add(t, node, -t.Weight);
                // Existing pods' wishes about the incoming pod count too (hard affinity with upstream's weight 1).
                foreach (var t in existing.RequiredAffinityTerms) if (t.Matches(pod)) Add(t, node, 1);
                foreach (var t in existing.PreferredAffinityTerms) if (t.Matches(pod)) Add(t, node, t.Weight);
                foreach (var t in existing.PreferredAntiAffinityTerms) if (t.Matches(pod)) Add(t, node, -t.Weight);
            }
        }
        state.Write(PreScoreStateKey, new PreScoreState(scores));
        return Status.Success;
    }

    public (long Score, Status Status) Score(CycleState state, V1Pod pod, NodeInfo nodeInfo)
    {
        if (!state.TryRead<PreScoreState>(PreScoreStateKey, out var s) || nodeInfo.Node?.Metadata.Labels is not { } labels) return (0, Status.Success);
        long score = 0;
        foreach (var (pair, weight) in s.Scores)
        {
            if (labels.TryGetValue(pair.Key, out var v) && v == pair.Value) score += weight;
        }
        return (score, Status.Success);
    }

    /// <summary>Scores may be negative: rescale from [min, max] to [0, 100].</summary>
    public Status NormalizeScore(CycleState state, V1Pod pod, NodeScore[] scores)
    {
        if (scores.Length == 0) return Status.Success;
        var min = scores.Min(s => s.Score);
        var max = scores.Max(s => s.Score);
        for (var i = 0; i < scores.Length; i++)
        {
            // In floating point, as upstream: 100 × (29/100) is 28.999… and truncates to 28, where integer maths gives 29.
            scores[i].Score = max == min ? 0 : (long)(IScorePlugin.MaxNodeScore * ((double)(scores[i].Score - min) / (max - min)));
        }
        return Status.Success;
    }

    public IReadOnlyList<ClusterEvent> EventsToRegister() =>
        [new(EventResource.AssignedPod, ActionType.All), new(EventResource.Node, ActionType.Add | ActionType.UpdateNodeLabel)];

    /// <summary>A topology domain: nodes whose label <c>Key</c> has <c>Value</c>.</summary>
    public readonly record struct TopologyPair(string Key, string Value);

    private sealed class PreFilterState(PodInfo podInfo) : IStateData
    {
        public PodInfo PodInfo { get; } = podInfo;
        public Dictionary<TopologyPair, long> ExistingAntiAffinityCounts { get; private init; } = [];
        public Dictionary<TopologyPair, long> AffinityCounts { get; private init; } = [];
        public Dictionary<TopologyPair, long> AntiAffinityCounts { get; private init; } = [];

        public void UpdateExistingAntiAffinity(PodInfo existing, NodeInfo node, int delta)
        {
            foreach (var term in existing.RequiredAntiAffinityTerms)
            {
                if (term.Matches(PodInfo.Pod)) Count(ExistingAntiAffinityCounts, term, node, delta);
            }
        }

        public void UpdateIncoming(PodInfo existing, NodeInfo node, int delta)
        {
            foreach (var term in PodInfo.RequiredAffinityTerms) if (term.Matches(existing.Pod)) Count(AffinityCounts, term, node, delta);
            foreach (var term in PodInfo.RequiredAntiAffinityTerms) if (term.Matches(existing.Pod)) Count(AntiAffinityCounts, term, node, delta);
        }

        private static void Count(Dictionary<TopologyPair, long> counts, AffinityTerm term, NodeInfo node, int delta)
        {
            if (node.Node?.Metadata.Labels?.TryGetValue(term.TopologyKey, out var value) != true) return;
            var pair = new TopologyPair(term.TopologyKey, value!);
            counts[pair] = counts.GetValueOrDefault(pair) + delta;
        }

        public IStateData Copy() => new PreFilterState(PodInfo)
        {
            ExistingAntiAffinityCounts = new(ExistingAntiAffinityCounts),
            AffinityCounts = new(AffinityCounts),
            AntiAffinityCounts = new(AntiAffinityCounts),
        };
    }

    private sealed record PreScoreState(Dictionary<TopologyPair, long> Scores) : IStateData
    {
        public IStateData Copy() => this;
    }
}
