using MiniKube.Scheduler.Framework;
using Xunit;
using Fit = MiniKube.Scheduler.Plugins.NodeResourcesFit;

namespace MiniKube.Scheduler.Tests.Plugins.NodeResourcesFit;

public sealed class NodeResourcesFitTests
{
    [Theory]
    [InlineData("1", "1Gi", "4", "", StatusCode.Success, "")]
    [InlineData("3", "1Gi", "4", "2", StatusCode.Unschedulable, "Insufficient cpu")]
    // Even a pod larger than the whole node is only Unschedulable in 1.33, so preemption still looks at the node.
    [InlineData("8", "1Gi", "4", "", StatusCode.Unschedulable, "Insufficient cpu")]
    [InlineData("1", "16Gi", "4", "", StatusCode.Unschedulable, "Insufficient memory")]
    public void Filter_ComparesRequestsWithAllocatableMinusRequested(string cpu, string memory, string nodeCpu, string usedCpu, StatusCode expected, string reason)
    {
        var existing = usedCpu.Length > 0 ? new[] { Make.Pod("old", cpu: usedCpu) } : [];
        var node = Make.Node(cpu: nodeCpu, podsOnNode: existing);
        var plugin = new Fit.NodeResourcesFit();
        var state = new CycleState();
        var pod = Make.Pod(cpu: cpu, memory: memory);
        plugin.PreFilter(state, pod, [node]);
        var status = plugin.Filter(state, pod, node);
        Assert.Equal(expected, status.Code);
        Assert.Equal(reason, status.Message);
    }

    [Fact]
    public void Filter_FullNode_IsTooManyPods()
    {
        var node = Make.Node(pods: 1, podsOnNode: Make.Pod("old"));
        var status = new Fit.NodeResourcesFit().Filter(new CycleState(), Make.Pod(), node);
        Assert.Equal(Fit.NodeResourcesFit.ErrReasonTooManyPods, status.Message);
    }

    [Fact]
    public void Filter_InitContainerLargerThanContainers_CountsTheLargest()
    {
        var pod = Make.Pod(cpu: "1");
        pod.Spec.InitContainers = [new k8s.Models.V1Container { Name = "init", Image = "x", Resources = new() { Requests = Make.Requests("3", null) } }];
        var status = new Fit.NodeResourcesFit().Filter(new CycleState(), pod, Make.Node(cpu: "2"));
        Assert.Equal("Insufficient cpu", status.Message);
    }

    [Theory]
    [InlineData(Fit.NodeResourcesFit.LeastAllocated, "empty")]
    [InlineData(Fit.NodeResourcesFit.MostAllocated, "busy")]
    public void Score_StrategyPrefersEmptyOrBusyNode(string strategy, string expectedWinner)
    {
        var plugin = new Fit.NodeResourcesFit(new Fit.NodeResourcesFitArgs { ScoringStrategy = new Fit.ScoringStrategy { Type = strategy } });
        var empty = Make.Node("empty");
        var busy = Make.Node("busy", podsOnNode: Make.Pod("old", cpu: "2", memory: "4Gi"));
        var pod = Make.Pod(cpu: "1", memory: "1Gi");
        var state = new CycleState();
        plugin.PreScore(state, pod, [empty, busy]);
        var emptyScore = plugin.Score(state, pod, empty).Score;
        var busyScore = plugin.Score(state, pod, busy).Score;
        Assert.Equal(expectedWinner, emptyScore > busyScore ? "empty" : "busy");
    }

    [Fact]
    public void Score_LeastAllocated_IsUpstreamFormula()
    {
        // cpu: (4000-1000)*100/4000 = 75; memory: (8Gi-2Gi)*100/8Gi = 75 → 75.
        var plugin = new Fit.NodeResourcesFit();
        var state = new CycleState();
        var pod = Make.Pod(cpu: "1", memory: "2Gi");
        plugin.PreScore(state, pod, []);
        Assert.Equal(75, plugin.Score(state, pod, Make.Node()).Score);
    }

    [Fact]
    public void Create_UnknownStrategy_IsAnArgumentError() =>
        Assert.Throws<ArgumentException>(() => new Fit.NodeResourcesFit(new Fit.NodeResourcesFitArgs { ScoringStrategy = new Fit.ScoringStrategy { Type = "Nope" } }));
}
