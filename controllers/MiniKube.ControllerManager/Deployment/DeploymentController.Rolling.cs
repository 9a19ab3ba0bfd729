using k8s.Models;
using static MiniKube.ControllerManager.Deployment.DeploymentUtil;

namespace MiniKube.ControllerManager.Deployment;

// RollingUpdate (upstream: rolling.go): grow the new ReplicaSet while the total stays within replicas+maxSurge,
// shrink the old ones while the available pods stay at or above replicas-maxUnavailable. One step per sync; the
// ReplicaSets' status updates (pods ready) trigger the next.
// Concept: https://kubernetes.io/docs/concepts/workloads/controllers/deployment/#rolling-update-deployment
public sealed partial class DeploymentController
{
    private async Task RolloutRollingAsync(V1Deployment d, List<V1ReplicaSet> rsList, CancellationToken cancellationToken)
    {
        var (newRS, oldRSs) = await GetAllReplicaSetsAndSyncRevisionAsync(d, rsList, createIfNotExisted: true, cancellationToken);
        List<V1ReplicaSet?> allRSs = [.. oldRSs, newRS];

        // Scale up first, if there is room under maxSurge.
        if (await ReconcileNewReplicaSetAsync(allRSs, newRS!, d, cancellationToken))
        {
            await SyncRolloutStatusAsync(allRSs, newRS, d, cancellationToken);
            return;
        }
        // Then scale down, if availability allows.
        if (await ReconcileOldReplicaSetsAsync(allRSs, Active(oldRSs), newRS!, d, cancellationToken))
        {
            await SyncRolloutStatusAsync(allRSs, newRS, d, cancellationToken);
            return;
        }
        if (DeploymentComplete(d, d.Status)) await CleanupDeploymentAsync(oldRSs, d, cancellationToken);
        await SyncRolloutStatusAsync(allRSs, newRS, d, cancellationToken);
    }

    private async Task<bool> ReconcileNewReplicaSetAsync(List<V1ReplicaSet?> allRSs, V1ReplicaSet newRS, V1Deployment d, CancellationToken cancellationToken)
    {
        var wanted = DeploymentUtil.Replicas(d);
        if (DeploymentUtil.Replicas(newRS) == wanted) return false;
        if (DeploymentUtil.Replicas(newRS) > wanted)
            return (await ScaleReplicaSetAndRecordEventAsync(newRS, wanted, d, cancellationToken)).Scaled;
        var newReplicas = NewRSNewReplicas(d, allRSs.OfType<V1ReplicaSet>(), newRS);
        return (await ScaleReplicaSetAndRecordEventAsync(newRS, newReplicas, d, cancellationToken)).Scaled;
    }

    private async Task<bool> ReconcileOldReplicaSetsAsync(List<V1ReplicaSet?> allRSs, List<V1ReplicaSet> oldRSs, V1ReplicaSet newRS, V1Deployment d,
        CancellationToken cancellationToken)
    {
        if (ReplicaCount(oldRSs) == 0) return false; // nothing left to scale down
        var allPodsCount = ReplicaCount(allRSs);
        var minAvailable = DeploymentUtil.Replicas(d) - MaxUnavailable(d);
        var newRSUnavailable = DeploymentUtil.Replicas(newRS) - (newRS.Status?.AvailableReplicas ?? 0);
        // Old pods we may remove now: all pods, minus those that must stay available, minus the new pods that are
        // not available yet (they cannot be counted on).
        var maxScaledDown = allPodsCount - minAvailable - newRSUnavailable;
        if (maxScaledDown <= 0) return false;

        // Unhealthy old replicas go first: removing them costs no availability.
        var (cleanedUp, afterCleanup) = await CleanupUnhealthyReplicasAsync(oldRSs, d, maxScaledDown, cancellationToken);
        List<V1ReplicaSet?> all = [.. afterCleanup, newRS];
        var scaledDown = await ScaleDownOldReplicaSetsForRollingUpdateAsync(all, afterCleanup, d, cancellationToken);
        return cleanedUp + scaledDown > 0;
    }

    private async Task<(int CleanedUp, List<V1ReplicaSet> OldRSs)> CleanupUnhealthyReplicasAsync(List<V1ReplicaSet> oldRSs, V1Deployment d,
        int maxCleanupCount, CancellationToken cancellationToken)
    {
        var total = 0;
        var result = new List<V1ReplicaSet>();
        foreach (var rs in ByCreation(oldRSs))
        {
            var current = rs;
            var unhealthy = DeploymentUtil.Replicas(rs) - (rs.Status?.AvailableReplicas ?? 0);
            if (total < maxCleanupCount && DeploymentUtil.Replicas(rs) > 0 && unhealthy > 0)
            {
                var count = Math.Min(maxCleanupCount - total, unhealthy);
                var (_, updated) = await ScaleReplicaSetAndRecordEventAsync(rs, DeploymentUtil.Replicas(rs) - count, d, cancellationToken);
                current = updated;
                total += count;
            }
            result.Add(current);
        }
        return (total, result);
    }

    private async Task<int> ScaleDownOldReplicaSetsForRollingUpdateAsync(List<V1ReplicaSet?> allRSs, List<V1ReplicaSet> oldRSs, V1Deployment d,
        CancellationToken cancellationToken)
    {
        var minAvailable = DeploymentUtil.Replicas(d) - MaxUnavailable(d);
        var available = CountableAvailableReplicas(allRSs);
        if (available <= minAvailable) return 0;
        var totalScaleDown = available - minAvailable;
        var scaledDown = 0;
        // Oldest first.
        foreach (var rs in ByCreation(oldRSs))
        {
            if (scaledDown >= totalScaleDown) break;
            if (DeploymentUtil.Replicas(rs) == 0) continue;
            var count = Math.Min(DeploymentUtil.Replicas(rs), totalScaleDown - scaledDown);
            await ScaleReplicaSetAndRecordEventAsync(rs, DeploymentUtil.Replicas(rs) - count, d, cancellationToken);
            scaledDown += count;
        }
        return scaledDown;
    }
}
