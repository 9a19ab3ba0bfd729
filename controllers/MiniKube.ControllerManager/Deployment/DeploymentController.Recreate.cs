using k8s.Models;
using static MiniKube.ControllerManager.Deployment.DeploymentUtil;

namespace MiniKube.ControllerManager.Deployment;

// Recreate (upstream: recreate.go): scale every old ReplicaSet to zero, wait until none of their pods is left
// running, and only then create and scale up the new one. There is downtime, but never two versions at once.
// Concept: https://kubernetes.io/docs/concepts/workloads/controllers/deployment/#recreate-deployment
public sealed partial class DeploymentController
{
    private async Task RolloutRecreateAsync(V1Deployment d, List<V1ReplicaSet> rsList, Dictionary<string, List<V1Pod>> podMap,
        CancellationToken cancellationToken)
    {
        // Do not create the new ReplicaSet yet: its pods would run beside the old ones.
        var (newRS, oldRSs) = await GetAllReplicaSetsAndSyncRevisionAsync(d, rsList, createIfNotExisted: false, cancellationToken);
        List<V1ReplicaSet?> allRSs = [.. oldRSs, newRS];

        var scaledDown = false;
        foreach (var rs in Active(oldRSs))
        {
            if ((await ScaleReplicaSetAndRecordEventAsync(rs, 0, d, cancellationToken)).Scaled) scaledDown = true;
        }
        if (scaledDown)
        {
            await SyncRolloutStatusAsync(allRSs, newRS, d, cancellationToken);
            return;
        }
        // Wait for the old pods to be gone; a pod deletion wakes us (see DeletePod).
        if (OldPodsRunning(newRS, oldRSs, podMap))
        {
            await SyncRolloutStatusAsync(allRSs, newRS, d, cancellationToken);
            return;
        }
        if (newRS is null)
        {
            (newRS, oldRSs) = await GetAllReplicaSetsAndSyncRevisionAsync(d, rsList, createIfNotExisted: true, cancellationToken);
            allRSs = [.. oldRSs, newRS];
        }
        await ScaleReplicaSetAndRecordEventAsync(newRS!, DeploymentUtil.Replicas(d), d, cancellationToken);
        if (DeploymentComplete(d, d.Status)) await CleanupDeploymentAsync(oldRSs, d, cancellationToken);
        await SyncRolloutStatusAsync(allRSs, newRS, d, cancellationToken);
    }

    // Any old ReplicaSet still reporting pods, or any of their pods not finished (a terminating pod is still running).
    private static bool OldPodsRunning(V1ReplicaSet? newRS, List<V1ReplicaSet> oldRSs, Dictionary<string, List<V1Pod>> podMap)
    {
        if (ActualReplicaCount(oldRSs) > 0) return true;
        return podMap.Where(p => newRS is null || p.Key != newRS.Metadata.Uid)
            .SelectMany(p => p.Value).Any(pod => pod.Status?.Phase is not ("Failed" or "Succeeded"));
    }
}
