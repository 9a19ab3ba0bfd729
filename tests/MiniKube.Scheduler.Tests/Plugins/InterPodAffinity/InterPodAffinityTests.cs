using k8s.Models;
using MiniKube.Scheduler.Framework;
using Xunit;
using Plugin = MiniKube.Scheduler.Plugins.InterPodAffinity.InterPodAffinity;

namespace MiniKube.Scheduler.Tests.Plugins.InterPodAffinity;

public sealed class InterPodAffinityTests
{
    private const string Zone = "topology.kubernetes.io/zone";

    private static Dictionary<string, string> L(string key, string value) => new() { [key] = value };

    private static V1PodAffinityTerm Term(string app, string topologyKey = Zone) => new()
    {
        LabelSelector = new V1LabelSelector { MatchLabels = L("app", app) },
        TopologyKey = topologyKey,
    };

    /// <summary>Nodes a and b in zone-1, c in zone-2; a "db" pod runs on a.</summary>
    private static NodeInfo[] Cluster(V1Pod? onA = null) =>
    [
        Make.Node("a", labels: L(Zone, "zone-1"), podsOnNode: [onA ?? Make.Pod("db", labels: L("app", "db"))]),
        Make.Node("b", labels: L(Zone, "zone-1")),
        Make.Node("c", labels: L(Zone, "zone-2")),
        Make.Node("no-zone"),
    ];

    private static Dictionary<string, (StatusCode Code, string Message)> FilterAll(V1Pod pod, NodeInfo[] nodes)
    {
        var plugin = new Plugin();
        var state = new CycleState();
        var pre = plugin.PreFilter(state, pod, nodes);
        return nodes.ToDictionary(n => n.Name, n => pre.IsSkip ? (StatusCode.Success, "") : plugin.Filter(state, pod, n) is var s ? (s.Code, s.Message) : default);
    }

    [Fact]
    public void Filter_RequiredAffinity_OnlyTheMatchingPodsZone()
    {
        var pod = Make.Pod("web");
        pod.Spec.Affinity = new V1Affinity { PodAffinity = new V1PodAffinity { RequiredDuringSchedulingIgnoredDuringExecution = [Term("db")] } };

        var result = FilterAll(pod, Cluster());

        Assert.Equal(StatusCode.Success, result["a"].Code);
        Assert.Equal(StatusCode.Success, result["b"].Code);    // same zone as the db pod
        Assert.Equal((StatusCode.UnschedulableAndUnresolvable, "node(s) didn't match pod affinity rules"), result["c"]);
        Assert.Equal(StatusCode.UnschedulableAndUnresolvable, result["no-zone"].Code);
    }

    [Fact]
    public void Filter_RequiredAffinityToItself_FirstPodMayGoToAnyNodeWithTheKey()
    {
        var pod = Make.Pod("first", labels: L("app", "cache"));
        pod.Spec.Affinity = new V1Affinity { PodAffinity = new V1PodAffinity { RequiredDuringSchedulingIgnoredDuringExecution = [Term("cache")] } };

        var result = FilterAll(pod, Cluster());

        Assert.All(["a", "b", "c"], n => Assert.Equal(StatusCode.Success, result[n].Code));
        Assert.Equal(StatusCode.UnschedulableAndUnresolvable, result["no-zone"].Code);
    }

    [Fact]
    public void Filter_RequiredAntiAffinity_KeepsOutOfTheMatchingPodsZone()
    {
        var pod = Make.Pod("web");
        pod.Spec.Affinity = new V1Affinity { PodAntiAffinity = new V1PodAntiAffinity { RequiredDuringSchedulingIgnoredDuringExecution = [Term("db")] } };

        var result = FilterAll(pod, Cluster());

        Assert.Equal((StatusCode.Unschedulable, "node(s) didn't match pod anti-affinity rules"), result["a"]);
        Assert.Equal(StatusCode.Unschedulable, result["b"].Code);
        Assert.Equal(StatusCode.Success, result["c"].Code);
        Assert.Equal(StatusCode.Success, result["no-zone"].Code);  // no domain, so no matching pod in it
    }

    [Fact]
    public void Filter_ExistingPodsAntiAffinity_KeepsMatchingNewcomersOut()
    {
        var loner = Make.Pod("loner", labels: L("app", "loner"));
        loner.Spec.Affinity = new V1Affinity { PodAntiAffinity = new V1PodAntiAffinity { RequiredDuringSchedulingIgnoredDuringExecution = [Term("web")] } };

        var result = FilterAll(Make.Pod("web", labels: L("app", "web")), Cluster(loner));

        Assert.Equal((StatusCode.Unschedulable, "node(s) didn't satisfy existing pods anti-affinity rules"), result["a"]);
        Assert.Equal(StatusCode.Unschedulable, result["b"].Code);
        Assert.Equal(StatusCode.Success, result["c"].Code);
    }

    [Fact]
    public void Filter_SeveralRulesFail_ReportsAffinityFirstAsUpstream()
    {
        // On c the pod's affinity (wants the db zone) fails, and an existing pod there rejects it: upstream reports the affinity.
        var loner = Make.Pod("loner", labels: L("app", "loner"));
        loner.Spec.Affinity = new V1Affinity { PodAntiAffinity = new V1PodAntiAffinity { RequiredDuringSchedulingIgnoredDuringExecution = [Term("web")] } };
        NodeInfo[] nodes =
        [
            Make.Node("a", labels: L(Zone, "zone-1"), podsOnNode: [Make.Pod("db", labels: L("app", "db"))]),
            Make.Node("c", labels: L(Zone, "zone-2"), podsOnNode: [loner]),
        ];
        var pod = Make.Pod("web", labels: L("app", "web"));
        pod.Spec.Affinity = new V1Affinity { PodAffinity = new V1PodAffinity { RequiredDuringSchedulingIgnoredDuringExecution = [Term("db")] } };

        Assert.Equal("node(s) didn't match pod affinity rules", FilterAll(pod, nodes)["c"].Message);
    }

    [Fact]
    public void Score_PreferredAffinityAndAntiAffinity_NormalizedToZeroToHundred()
    {
        var nodes = Cluster();
        var pod = Make.Pod("web");
        pod.Spec.Affinity = new V1Affinity
        {
            PodAffinity = new V1PodAffinity { PreferredDuringSchedulingIgnoredDuringExecution = [new V1WeightedPodAffinityTerm { Weight = 29, PodAffinityTerm = Term("db") }] },
            PodAntiAffinity = new V1PodAntiAffinity
            {
                PreferredDuringSchedulingIgnoredDuringExecution = [new V1WeightedPodAffinityTerm { Weight = 71, PodAffinityTerm = Term("db", "kubernetes.io/hostname") }],
            },
        };
        var plugin = new Plugin();
        var state = new CycleState();
        Assert.True(plugin.PreScore(state, pod, nodes).IsSuccess);
        var scores = nodes.Select(n => new NodeScore(n.Name, plugin.Score(state, pod, n).Score)).ToArray();

        // Raw: a = 29 - 71 = -42, b = 29, c = 0, no-zone = 0.
        Assert.Equal([-42L, 29, 0, 0], scores.Select(s => s.Score));
        plugin.NormalizeScore(state, pod, scores);
        // 100 × (0 + 42) / 71 = 59.15 → 59; b is the best.
        Assert.Equal([0L, 100, 59, 59], scores.Select(s => s.Score));
    }
}
