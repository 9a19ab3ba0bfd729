using k8s.Models;
using MiniKube.Scheduler.Framework;

namespace MiniKube.Scheduler.Plugins.NodePorts;

/// <summary>
/// NodePorts: a container's hostPort is a port on the node itself, so two pods asking for the same protocol and
/// port (on the same or any IP: 0.0.0.0 overlaps every IP) cannot share a node.
/// Concept: https://kubernetes.io/docs/concepts/configuration/overview/#services
/// </summary>
public sealed class NodePorts : IPreFilterPlugin, IFilterPlugin, IEnqueueExtensions
{
    public const string Name = "NodePorts";
    public const string ErrReason = "node(s) didn't have free ports for the requested pod ports";

    private const string PreFilterStateKey = "PreFilter" + Name;

    string IPlugin.Name => Name;

    public IPreFilterExtensions? PreFilterExtensions => null;

    public Status PreFilter(CycleState state, V1Pod pod, IReadOnlyList<NodeInfo> nodes)
    {
        var ports = new PodInfo(pod).HostPorts;
        if (ports.Count == 0) return Status.Skip;
        state.Write(PreFilterStateKey, new PreFilterState(ports));
        return Status.Success;
    }

    public Status Filter(CycleState state, V1Pod pod, NodeInfo nodeInfo)
    {
        var wanted = state.TryRead<PreFilterState>(PreFilterStateKey, out var s) ? s.Ports : new PodInfo(pod).HostPorts;
        return Fits(wanted, nodeInfo) ? Status.Success : Status.Unschedulable(ErrReason);
    }

    public static bool Fits(IReadOnlyList<HostPort> wanted, NodeInfo nodeInfo)
    {
        foreach (var port in wanted)
        {
            foreach (var used in nodeInfo.UsedPorts)
            {
                if (used.Port != port.Port || used.Protocol != port.Protocol) continue;
                if (used.Ip == port.Ip || used.Ip == "0.0.0.0" || port.Ip == "0.0.0.0") return false;
            }
        }
        return true;
    }

    public IReadOnlyList<ClusterEvent> EventsToRegister() => [new(EventResource.AssignedPod, ActionType.Delete), new(EventResource.Node, ActionType.Add)];

    private sealed record PreFilterState(IReadOnlyList<HostPort> Ports) : IStateData
    {
        public IStateData Copy() => this;
    }
}
