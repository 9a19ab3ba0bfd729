using k8s.Models;
using MiniKube.ControllerManager.DaemonSet;
using Xunit;

namespace MiniKube.ControllerManager.Tests.DaemonSet;

/// <summary>Which nodes a daemon Pod belongs on: pure table tests, no cluster.</summary>
public sealed class DaemonSetPredicatesTests
{
    private static V1Node Node(string? taintEffect = null, string zone = "a") => new()
    {
        Metadata = new V1ObjectMeta { Name = "node-1", Labels = new Dictionary<string, string> { ["zone"] = zone } },
        Spec = new V1NodeSpec { Taints = taintEffect is null ? null : [new V1Taint { Key = "dedicated", Value = "db", Effect = taintEffect }] },
    };

    [Theory]
    [InlineData(null, null, true, true)]                       // no taint
    [InlineData("PreferNoSchedule", null, true, true)]         // preferences do not count
    [InlineData("NoSchedule", null, false, true)]              // no new pod, a running one may stay
    [InlineData("NoExecute", null, false, false)]              // a running one must go too
    [InlineData("NoExecute", "Equal", true, true)]             // tolerated
    [InlineData("NoSchedule", "Exists", true, true)]
    public void NodeShouldRunDaemonPod_Taints(string? effect, string? toleration, bool shouldRun, bool shouldContinueRunning)
    {
        var pod = new V1PodSpec
        {
            Tolerations = toleration is null ? null : [new V1Toleration { Key = "dedicated", OperatorProperty = toleration, Value = toleration == "Equal" ? "db" : null }],
        };
        Assert.Equal((shouldRun, shouldContinueRunning), DaemonSetPredicates.NodeShouldRunDaemonPod(Node(effect), pod));
    }

    [Theory]
    [InlineData("In", "a", true)]
    [InlineData("In", "b", false)]
    [InlineData("NotIn", "a", false)]
    [InlineData("Exists", null, true)]
    [InlineData("DoesNotExist", null, false)]
    public void NodeShouldRunDaemonPod_RequiredNodeAffinity(string op, string? value, bool expected)
    {
        var pod = new V1PodSpec
        {
            Affinity = new V1Affinity
            {
                NodeAffinity = new V1NodeAffinity
                {
                    RequiredDuringSchedulingIgnoredDuringExecution = new V1NodeSelector
                    {
                        NodeSelectorTerms = [new V1NodeSelectorTerm { MatchExpressions = [new V1NodeSelectorRequirement { Key = "zone", OperatorProperty = op, Values = value is null ? null : [value] }] }],
                    },
                },
            },
        };
        Assert.Equal(expected, DaemonSetPredicates.NodeShouldRunDaemonPod(Node(), pod).ShouldRun);
    }

    [Fact]
    public void NodeShouldRunDaemonPod_NodeSelectorMismatch_NeitherRunsNorStays() =>
        Assert.Equal((false, false), DaemonSetPredicates.NodeShouldRunDaemonPod(Node(zone: "b"), new V1PodSpec { NodeSelector = new Dictionary<string, string> { ["zone"] = "a" } }));

    [Fact]
    public void DaemonTolerations_NotReadyAndUnreachableToleratedForever_NetworkUnavailableOnlyForHostNetwork()
    {
        var tolerations = DaemonSetPredicates.AddOrUpdateDaemonPodTolerations(null, hostNetwork: false);
        Assert.Contains(tolerations, t => t is { Key: "node.kubernetes.io/not-ready", Effect: "NoExecute", OperatorProperty: "Exists", TolerationSeconds: null });
        Assert.DoesNotContain(tolerations, t => t.Key == "node.kubernetes.io/network-unavailable");
        Assert.Contains(DaemonSetPredicates.AddOrUpdateDaemonPodTolerations(null, hostNetwork: true), t => t.Key == "node.kubernetes.io/network-unavailable");
        Assert.Equal(6, tolerations.Count);
    }

    [Fact]
    public void TargetNodeName_UnboundPod_IsTheNodeItsAffinityNames()
    {
        var pod = new V1Pod { Spec = new V1PodSpec { Affinity = DaemonSetPredicates.ReplaceDaemonSetPodNodeNameNodeAffinity(null, "node-7") } };
        Assert.Equal("node-7", DaemonSetPredicates.TargetNodeName(pod));
    }
}
