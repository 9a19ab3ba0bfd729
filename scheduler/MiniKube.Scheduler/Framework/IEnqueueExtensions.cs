namespace MiniKube.Scheduler.Framework;

/// <summary>
/// Which cluster changes could make a pod this plugin rejected schedulable (upstream <c>EnqueueExtensions</c>): the
/// queue moves a pod out of "unschedulable" only on an event one of its rejecting plugins registered, so a pod
/// that did not fit for cpu is not retried because a label changed on an unrelated pod.
/// </summary>
public interface IEnqueueExtensions
{
    IReadOnlyList<ClusterEvent> EventsToRegister();
}

/// <summary>A kind of change in the cluster: which resource, and what happened to it.</summary>
public readonly record struct ClusterEvent(EventResource Resource, ActionType ActionType)
{
    public bool Matches(ClusterEvent incoming) =>
        (Resource == EventResource.WildCard || Resource == incoming.Resource) && (ActionType & incoming.ActionType) != 0;

    public override string ToString() => $"{Resource}{ActionType}";

    public static readonly ClusterEvent NodeAdd = new(EventResource.Node, ActionType.Add);
    public static readonly ClusterEvent AssignedPodDelete = new(EventResource.AssignedPod, ActionType.Delete);
    public static readonly ClusterEvent UnschedulableTimeout = new(EventResource.WildCard, ActionType.All);
}

public enum EventResource { WildCard, Node, AssignedPod, UnscheduledPod }

/// <summary>What happened; the Update kinds are finer so a node label change does not wake pods waiting for cpu.</summary>
[Flags]
public enum ActionType
{
    None = 0,
    Add = 1,
    Delete = 2,
    UpdateNodeAllocatable = 4,
    UpdateNodeLabel = 8,
    UpdateNodeTaint = 16,
    UpdateNodeCondition = 32,
    UpdatePodLabel = 64,
    UpdatePodScaleDown = 128,
    UpdatePodToleration = 256,
    Update = UpdateNodeAllocatable | UpdateNodeLabel | UpdateNodeTaint | UpdateNodeCondition | UpdatePodLabel | UpdatePodScaleDown | UpdatePodToleration,
    All = Add | Delete | Update,
}
