using k8s.Models;
using MiniKube.ApiMachinery.Client;
using static MiniKube.ControllerManager.Deployment.DeploymentUtil;

namespace MiniKube.ControllerManager.Deployment;

// The Progressing condition (upstream: progress.go): True/ReplicaSetUpdated while pods move, True/
// NewReplicaSetAvailable once the rollout is complete, False/ProgressDeadlineExceeded after progressDeadlineSeconds
// without any movement. `kubectl rollout status` reads it and fails on the deadline.
// Concept: https://kubernetes.io/docs/concepts/workloads/controllers/deployment/#deployment-status
public sealed partial class DeploymentController
{
    private async Task SyncRolloutStatusAsync(List<V1ReplicaSet?> allRSs, V1ReplicaSet? newRS, V1Deployment d, CancellationToken cancellationToken)
    {
        var newStatus = CalculateStatus(allRSs, newRS, d);
        if (!HasProgressDeadline(d)) RemoveCondition(newStatus, Progressing);

        var current = GetCondition(d.Status, Progressing);
        var isComplete = newStatus.Replicas == newStatus.UpdatedReplicas && current?.Reason == NewRSAvailableReason;
        if (HasProgressDeadline(d) && !isComplete)
        {
            var now = DateTime.UtcNow;
            if (DeploymentComplete(d, newStatus))
            {
                var message = newRS is null ? "Deployment has successfully progressed." : $"ReplicaSet \"{newRS.Metadata.Name}\" has successfully progressed.";
                SetCondition(newStatus, NewCondition(Progressing, "True", NewRSAvailableReason, message));
                Log.RolloutComplete(_logger, MetaNamespaceKey.For(d), newRS?.Metadata.Name ?? "");
            }
            else if (DeploymentProgressing(d, newStatus))
            {
                // Movement: restart the deadline (a fresh lastUpdateTime), keeping lastTransitionTime if already True.
                var message = newRS is null ? "Deployment is progressing." : $"ReplicaSet \"{newRS.Metadata.Name}\" is progressing.";
                var condition = NewCondition(Progressing, "True", ReplicaSetUpdatedReason, message);
                if (current is { Status: "True" }) condition.LastTransitionTime = current.LastTransitionTime;
                RemoveCondition(newStatus, Progressing);
                SetCondition(newStatus, condition);
            }
            else if (DeploymentTimedOut(d, newStatus, now))
            {
                var message = newRS is null ? "Deployment has timed out progressing." : $"ReplicaSet \"{newRS.Metadata.Name}\" has timed out progressing.";
                SetCondition(newStatus, NewCondition(Progressing, "False", TimedOutReason, message));
                if (current?.Reason != TimedOutReason) Log.ProgressDeadlineExceeded(_logger, MetaNamespaceKey.For(d), d.Spec.ProgressDeadlineSeconds ?? 0);
            }
        }

        // A ReplicaSet that cannot create pods is the Deployment's ReplicaFailure too.
        var failure = allRSs.OfType<V1ReplicaSet>().Select(rs => rs.Status?.Conditions?.FirstOrDefault(c => c.Type == ReplicaFailure)).FirstOrDefault(c => c is not null);
        if (failure is not null)
            SetCondition(newStatus, new V1DeploymentCondition { Type = ReplicaFailure, Status = failure.Status, Reason = failure.Reason, Message = failure.Message,
                LastTransitionTime = failure.LastTransitionTime, LastUpdateTime = failure.LastTransitionTime });
        else
            RemoveCondition(newStatus, ReplicaFailure);

        if (StatusEqual(d.Status, newStatus))
        {
            // Nothing changed: come back when the deadline would pass, in case nothing else wakes us.
            RequeueStuckDeployment(d, newStatus);
            return;
        }
        d.Status = newStatus;
        await UpdateStatusAsync(d, cancellationToken);
    }

    private void RequeueStuckDeployment(V1Deployment d, V1DeploymentStatus status)
    {
        var condition = GetCondition(status, Progressing);
        if (!HasProgressDeadline(d) || condition is null || condition.Reason is NewRSAvailableReason or TimedOutReason) return;
        if (DeploymentComplete(d, status)) return;
        var after = (condition.LastUpdateTime ?? DateTime.UtcNow).AddSeconds(d.Spec.ProgressDeadlineSeconds!.Value) - DateTime.UtcNow;
        // Past the deadline already: right away (plus a second, so the check sees it passed).
        Queue.AddAfter(MetaNamespaceKey.For(d), after < TimeSpan.FromSeconds(1) ? TimeSpan.FromSeconds(1) : after + TimeSpan.FromSeconds(1));
    }
}
