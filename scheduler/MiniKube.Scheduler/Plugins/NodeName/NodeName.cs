using k8s.Models;
using MiniKube.Scheduler.Framework;

namespace MiniKube.Scheduler.Plugins.NodeName;

/// <summary>
/// NodeName: if the pod's spec.nodeName names a node, only that node fits. (Pods created with spec.nodeName are
/// normally bound already and never queued; the filter still guards every other path, as upstream.)
/// Concept: https://kubernetes.io/docs/concepts/scheduling-eviction/assign-pod-node/#nodename
/// </summary>
public sealed class NodeName : IFilterPlugin, IEnqueueExtensions
{
    public const string Name = "NodeName";
    public const string ErrReason = "node(s) didn't match the requested node name";

    string IPlugin.Name => Name;

    public Status Filter(CycleState state, V1Pod pod, NodeInfo nodeInfo) =>
        string.IsNullOrEmpty(pod.Spec.NodeName) || pod.Spec.NodeName == nodeInfo.Name
            ? Status.Success
            : Status.UnschedulableAndUnresolvable(ErrReason);

    public IReadOnlyList<ClusterEvent> EventsToRegister() => [new(EventResource.Node, ActionType.Add)];
}
