using k8s.Models;
using MiniKube.Scheduler.Framework;
using Xunit;
using Plugin = MiniKube.Scheduler.Plugins.NodeUnschedulable.NodeUnschedulable;

namespace MiniKube.Scheduler.Tests.Plugins.NodeUnschedulable;

public sealed class NodeUnschedulableTests
{
    [Theory]
    [InlineData(false, null, null, StatusCode.Success)]
    [InlineData(true, null, null, StatusCode.UnschedulableAndUnresolvable)]
    [InlineData(true, "node.kubernetes.io/unschedulable", "NoSchedule", StatusCode.Success)]
    [InlineData(true, "node.kubernetes.io/unschedulable", "", StatusCode.Success)]      // an empty effect tolerates every effect
    [InlineData(true, "node.kubernetes.io/unschedulable", "NoExecute", StatusCode.UnschedulableAndUnresolvable)]
    [InlineData(true, "other", "NoSchedule", StatusCode.UnschedulableAndUnresolvable)]
    public void Filter_CordonedNode_OnlyForPodsToleratingTheUnschedulableTaint(bool unschedulable, string? key, string? effect, StatusCode expected)
    {
        var node = Make.Node();
        node.Node!.Spec.Unschedulable = unschedulable;
        var pod = Make.Pod();
        if (key is not null) pod.Spec.Tolerations = [new V1Toleration { Key = key, OperatorProperty = "Exists", Effect = effect }];

        var status = new Plugin().Filter(new CycleState(), pod, node);

        Assert.Equal(expected, status.Code);
        if (!status.IsSuccess) Assert.Equal(Plugin.ErrReasonUnschedulable, status.Message);
    }
}
