using k8s.Models;

namespace MiniKube.ControllerManager.NodeLifecycle;

/// <summary>
/// The taints the node lifecycle controller manages (upstream: the well-known <c>node.kubernetes.io/*</c> taint
/// keys in k8s.io/api) and the toleration rule the taint-eviction controller applies.
/// Concept: https://kubernetes.io/docs/concepts/scheduling-eviction/taint-and-toleration/#taint-based-evictions
/// </summary>
public static class NodeTaints
{
    public const string NotReady = "node.kubernetes.io/not-ready";
    public const string Unreachable = "node.kubernetes.io/unreachable";
    public const string Unschedulable = "node.kubernetes.io/unschedulable";
    public const string MemoryPressure = "node.kubernetes.io/memory-pressure";
    public const string DiskPressure = "node.kubernetes.io/disk-pressure";
    public const string PidPressure = "node.kubernetes.io/pid-pressure";
    public const string NetworkUnavailable = "node.kubernetes.io/network-unavailable";

    public const string NoSchedule = "NoSchedule";
    public const string NoExecute = "NoExecute";

    /// <summary>Every taint key this controller adds and removes; others' taints are never touched.</summary>
    public static readonly IReadOnlySet<string> Managed = new HashSet<string>
    {
        NotReady, Unreachable, Unschedulable, MemoryPressure, DiskPressure, PidPressure, NetworkUnavailable,
    };

    /// <summary>
    /// Whether a toleration covers a taint (upstream: Toleration.ToleratesTaint): the effect matches or is empty,
    /// the key matches or is empty (which needs operator Exists), and with operator Equal the values match.
    /// </summary>
    public static bool Tolerates(V1Toleration toleration, V1Taint taint)
    {
        if (!string.IsNullOrEmpty(toleration.Effect) && toleration.Effect != taint.Effect) return false;
        if (!string.IsNullOrEmpty(toleration.Key) && toleration.Key != taint.Key) return false;
        return toleration.OperatorProperty switch
        {
            "Exists" => true,
            "Equal" or "" or null => !string.IsNullOrEmpty(toleration.Key) && (toleration.Value ?? "") == (taint.Value ?? ""),
            _ => false,
        };
    }
}
