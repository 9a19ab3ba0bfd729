using System.Globalization;
using k8s.Models;

namespace MiniKube.ControllerManager.Pods;

/// <summary>
/// The order in which a controller gives up pods when it has too many (upstream: <c>ActivePodsWithRanks</c>, and
/// <c>ActivePods</c> when every rank is equal): the pods that matter least go first, so scaling down hurts as little
/// as possible. The ReplicaSet controller ranks pods by their node; the Job controller, lowering parallelism, does
/// not. Earlier rules win:
/// <list type="number">
/// <item>not yet scheduled before scheduled;</item>
/// <item>Pending before Unknown before Running;</item>
/// <item>not ready before ready;</item>
/// <item>lower <c>controller.kubernetes.io/pod-deletion-cost</c> before higher;</item>
/// <item>more pods of the same workload on its node (higher rank) before fewer, to spread what remains;</item>
/// <item>ready for a shorter time before longer;</item>
/// <item>more container restarts before fewer;</item>
/// <item>newer before older.</item>
/// </list>
/// Concept: https://kubernetes.io/docs/concepts/workloads/controllers/replicaset/#scaling-a-replicaset
/// Upstream difference: upstream compares ready and creation times on a logarithmic scale (LogarithmicScaleDown),
/// so pods of similar age count as equal; we compare the exact times.
/// </summary>
public static class ActivePods
{
    public const string PodDeletionCostAnnotation = "controller.kubernetes.io/pod-deletion-cost";

    /// <summary>The <paramref name="count"/> pods to delete first, each with its rank (pods of the workload on its node).</summary>
    public static IReadOnlyList<V1Pod> ToDelete(IReadOnlyList<(V1Pod Pod, int Rank)> ranked, int count)
    {
        var sorted = ranked.ToList();
        sorted.Sort((a, b) => Compare(a.Pod, a.Rank, b.Pod, b.Rank));
        return [.. sorted.Take(count).Select(p => p.Pod)];
    }

    /// <summary>Negative when <paramref name="a"/> should be deleted before <paramref name="b"/>.</summary>
    public static int Compare(V1Pod a, int rankA, V1Pod b, int rankB)
    {
        var aScheduled = !string.IsNullOrEmpty(a.Spec?.NodeName);
        var bScheduled = !string.IsNullOrEmpty(b.Spec?.NodeName);
        if (aScheduled != bScheduled) return aScheduled ? 1 : -1;
        var phase = PhaseOrder(a).CompareTo(PhaseOrder(b));
        if (phase != 0) return phase;
        var aReady = PodConditions.IsPodReady(a);
        var bReady = PodConditions.IsPodReady(b);
        if (aReady != bReady) return aReady ? 1 : -1;
        var cost = DeletionCost(a).CompareTo(DeletionCost(b));
        if (cost != 0) return cost;
        if (rankA != rankB) return rankB.CompareTo(rankA);
        if (aReady && bReady)
        {
            // Ready more recently first: a pod that has only just become ready has proven the least.
            var readySince = Nullable.Compare(PodConditions.GetPodReadyCondition(b)?.LastTransitionTime, PodConditions.GetPodReadyCondition(a)?.LastTransitionTime);
            if (readySince != 0) return readySince;
        }
        var restarts = Restarts(b).CompareTo(Restarts(a));
        if (restarts != 0) return restarts;
        return Nullable.Compare(b.Metadata.CreationTimestamp, a.Metadata.CreationTimestamp);
    }

    private static int PhaseOrder(V1Pod pod) => pod.Status?.Phase switch
    {
        "Pending" or null or "" => 0,
        "Unknown" => 1,
        "Running" => 2,
        _ => 3,
    };

    private static int DeletionCost(V1Pod pod) =>
        pod.Metadata.Annotations?.TryGetValue(PodDeletionCostAnnotation, out var text) == true
        && int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var cost) ? cost : 0;

    // Upstream takes the highest restart count of any container.
    private static int Restarts(V1Pod pod) => pod.Status?.ContainerStatuses?.Select(c => c.RestartCount).DefaultIfEmpty(0).Max() ?? 0;
}
