using k8s.Models;

namespace MiniKube.ControllerManager.ReplicaSet;

/// <summary>
/// What controllers read from a Pod's status (upstream: <c>podutil</c> and <c>controller.IsPodActive</c>): is it still
/// counted (active), is it Ready, and has it been Ready for <c>minReadySeconds</c> (available).
/// Concept: https://kubernetes.io/docs/concepts/workloads/pods/pod-lifecycle/#pod-conditions
/// </summary>
public static class PodConditions
{
    /// <summary>Not finished (Succeeded/Failed) and not being deleted: a pod that still counts as a replica.</summary>
    public static bool IsActive(V1Pod pod) =>
        pod.Status?.Phase is not ("Succeeded" or "Failed") && pod.Metadata.DeletionTimestamp is null;

    public static V1PodCondition? ReadyCondition(V1Pod pod) => pod.Status?.Conditions?.FirstOrDefault(c => c.Type == "Ready");

    public static bool IsReady(V1Pod pod) => ReadyCondition(pod)?.Status == "True";

    /// <summary>Ready, and for at least <paramref name="minReadySeconds"/> (so a crash-looping pod does not count).</summary>
    public static bool IsAvailable(V1Pod pod, int minReadySeconds, DateTime now)
    {
        if (ReadyCondition(pod) is not { Status: "True" } ready) return false;
        if (minReadySeconds == 0) return true;
        return ready.LastTransitionTime is { } since && since.AddSeconds(minReadySeconds) < now;
    }
}
