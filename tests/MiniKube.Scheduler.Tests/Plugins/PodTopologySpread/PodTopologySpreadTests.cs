using k8s.Models;
using MiniKube.Scheduler.Framework;
using Xunit;
using Plugin = MiniKube.Scheduler.Plugins.PodTopologySpread.PodTopologySpread;

namespace MiniKube.Scheduler.Tests.Plugins.PodTopologySpread;

public sealed class PodTopologySpreadTests
{
    private const string Zone = "topology.kubernetes.io/zone";

    private static Dictionary<string, string> L(string key, string value) => new() { [key] = value };

    private static V1Pod Web(string name) => Make.Pod(name, labels: L("app", "web"));

    private static V1Pod Spreading(string whenUnsatisfiable, int maxSkew = 1, string topologyKey = Zone, int? minDomains = null)
    {
        var pod = Web("new");
        pod.Spec.TopologySpreadConstraints =
        [
            new V1TopologySpreadConstraint
            {
                MaxSkew = maxSkew, TopologyKey = topologyKey, WhenUnsatisfiable = whenUnsatisfiable, MinDomains = minDomains,
                LabelSelector = new V1LabelSelector { MatchLabels = L("app", "web") },
            },
        ];
        return pod;
    }

    /// <summary>zone-1: a (2 web pods) and b (1); zone-2: c (empty); a node without the zone label.</summary>
    private static NodeInfo[] Cluster() =>
    [
        Make.Node("a", labels: L(Zone, "zone-1"), podsOnNode: [Web("w1"), Web("w2")]),
        Make.Node("b", labels: L(Zone, "zone-1"), podsOnNode: [Web("w3"), Make.Pod("other", labels: L("app", "db"))]),
        Make.Node("c", labels: L(Zone, "zone-2")),
        Make.Node("no-zone"),
    ];

    private static Dictionary<string, Status> FilterAll(V1Pod pod, NodeInfo[] nodes)
    {
        var plugin = new Plugin();
        var state = new CycleState();
        Assert.True(plugin.PreFilter(state, pod, nodes).IsSuccess);
        return nodes.ToDictionary(n => n.Name, n => plugin.Filter(state, pod, n));
    }

    [Fact]
    public void Filter_DoNotSchedule_RefusesDomainsThatWouldExceedMaxSkew()
    {
        // zone-1 has 3 web pods, zone-2 none: one more in zone-1 makes skew 3 + 1 - 0 = 4, in zone-2 0 + 1 - 0 = 1.
        var result = FilterAll(Spreading("DoNotSchedule"), Cluster());

        Assert.Equal((StatusCode.Unschedulable, "node(s) didn't match pod topology spread constraints"), (result["a"].Code, result["a"].Message));
        Assert.Equal(StatusCode.Unschedulable, result["b"].Code);
        Assert.Equal(StatusCode.Success, result["c"].Code);
        Assert.Equal((StatusCode.UnschedulableAndUnresolvable, "node(s) didn't match pod topology spread constraints (missing required label)"),
            (result["no-zone"].Code, result["no-zone"].Message));
    }

    [Fact]
    public void Filter_LargeMaxSkew_AllowsTheFullerZone()
    {
        var result = FilterAll(Spreading("DoNotSchedule", maxSkew: 4), Cluster());
        Assert.True(result["a"].IsSuccess);
    }

    [Fact]
    public void Filter_MinDomainsNotReached_TheGlobalMinimumIsZero()
    {
        // Two domains exist but minDomains is 3, so the global minimum counts as 0: zone-1 is 3 + 1 - 0 = 4 > 3.
        var result = FilterAll(Spreading("DoNotSchedule", maxSkew: 3, minDomains: 3), Cluster());
        Assert.Equal(StatusCode.Unschedulable, result["a"].Code);
        Assert.True(result["c"].IsSuccess);
    }

    [Fact]
    public void PreFilter_NoDoNotScheduleConstraint_Skips() =>
        Assert.True(new Plugin().PreFilter(new CycleState(), Spreading("ScheduleAnyway"), Cluster()).IsSkip);

    [Fact]
    public void Score_ScheduleAnyway_FewerMatchingPodsScoresHigher()
    {
        var nodes = Cluster();
        var pod = Spreading("ScheduleAnyway", topologyKey: "kubernetes.io/hostname");
        var plugin = new Plugin();
        var state = new CycleState();
        Assert.True(plugin.PreScore(state, pod, nodes).IsSuccess);
        var scores = nodes.Select(n => new NodeScore(n.Name, plugin.Score(state, pod, n).Score)).ToArray();

        // 4 hostname domains: weight log(4 + 2) = 1.79; raw = count × 1.79 + (maxSkew - 1), rounded: a 2 → 4, b 1 → 2, others 0.
        Assert.Equal([4L, 2, 0, 0], scores.Select(s => s.Score));
        plugin.NormalizeScore(state, pod, scores);
        // 100 × (max + min - score) / max.
        Assert.Equal([0L, 50, 100, 100], scores.Select(s => s.Score));
    }
}
