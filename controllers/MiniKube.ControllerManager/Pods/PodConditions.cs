using k8s.Models;

namespace MiniKube.ControllerManager.Pods;

/// <summary>
/// How controllers read a Pod's state (upstream: <c>podutil</c> in pkg/api/v1/pod and <c>IsPodActive</c> in
/// pkg/controller): Ready is the Pod's Ready condition, Available is Ready for at least minReadySeconds, and a Pod is
/// active (still counts as a replica) until it reaches a final phase or is being deleted.
/// Concept: https://kubernetes.io/docs/concepts/workloads/pods/pod-lifecycle/#pod-conditions
/// </summary>
public static class PodConditions
{
    public static V1PodCondition? GetPodReadyCondition(V1Pod pod) => pod.Status?.Conditions?.FirstOrDefault(c => c.Type == "Ready");

    public static bool IsPodReady(V1Pod pod) => GetPodReadyCondition(pod)?.Status == "True";

    /// <summary>
    /// Ready, and for at least <paramref name="minReadySeconds"/> (since the Ready condition's last transition), so a
    /// crash-looping pod that is Ready for a moment does not count.
    /// </summary>
    public static bool IsPodAvailable(V1Pod pod, int minReadySeconds, DateTime now)
    {
        if (GetPodReadyCondition(pod) is not { Status: "True" } ready) return false;
        if (minReadySeconds <= 0) return true;
        return ready.LastTransitionTime is { } since && since.ToUniversalTime().AddSeconds(minReadySeconds) < now;
    }

    public static bool IsRunningAndReady(V1Pod pod) => pod.Status?.Phase == "Running" && IsPodReady(pod);

    public static bool IsTerminating(V1Pod pod) => pod.Metadata.DeletionTimestamp is not null;

    /// <summary>Succeeded or Failed: the containers will not run again.</summary>
    public static bool IsPodTerminal(V1Pod pod) => pod.Status?.Phase is "Succeeded" or "Failed";

    /// <summary>Neither finished nor being deleted: a pod that still counts as a replica.</summary>
    public static bool IsPodActive(V1Pod pod) => !IsPodTerminal(pod) && !IsTerminating(pod);
}
