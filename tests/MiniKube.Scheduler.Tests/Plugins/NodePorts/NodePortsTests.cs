using k8s.Models;
using MiniKube.Scheduler.Framework;
using Xunit;
using Plugin = MiniKube.Scheduler.Plugins.NodePorts.NodePorts;

namespace MiniKube.Scheduler.Tests.Plugins.NodePorts;

public sealed class NodePortsTests
{
    private static V1Pod WithPort(string name, int hostPort, string? protocol = null, string? hostIP = null)
    {
        var pod = Make.Pod(name);
        pod.Spec.Containers[0].Ports = [new V1ContainerPort { ContainerPort = 80, HostPort = hostPort, Protocol = protocol, HostIP = hostIP }];
        return pod;
    }

    [Theory]
    [InlineData(8080, null, null, 8080, null, null, StatusCode.Unschedulable)]           // same port, TCP by default, all IPs
    [InlineData(8080, null, null, 8081, null, null, StatusCode.Success)]
    [InlineData(8080, "UDP", null, 8080, "TCP", null, StatusCode.Success)]              // another protocol is another port
    [InlineData(8080, null, "10.0.0.1", 8080, null, "10.0.0.2", StatusCode.Success)]    // two specific IPs do not overlap
    [InlineData(8080, null, "10.0.0.1", 8080, null, "10.0.0.1", StatusCode.Unschedulable)]
    [InlineData(8080, null, "0.0.0.0", 8080, null, "10.0.0.2", StatusCode.Unschedulable)] // 0.0.0.0 overlaps every IP
    [InlineData(8080, null, "10.0.0.1", 8080, null, null, StatusCode.Unschedulable)]
    public void Filter_HostPortConflicts(int usedPort, string? usedProtocol, string? usedIp, int wantedPort, string? wantedProtocol, string? wantedIp,
        StatusCode expected)
    {
        var node = Make.Node(podsOnNode: WithPort("old", usedPort, usedProtocol, usedIp));
        var pod = WithPort("new", wantedPort, wantedProtocol, wantedIp);
        var plugin = new Plugin();
        var state = new CycleState();
        Assert.True(plugin.PreFilter(state, pod, [node]).IsSuccess);

        var status = plugin.Filter(state, pod, node);

        Assert.Equal(expected, status.Code);
        if (!status.IsSuccess) Assert.Equal("node(s) didn't have free ports for the requested pod ports", status.Message);
    }

    [Fact]
    public void PreFilter_PodWithoutHostPorts_Skips()
    {
        var pod = Make.Pod();
        pod.Spec.Containers[0].Ports = [new V1ContainerPort { ContainerPort = 80 }]; // a containerPort alone takes nothing on the node
        Assert.True(new Plugin().PreFilter(new CycleState(), pod, [Make.Node()]).IsSkip);
    }
}
