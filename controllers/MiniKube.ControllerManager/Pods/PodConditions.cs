using k8s.Models;

namespace MiniKube.ControllerManager.Pods;

/// <summary>
/// How the workload controllers read a Pod's state (upstream: <c>podutil</c> in pkg/api/v1/pod and the helpers in
/// pkg/controller): Ready is the Pod's Ready condition, Available is Ready for at least minReadySeconds, and a Pod
/// is active until it reaches a final phase or is being deleted.
/// Concept: https://kubernetes.io/docs/concepts/workloads/pods/pod-lifecycle/#pod-conditions
/// </summary>
public static class PodConditions
{
    public static bool IsPodReady(V1Pod pod) =>
        pod.Status?.Conditions?.Any(c => c.Type == "Ready" && c.Status == "True") == true;

    /// <summary>Ready, and for at least <paramref name="minReadySeconds"/> (the Ready condition's last transition).</summary>
    public static bool IsPodAvailable(V1Pod pod, int minReadySeconds, DateTime now)
    {
        if (pod.Status?.Conditions?.FirstOrDefault(c => c.Type == "Ready" && c.Status == "True") is not { } ready) return false;
        if (minReadySeconds <= 0) return true;
        return ready.LastTransitionTime is { } since && since.ToUniversalTime().AddSeconds(minReadySeconds) <= now;
    }

    public static bool IsRunningAndReady(V1Pod pod) => pod.Status?.Phase == "Running" && IsPodReady(pod);

    public static bool IsTerminating(V1Pod pod) => pod.Metadata.DeletionTimestamp is not null;

    /// <summary>Succeeded or Failed: the containers will not run again.</summary>
    public static bool IsPodTerminal(V1Pod pod) => pod.Status?.Phase is "Succeeded" or "Failed";

    /// <summary>Upstream <c>IsPodActive</c>: neither finished nor being deleted.</summary>
    public static bool IsPodActive(V1Pod pod) => !IsPodTerminal(pod) && !IsTerminating(pod);
}
