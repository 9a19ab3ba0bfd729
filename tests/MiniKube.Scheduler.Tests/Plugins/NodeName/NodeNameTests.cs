using MiniKube.Scheduler.Framework;
using Xunit;
using NN = MiniKube.Scheduler.Plugins.NodeName;

namespace MiniKube.Scheduler.Tests.Plugins.NodeName;

public sealed class NodeNameTests
{
    [Theory]
    [InlineData("node-a", "node-a", StatusCode.Success)]
    [InlineData("node-a", "node-b", StatusCode.UnschedulableAndUnresolvable)]
    [InlineData(null, "node-b", StatusCode.Success)]
    public void Filter_RequiresMatchingNodeName(string? wanted, string node, StatusCode expected)
    {
        var pod = Make.Pod();
        pod.Spec.NodeName = wanted;
        Assert.Equal(expected, new NN.NodeName().Filter(new CycleState(), pod, Make.Node(node)).Code);
    }
}
