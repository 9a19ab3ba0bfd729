using k8s.Models;
using MiniKube.ApiMachinery.Labels;
using MiniKube.Scheduler.Framework;
using MiniKube.Scheduler.Plugins.NodeAffinity;

namespace MiniKube.Scheduler.Plugins.PodTopologySpread;

/// <summary>
/// PodTopologySpread: keeps matching pods evenly spread over topology domains (nodes, zones). A DoNotSchedule
/// constraint is a Filter: placing the pod may not make (pods in this domain − pods in the emptiest domain) exceed
/// maxSkew. A ScheduleAnyway constraint is a Score: fewer matching pods in the node's domain scores higher.
/// Concept: https://kubernetes.io/docs/concepts/scheduling-eviction/topology-spread-constraints/
/// Upstream difference: the cluster-level default constraints (applied to pods without their own) are not
/// implemented, nor matchLabelKeys; nodeAffinityPolicy is Honor and nodeTaintsPolicy Ignore (the defaults).
/// </summary>
public sealed class PodTopologySpread(IFrameworkHandle? handle = null) : IPreFilterPlugin, IPreFilterExtensions, IFilterPlugin,
    IPreScorePlugin, IScorePlugin, IScoreExtensions, IEnqueueExtensions
{
    public const string Name = "PodTopologySpread";
    public const string ErrReasonConstraintsNotMatch = "node(s) didn't match pod topology spread constraints";
    public const string ErrReasonNodeLabelNotMatch = ErrReasonConstraintsNotMatch + " (missing required label)";

    private const string PreFilterStateKey = "PreFilter" + Name;
    private const string PreScoreStateKey = "PreScore" + Name;

    string IPlugin.Name => Name;

    public IPreFilterExtensions PreFilterExtensions => this;

    public IScoreExtensions ScoreExtensions => this;

    private IReadOnlyList<NodeInfo> AllNodes(IReadOnlyList<NodeInfo> nodes) => handle?.Snapshot is { NumNodes: > 0 } s ? s.NodeInfoList : nodes;

    private static List<Constraint> Constraints(V1Pod pod, string whenUnsatisfiable) =>
        [.. (pod.Spec.TopologySpreadConstraints ?? []).Where(c => c.WhenUnsatisfiable == whenUnsatisfiable)
            .Select(c => new Constraint(c.TopologyKey, c.MaxSkew, c.MinDomains ?? 1, LabelSelector.FromV1(c.LabelSelector), c.LabelSelector is null))];

    /// <summary>Counts matching pods per domain for each DoNotSchedule constraint, over the nodes the pod could use.</summary>
    public Status PreFilter(CycleState state, V1Pod pod, IReadOnlyList<NodeInfo> nodes)
    {
        var constraints = Constraints(pod, "DoNotSchedule");
        if (constraints.Count == 0) return Status.Skip;
        var s = new PreFilterState(constraints);
        foreach (var node in AllNodes(nodes))
        {
            if (node.Node is not { } n || !NodeSelectorMatcher.PodMatchesNode(pod, n) || !HasAllKeys(n, constraints)) continue;
            foreach (var c in constraints)
            {
                var pair = (c.TopologyKey, n.Metadata.Labels[c.TopologyKey]);
                s.Counts[pair] = s.Counts.GetValueOrDefault(pair) + CountMatching(c, pod, node);
            }
        }
        state.Write(PreFilterStateKey, s);
        return Status.Success;
    }

    public Status AddPod(CycleState state, V1Pod podToSchedule, PodInfo podToAdd, NodeInfo nodeInfo) => Update(state, podToSchedule, podToAdd, nodeInfo, +1);

    public Status RemovePod(CycleState state, V1Pod podToSchedule, PodInfo podToRemove, NodeInfo nodeInfo) => Update(state, podToSchedule, podToRemove, nodeInfo, -1);

    private static Status Update(CycleState state, V1Pod pod, PodInfo other, NodeInfo nodeInfo, int delta)
    {
        if (!state.TryRead<PreFilterState>(PreFilterStateKey, out var s) || nodeInfo.Node is not { } n || !HasAllKeys(n, s.Constraints)) return Status.Success;
        foreach (var c in s.Constraints)
        {
            if (!Matches(c, pod, other.Pod)) continue;
            var pair = (c.TopologyKey, n.Metadata.Labels[c.TopologyKey]);
            s.Counts[pair] = s.Counts.GetValueOrDefault(pair) + delta;
        }
        return Status.Success;
    }

    public Status Filter(CycleState state, V1Pod pod, NodeInfo nodeInfo)
    {
        if (!state.TryRead<PreFilterState>(PreFilterStateKey, out var s)) return Status.Success;
        var labels = nodeInfo.Node?.Metadata.Labels;
        foreach (var c in s.Constraints)
        {
            if (labels is null || !labels.TryGetValue(c.TopologyKey, out var value)) return Status.UnschedulableAndUnresolvable(ErrReasonNodeLabelNotMatch);
            // The emptiest domain; with fewer domains than minDomains it counts as 0 (more domains are wanted).
            long min = long.MaxValue;
            var domains = 0;
            foreach (var ((key, _), count) in s.Counts)
            {
                if (key != c.TopologyKey) continue;
                domains++;
                min = Math.Min(min, count);
            }
            if (domains == 0 || domains < c.MinDomains) min = 0;
            var selfMatch = Matches(c, pod, pod) ? 1 : 0;
            var skew = s.Counts.GetValueOrDefault((c.TopologyKey, value)) + selfMatch - min;
            if (skew > c.MaxSkew) return Status.Unschedulable(ErrReasonConstraintsNotMatch);
        }
        return Status.Success;
    }

    public Status PreScore(CycleState state, V1Pod pod, IReadOnlyList<NodeInfo> nodes)
    {
        var constraints = Constraints(pod, "ScheduleAnyway");
        if (constraints.Count == 0) return Status.Skip;
        var s = new PreScoreState(constraints);
        // Domains are counted over the feasible nodes; matching pods over every node in those domains.
        foreach (var node in nodes)
        {
            if (node.Node is not { } n || !HasAllKeys(n, constraints)) { s.Ignored.Add(node.Name); continue; }
            foreach (var c in constraints) s.Counts.TryAdd((c.TopologyKey, n.Metadata.Labels[c.TopologyKey]), 0);
        }
        foreach (var node in AllNodes(nodes))
        {
            if (node.Node is not { } n || !NodeSelectorMatcher.PodMatchesNode(pod, n) || !HasAllKeys(n, constraints)) continue;
            foreach (var c in constraints)
            {
                var pair = (c.TopologyKey, n.Metadata.Labels[c.TopologyKey]);
                if (s.Counts.ContainsKey(pair)) s.Counts[pair] += CountMatching(c, pod, node);
            }
        }
        foreach (var c in constraints)
        {
            // Upstream weighs each constraint by log(number of domains + 2), so finer topologies count a bit more.
            s.Weights.Add(Math.Log(s.Counts.Keys.Count(k => k.Key == c.TopologyKey) + 2));
        }
        state.Write(PreScoreStateKey, s);
        return Status.Success;
    }

    public (long Score, Status Status) Score(CycleState state, V1Pod pod, NodeInfo nodeInfo)
    {
        if (!state.TryRead<PreScoreState>(PreScoreStateKey, out var s) || s.Ignored.Contains(nodeInfo.Name)) return (0, Status.Success);
        double score = 0;
        for (var i = 0; i < s.Constraints.Count; i++)
        {
            var c = s.Constraints[i];
            var count = s.Counts.GetValueOrDefault((c.TopologyKey, nodeInfo.Node!.Metadata.Labels[c.TopologyKey]));
            score += count * s.Weights[i] + (c.MaxSkew - 1);
        }
        return ((long)Math.Round(score), Status.Success);
    }

    /// <summary>Fewer matching pods is better: the lowest raw score becomes 100; ignored nodes (missing keys) get 0.</summary>
    public Status NormalizeScore(CycleState state, V1Pod pod, NodeScore[] scores)
    {
        if (!state.TryRead<PreScoreState>(PreScoreStateKey, out var s)) return Status.Success;
        long min = long.MaxValue, max = long.MinValue;
        foreach (var score in scores)
        {
            if (s.Ignored.Contains(score.Name)) continue;
            min = Math.Min(min, score.Score);
            max = Math.Max(max, score.Score);
        }
        for (var i = 0; i < scores.Length; i++)
        {
            if (s.Ignored.Contains(scores[i].Name)) { scores[i].Score = 0; continue; }
            scores[i].Score = max == 0 ? IScorePlugin.MaxNodeScore : IScorePlugin.MaxNodeScore * (max + min - scores[i].Score) / max;
        }
        return Status.Success;
    }

    public IReadOnlyList<ClusterEvent> EventsToRegister() =>
        [new(EventResource.AssignedPod, ActionType.All), new(EventResource.Node, ActionType.Add | ActionType.UpdateNodeLabel | ActionType.Delete)];

    private static bool HasAllKeys(V1Node node, List<Constraint> constraints) =>
        constraints.All(c => node.Metadata.Labels?.ContainsKey(c.TopologyKey) == true);

    private static long CountMatching(Constraint c, V1Pod pod, NodeInfo node)
    {
        long count = 0;
        foreach (var existing in node.Pods)
        {
            // Terminating pods do not count: they are about to leave the domain.
            if (existing.Pod.Metadata.DeletionTimestamp is null && Matches(c, pod, existing.Pod)) count++;
        }
        return count;
    }

    private static bool Matches(Constraint c, V1Pod pod, V1Pod other) =>
        !c.SelectsNothing && other.Metadata.NamespaceProperty == pod.Metadata.NamespaceProperty && c.Selector.Matches(other.Metadata.Labels);

    private sealed record Constraint(string TopologyKey, int MaxSkew, int MinDomains, LabelSelector Selector, bool SelectsNothing);

    private sealed class PreFilterState(List<Constraint> constraints) : IStateData
    {
        public List<Constraint> Constraints { get; } = constraints;
        public Dictionary<(string Key, string Value), long> Counts { get; private init; } = [];

        public IStateData Copy() => new PreFilterState(Constraints) { Counts = new(Counts) };
    }

    private sealed class PreScoreState(List<Constraint> constraints) : IStateData
    {
        public List<Constraint> Constraints { get; } = constraints;
        public Dictionary<(string Key, string Value), long> Counts { get; } = [];
        public HashSet<string> Ignored { get; } = new(StringComparer.Ordinal);
        public List<double> Weights { get; } = [];

        public IStateData Copy() => this;
    }
}
