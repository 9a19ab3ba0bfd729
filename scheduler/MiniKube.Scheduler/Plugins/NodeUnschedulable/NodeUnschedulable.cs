using k8s.Models;
using MiniKube.Scheduler.Framework;

namespace MiniKube.Scheduler.Plugins.NodeUnschedulable;

/// <summary>
/// NodeUnschedulable: a cordoned node (spec.unschedulable, what <c>kubectl cordon</c> sets) takes no new pods,
/// unless the pod tolerates the node.kubernetes.io/unschedulable:NoSchedule taint (DaemonSet pods do).
/// Concept: https://kubernetes.io/docs/concepts/architecture/nodes/#manual-node-administration
/// </summary>
public sealed class NodeUnschedulable : IFilterPlugin, IEnqueueExtensions
{
    public const string Name = "NodeUnschedulable";
    public const string ErrReasonUnschedulable = "node(s) were unschedulable";

    private static readonly V1Taint UnschedulableTaint = new() { Key = "node.kubernetes.io/unschedulable", Effect = "NoSchedule" };

    string IPlugin.Name => Name;

    public Status Filter(CycleState state, V1Pod pod, NodeInfo nodeInfo)
    {
        if (nodeInfo.Node?.Spec?.Unschedulable != true) return Status.Success;
        return TaintToleration.TaintToleration.TolerationsTolerateTaint(pod.Spec.Tolerations, UnschedulableTaint)
            ? Status.Success
            : Status.UnschedulableAndUnresolvable(ErrReasonUnschedulable);
    }

    public IReadOnlyList<ClusterEvent> EventsToRegister() =>
        [new(EventResource.Node, ActionType.Add | ActionType.UpdateNodeTaint), new(EventResource.UnscheduledPod, ActionType.UpdatePodToleration)];
}
