using k8s.Models;
using MiniKube.Scheduler.Framework;
using Xunit;
using NA = MiniKube.Scheduler.Plugins.NodeAffinity;

namespace MiniKube.Scheduler.Tests.Plugins.NodeAffinity;

public sealed class NodeAffinityTests
{
    [Theory]
    [InlineData("In", "ssd", StatusCode.Success)]
    [InlineData("In", "hdd", StatusCode.UnschedulableAndUnresolvable)]
    [InlineData("NotIn", "hdd", StatusCode.Success)]
    [InlineData("Exists", null, StatusCode.Success)]
    [InlineData("DoesNotExist", null, StatusCode.UnschedulableAndUnresolvable)]
    public void Filter_RequiredMatchExpressions(string op, string? value, StatusCode expected)
    {
        var pod = Make.Pod();
        pod.Spec.Affinity = new V1Affinity
        {
            NodeAffinity = new V1NodeAffinity
            {
                RequiredDuringSchedulingIgnoredDuringExecution = new V1NodeSelector
                {
                    NodeSelectorTerms = [new V1NodeSelectorTerm { MatchExpressions = [new V1NodeSelectorRequirement { Key = "disk", OperatorProperty = op, Values = value is null ? null : [value] }] }],
                },
            },
        };
        var node = Make.Node(labels: new Dictionary<string, string> { ["disk"] = "ssd" });
        Assert.Equal(expected, new NA.NodeAffinity().Filter(new CycleState(), pod, node).Code);
    }

    [Fact]
    public void Filter_MatchFieldsMetadataName()
    {
        var pod = Make.Pod();
        pod.Spec.Affinity = new V1Affinity
        {
            NodeAffinity = new V1NodeAffinity
            {
                RequiredDuringSchedulingIgnoredDuringExecution = new V1NodeSelector
                {
                    NodeSelectorTerms = [new V1NodeSelectorTerm { MatchFields = [new V1NodeSelectorRequirement { Key = "metadata.name", OperatorProperty = "In", Values = ["n2"] }] }],
                },
            },
        };
        Assert.True(new NA.NodeAffinity().Filter(new CycleState(), pod, Make.Node("n2")).IsSuccess);
        Assert.Equal(NA.NodeAffinity.ErrReasonPod, new NA.NodeAffinity().Filter(new CycleState(), pod, Make.Node("n1")).Message);
    }

    [Fact]
    public void Filter_NodeSelector_MustMatchLabels()
    {
        var pod = Make.Pod();
        pod.Spec.NodeSelector = new Dictionary<string, string> { ["zone"] = "a" };
        Assert.True(new NA.NodeAffinity().Filter(new CycleState(), pod, Make.Node(labels: new Dictionary<string, string> { ["zone"] = "a" })).IsSuccess);
        Assert.False(new NA.NodeAffinity().Filter(new CycleState(), pod, Make.Node(labels: new Dictionary<string, string> { ["zone"] = "b" })).IsSuccess);
    }

    [Fact]
    public void Score_PreferredTerms_AddWeights()
    {
        var pod = Make.Pod();
        pod.Spec.Affinity = new V1Affinity
        {
            NodeAffinity = new V1NodeAffinity
            {
                PreferredDuringSchedulingIgnoredDuringExecution = [new V1PreferredSchedulingTerm { Preference = new V1NodeSelectorTerm { MatchExpressions = [new V1NodeSelectorRequirement { Key = "zone", OperatorProperty = "In", Values = ["a"] }] }, Weight = 7 }],
            },
        };
        var plugin = new NA.NodeAffinity();
        var state = new CycleState();
        var a = Make.Node("a", labels: new Dictionary<string, string> { ["zone"] = "a" });
        var b = Make.Node("b", labels: new Dictionary<string, string> { ["zone"] = "b" });
        plugin.PreScore(state, pod, [a, b]);
        Assert.Equal(7, plugin.Score(state, pod, a).Score);
        Assert.Equal(0, plugin.Score(state, pod, b).Score);
    }
}
