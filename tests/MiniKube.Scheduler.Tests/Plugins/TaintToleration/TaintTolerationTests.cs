using k8s.Models;
using MiniKube.Scheduler.Framework;
using Xunit;
using TT = MiniKube.Scheduler.Plugins.TaintToleration;

namespace MiniKube.Scheduler.Tests.Plugins.TaintToleration;

public sealed class TaintTolerationTests
{
    [Theory]
    [InlineData("NoSchedule", null, null, StatusCode.UnschedulableAndUnresolvable)]
    [InlineData("NoExecute", null, null, StatusCode.UnschedulableAndUnresolvable)]
    [InlineData("PreferNoSchedule", null, null, StatusCode.Success)]
    [InlineData("NoSchedule", "Equal", "gpu", StatusCode.Success)]
    [InlineData("NoSchedule", "Equal", "cpu", StatusCode.UnschedulableAndUnresolvable)]
    [InlineData("NoSchedule", "Exists", null, StatusCode.Success)]
    public void Filter_TaintNeedsToleration(string effect, string? op, string? value, StatusCode expected)
    {
        var node = Make.Node(taints: [new V1Taint { Key = "dedicated", Value = "gpu", Effect = effect }]);
        var pod = Make.Pod();
        if (op is not null) pod.Spec.Tolerations = [new V1Toleration { Key = "dedicated", OperatorProperty = op, Value = value, Effect = "NoSchedule" }];
        Assert.Equal(expected, new TT.TaintToleration().Filter(new CycleState(), pod, node).Code);
    }

    [Fact]
    public void Filter_UntoleratedTaint_ReasonNamesTheTaintAsUpstream() =>
        Assert.Equal("node(s) had untolerated taint {dedicated: gpu}",
            new TT.TaintToleration().Filter(new CycleState(), Make.Pod(), Make.Node(taints: [new V1Taint { Key = "dedicated", Value = "gpu", Effect = "NoSchedule" }])).Message);

    [Fact]
    public void Score_FewerPreferNoScheduleTaints_ScoresHigher()
    {
        var plugin = new TT.TaintToleration();
        var clean = Make.Node("clean");
        var tainted = Make.Node("tainted", taints: [new V1Taint { Key = "a", Effect = "PreferNoSchedule" }]);
        var pod = Make.Pod();
        var state = new CycleState();
        plugin.PreScore(state, pod, [clean, tainted]);
        var scores = new[] { new NodeScore("clean", plugin.Score(state, pod, clean).Score), new NodeScore("tainted", plugin.Score(state, pod, tainted).Score) };
        plugin.NormalizeScore(state, pod, scores);
        Assert.Equal(100, scores[0].Score);
        Assert.Equal(0, scores[1].Score);
    }
}
