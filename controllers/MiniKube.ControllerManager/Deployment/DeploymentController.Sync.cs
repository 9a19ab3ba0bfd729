using System.Globalization;
using System.Text.Json.Nodes;
using k8s;
using k8s.Models;
using MiniKube.ApiMachinery.Client;
using MiniKube.ApiMachinery.Errors;
using MiniKube.ControllerManager.Pods;
using static MiniKube.ControllerManager.Deployment.DeploymentUtil;

namespace MiniKube.ControllerManager.Deployment;

// What every strategy shares (upstream: sync.go): finding or creating the new ReplicaSet, revisions, scaling,
// cleanup of old ReplicaSets and the status.
public sealed partial class DeploymentController
{
    /// <summary>
    /// The new ReplicaSet (template equal to the Deployment's; created when <paramref name="createIfNotExisted"/>)
    /// and the old ones, with the new one's revision moved past every old one.
    /// </summary>
    private async Task<(V1ReplicaSet? NewRS, List<V1ReplicaSet> OldRSs)> GetAllReplicaSetsAndSyncRevisionAsync(V1Deployment d,
        List<V1ReplicaSet> rsList, bool createIfNotExisted, CancellationToken cancellationToken)
    {
        var existing = FindNewReplicaSet(d, rsList);
        var oldRSs = FindOldReplicaSets(d, rsList, existing);
        var newRS = await GetNewReplicaSetAsync(d, existing, oldRSs, createIfNotExisted, cancellationToken);
        return (newRS, oldRSs);
    }

    private async Task<V1ReplicaSet?> GetNewReplicaSetAsync(V1Deployment d, V1ReplicaSet? existing, List<V1ReplicaSet> oldRSs,
        bool createIfNotExisted, CancellationToken cancellationToken)
    {
        // The new ReplicaSet's revision is one more than any old one's: after `kubectl rollout undo` an old
        // ReplicaSet becomes the new one again, and gets the highest revision.
        var newRevision = (MaxRevision(oldRSs) + 1).ToString(CultureInfo.InvariantCulture);
        if (existing is not null)
        {
            var rsCopy = ObjectCopy.DeepCopy(existing);
            var annotationsUpdated = SetNewReplicaSetAnnotations(d, rsCopy, newRevision, exists: true);
            if (annotationsUpdated || (rsCopy.Spec.MinReadySeconds ?? 0) != (d.Spec.MinReadySeconds ?? 0))
            {
                rsCopy.Spec.MinReadySeconds = d.Spec.MinReadySeconds;
                // The update comes back through the informer and syncs us again; that sync records the revision.
                return await _client.AppsV1.ReplaceNamespacedReplicaSetAsync(rsCopy, rsCopy.Metadata.Name, rsCopy.Metadata.NamespaceProperty,
                    cancellationToken: cancellationToken);
            }
            await SetDeploymentRevisionAsync(d, rsCopy.Metadata.Annotations?.Get(RevisionAnnotation) ?? newRevision, cancellationToken);
            // A Deployment that never had a Progressing condition starts its deadline now.
            if (HasProgressDeadline(d) && GetCondition(d.Status, Progressing) is null)
            {
                SetCondition(d.Status, NewCondition(Progressing, "True", FoundNewRSReason, $"Found new replica set \"{rsCopy.Metadata.Name}\""));
                await UpdateStatusAsync(d, cancellationToken);
            }
            return rsCopy;
        }
        if (!createIfNotExisted) return null;

        // A new template: a new ReplicaSet named after its hash, whose selector and pods carry the hash too, so the
        // ReplicaSets of one Deployment never select each other's pods.
        var hash = PodTemplateHash.Compute(d.Spec.Template, d.Status.CollisionCount);
        var template = ObjectCopy.DeepCopy(d.Spec.Template);
        template.Metadata ??= new V1ObjectMeta();
        template.Metadata.Labels = new Dictionary<string, string>(template.Metadata.Labels ?? new Dictionary<string, string>()) { [PodTemplateHash.LabelKey] = hash };
        var selector = ObjectCopy.DeepCopy(d.Spec.Selector);
        selector.MatchLabels = new Dictionary<string, string>(selector.MatchLabels ?? new Dictionary<string, string>()) { [PodTemplateHash.LabelKey] = hash };
        var newRS = new V1ReplicaSet
        {
            ApiVersion = "apps/v1",
            Kind = "ReplicaSet",
            Metadata = new V1ObjectMeta
            {
                // A deterministic name: two syncs racing to create it collide instead of making two.
                Name = $"{d.Metadata.Name}-{hash}",
                NamespaceProperty = d.Metadata.NamespaceProperty,
                Labels = template.Metadata.Labels,
                OwnerReferences = [ControllerRef.New(d, "apps/v1", "Deployment")],
            },
            Spec = new V1ReplicaSetSpec { Replicas = 0, MinReadySeconds = d.Spec.MinReadySeconds, Selector = selector, Template = template },
        };
        var newReplicasCount = NewRSNewReplicas(d, [.. oldRSs, newRS], newRS);
        newRS.Spec.Replicas = newReplicasCount;
        SetNewReplicaSetAnnotations(d, newRS, newRevision, exists: false);

        V1ReplicaSet created;
        var alreadyExists = false;
        try
        {
            created = await _client.AppsV1.CreateNamespacedReplicaSetAsync(newRS, d.Metadata.NamespaceProperty, cancellationToken: cancellationToken);
        }
        catch (Exception ex) when (ApiErrors.IsAlreadyExists(ex))
        {
            // Ours already (the cache had not shown it yet)? Then use it. Someone else's, or another template with
            // the same hash: bump collisionCount so the next attempt hashes differently.
            var found = await _client.AppsV1.ReadNamespacedReplicaSetAsync(newRS.Metadata.Name, d.Metadata.NamespaceProperty, cancellationToken: cancellationToken);
            if (ControllerRef.Of(found)?.Uid == d.Metadata.Uid && EqualIgnoreHash(found.Spec.Template, d.Spec.Template))
            {
                created = found;
                alreadyExists = true;
            }
            else
            {
                d.Status.CollisionCount = (d.Status.CollisionCount ?? 0) + 1;
                await UpdateStatusAsync(d, cancellationToken);
                Log.HashCollision(_logger, MetaNamespaceKey.For(d), d.Status.CollisionCount.Value);
                throw;
            }
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            var message = $"Failed to create new replica set \"{newRS.Metadata.Name}\": {ApiErrors.Message(ex)}";
            if (HasProgressDeadline(d))
            {
                SetCondition(d.Status, NewCondition(Progressing, "False", FailedRSCreateReason, message));
                try { await UpdateStatusAsync(d, cancellationToken); }
                catch (Exception) when (!cancellationToken.IsCancellationRequested) { /* the create error is the one to report */ }
            }
            await _recorder.EventAsync(d, EventType.Warning, FailedRSCreateReason, message, cancellationToken);
            throw;
        }
        if (!alreadyExists)
        {
            Log.CreatedReplicaSet(_logger, MetaNamespaceKey.For(created), MetaNamespaceKey.For(d), newRevision);
            if (newReplicasCount > 0)
            {
                await _recorder.EventAsync(d, EventType.Normal, "ScalingReplicaSet",
                    $"Scaled up replica set {created.Metadata.Name} from 0 to {newReplicasCount}", cancellationToken);
            }
        }
        await SetDeploymentRevisionAsync(d, newRevision, cancellationToken);
        if (!alreadyExists && HasProgressDeadline(d))
        {
            SetCondition(d.Status, NewCondition(Progressing, "True", NewReplicaSetReason, $"Created new replica set \"{created.Metadata.Name}\""));
            await UpdateStatusAsync(d, cancellationToken);
        }
        return created;
    }

    // The Deployment's revision annotation follows its new ReplicaSet's (what `kubectl rollout history` shows).
    // Upstream difference: upstream writes it together with the status through UpdateStatus; our status subresource
    // changes only .status, so the annotation goes in a merge patch of its own.
    private async Task SetDeploymentRevisionAsync(V1Deployment d, string revision, CancellationToken cancellationToken)
    {
        if (d.Metadata.Annotations?.Get(RevisionAnnotation) == revision) return;
        var patch = new JsonObject { ["metadata"] = new JsonObject { ["annotations"] = new JsonObject { [RevisionAnnotation] = revision } } };
        var patched = await _client.AppsV1.PatchNamespacedDeploymentAsync(new V1Patch(patch.ToJsonString(), V1Patch.PatchType.MergePatch),
            d.Metadata.Name, d.Metadata.NamespaceProperty, cancellationToken: cancellationToken);
        d.Metadata.Annotations ??= new Dictionary<string, string>();
        d.Metadata.Annotations[RevisionAnnotation] = revision;
        d.Metadata.ResourceVersion = patched.Metadata.ResourceVersion;
    }

    /// <summary>Paused or scaled: resize the ReplicaSets (proportionally), clean up, write status; no rollout.</summary>
    private async Task SyncAsync(V1Deployment d, List<V1ReplicaSet> rsList, CancellationToken cancellationToken)
    {
        var (newRS, oldRSs) = await GetAllReplicaSetsAndSyncRevisionAsync(d, rsList, createIfNotExisted: false, cancellationToken);
        await ScaleAsync(d, newRS, oldRSs, cancellationToken);
        if (d.Spec.Paused == true) await CleanupDeploymentAsync(oldRSs, d, cancellationToken);
        await SyncDeploymentStatusAsync([.. oldRSs, newRS], newRS, d, cancellationToken);
    }

    /// <summary>
    /// Resizes the ReplicaSets to a new spec.replicas. With one active ReplicaSet it simply gets the new size; in the
    /// middle of a rolling update the change is shared out in proportion to each ReplicaSet's size (larger first),
    /// so that scaling neither rushes nor undoes the rollout.
    /// </summary>
    private async Task ScaleAsync(V1Deployment d, V1ReplicaSet? newRS, List<V1ReplicaSet> oldRSs, CancellationToken cancellationToken)
    {
        if (FindActiveOrLatest(newRS, oldRSs) is { } activeOrLatest)
        {
            if (DeploymentUtil.Replicas(activeOrLatest) != DeploymentUtil.Replicas(d))
                await ScaleReplicaSetAndRecordEventAsync(activeOrLatest, DeploymentUtil.Replicas(d), d, cancellationToken);
            return;
        }
        if (IsSaturated(d, newRS))
        {
            foreach (var old in Active(oldRSs)) await ScaleReplicaSetAndRecordEventAsync(old, 0, d, cancellationToken);
            return;
        }
        if (!IsRollingUpdate(d)) return;

        var allRSs = Active([.. oldRSs, newRS]);
        var allowedSize = DeploymentUtil.Replicas(d) > 0 ? DeploymentUtil.Replicas(d) + MaxSurge(d) : 0;
        var toAdd = allowedSize - ReplicaCount(allRSs);
        var operation = "";
        if (toAdd > 0)
        {
            // Up: larger first, newer first among equals.
            allRSs = [.. allRSs.OrderByDescending(DeploymentUtil.Replicas).ThenByDescending(rs => rs.Metadata.CreationTimestamp)];
            operation = "up";
        }
        else if (toAdd < 0)
        {
            // Down: larger first, older first among equals.
            allRSs = [.. allRSs.OrderByDescending(DeploymentUtil.Replicas).ThenBy(rs => rs.Metadata.CreationTimestamp)];
            operation = "down";
        }
        var added = 0;
        var sizes = new Dictionary<string, int>();
        foreach (var rs in allRSs)
        {
            var proportion = toAdd != 0 ? GetProportion(rs, d, toAdd, added) : 0;
            sizes[rs.Metadata.Name] = DeploymentUtil.Replicas(rs) + proportion;
            added += proportion;
        }
        for (var i = 0; i < allRSs.Count; i++)
        {
            var rs = allRSs[i];
            // Rounding leftovers go to the largest ReplicaSet.
            if (i == 0 && toAdd != 0) sizes[rs.Metadata.Name] = Math.Max(0, sizes[rs.Metadata.Name] + toAdd - added);
            await ScaleReplicaSetAsync(rs, sizes[rs.Metadata.Name], d, operation, cancellationToken);
        }
    }

    private Task<(bool Scaled, V1ReplicaSet RS)> ScaleReplicaSetAndRecordEventAsync(V1ReplicaSet rs, int newScale, V1Deployment d, CancellationToken cancellationToken)
    {
        if (DeploymentUtil.Replicas(rs) == newScale) return Task.FromResult((false, rs));
        return ScaleReplicaSetAsync(rs, newScale, d, DeploymentUtil.Replicas(rs) < newScale ? "up" : "down", cancellationToken);
    }

    /// <summary>Sets a ReplicaSet's replicas (and desired/max-replicas annotations) and records ScalingReplicaSet.</summary>
    private async Task<(bool Scaled, V1ReplicaSet RS)> ScaleReplicaSetAsync(V1ReplicaSet rs, int newScale, V1Deployment d, string operation,
        CancellationToken cancellationToken)
    {
        var sizeNeedsUpdate = DeploymentUtil.Replicas(rs) != newScale;
        var max = DeploymentUtil.Replicas(d) + MaxSurge(d);
        if (!sizeNeedsUpdate && !ReplicasAnnotationsNeedUpdate(rs, DeploymentUtil.Replicas(d), max)) return (false, rs);
        var oldScale = DeploymentUtil.Replicas(rs);
        var copy = ObjectCopy.DeepCopy(rs);
        copy.Spec.Replicas = newScale;
        SetReplicasAnnotations(copy, DeploymentUtil.Replicas(d), max);
        var updated = await _client.AppsV1.ReplaceNamespacedReplicaSetAsync(copy, copy.Metadata.Name, copy.Metadata.NamespaceProperty, cancellationToken: cancellationToken);
        if (!sizeNeedsUpdate) return (false, updated);
        Log.ScaledReplicaSet(_logger, operation, MetaNamespaceKey.For(rs), oldScale, newScale);
        await _recorder.EventAsync(d, EventType.Normal, "ScalingReplicaSet",
            $"Scaled {operation} replica set {rs.Metadata.Name} from {oldScale} to {newScale}", cancellationToken);
        return (true, updated);
    }

    /// <summary>
    /// Deletes the oldest old ReplicaSets beyond revisionHistoryLimit; only those already at zero with nothing left
    /// running, so history cleanup never takes pods away.
    /// </summary>
    private async Task CleanupDeploymentAsync(List<V1ReplicaSet> oldRSs, V1Deployment d, CancellationToken cancellationToken)
    {
        if (d.Spec.RevisionHistoryLimit is not { } limit) return;
        var cleanable = oldRSs.Where(rs => rs.Metadata.DeletionTimestamp is null).OrderBy(Revision).ThenBy(rs => rs.Metadata.CreationTimestamp).ToList();
        var diff = cleanable.Count - limit;
        for (var i = 0; i < diff; i++)
        {
            var rs = cleanable[i];
            if ((rs.Status?.Replicas ?? 0) != 0 || DeploymentUtil.Replicas(rs) != 0 || rs.Metadata.Generation > (rs.Status?.ObservedGeneration ?? 0)) continue;
            Log.CleaningUpReplicaSet(_logger, MetaNamespaceKey.For(rs), MetaNamespaceKey.For(d));
            try { await _client.AppsV1.DeleteNamespacedReplicaSetAsync(rs.Metadata.Name, rs.Metadata.NamespaceProperty, cancellationToken: cancellationToken); }
            catch (Exception ex) when (ApiErrors.IsNotFound(ex)) { }
        }
    }

    private async Task SyncDeploymentStatusAsync(List<V1ReplicaSet?> allRSs, V1ReplicaSet? newRS, V1Deployment d, CancellationToken cancellationToken)
    {
        var newStatus = CalculateStatus(allRSs, newRS, d);
        if (StatusEqual(d.Status, newStatus)) return;
        d.Status = newStatus;
        await UpdateStatusAsync(d, cancellationToken);
    }

    private static bool StatusEqual(V1DeploymentStatus? a, V1DeploymentStatus b) => KubernetesJson.Serialize(a) == KubernetesJson.Serialize(b);

    /// <summary>Counts summed over the ReplicaSets, and the Available condition.</summary>
    private static V1DeploymentStatus CalculateStatus(List<V1ReplicaSet?> allRSs, V1ReplicaSet? newRS, V1Deployment d)
    {
        var available = AvailableReplicaCount(allRSs);
        var status = new V1DeploymentStatus
        {
            ObservedGeneration = d.Metadata.Generation,
            Replicas = ActualReplicaCount(allRSs),
            UpdatedReplicas = ActualReplicaCount([newRS]),
            ReadyReplicas = ReadyReplicaCount(allRSs),
            AvailableReplicas = available,
            // Negative while scaling down (more available than wanted): then nothing is unavailable.
            UnavailableReplicas = Math.Max(0, ReplicaCount(allRSs) - available),
            CollisionCount = d.Status?.CollisionCount,
            Conditions = d.Status?.Conditions?.ToList(),
        };
        if (available >= DeploymentUtil.Replicas(d) - MaxUnavailable(d))
            SetCondition(status, NewCondition(Available, "True", MinimumReplicasAvailable, "Deployment has minimum availability."));
        else
            SetCondition(status, NewCondition(Available, "False", MinimumReplicasUnavailable, "Deployment does not have minimum availability."));
        return status;
    }

    /// <summary>Whether spec.replicas changed since the active ReplicaSets were sized (their desired-replicas).</summary>
    private async Task<bool> IsScalingEventAsync(V1Deployment d, List<V1ReplicaSet> rsList, CancellationToken cancellationToken)
    {
        var (newRS, oldRSs) = await GetAllReplicaSetsAndSyncRevisionAsync(d, rsList, createIfNotExisted: false, cancellationToken);
        return Active([.. oldRSs, newRS]).Any(rs => DesiredReplicasAnnotationValue(rs) is { } desired && desired != DeploymentUtil.Replicas(d));
    }

    // Pausing sets Progressing=Unknown/DeploymentPaused, resuming DeploymentResumed: no deadline runs while paused.
    private async Task CheckPausedConditionsAsync(V1Deployment d, CancellationToken cancellationToken)
    {
        if (!HasProgressDeadline(d)) return;
        var condition = GetCondition(d.Status, Progressing);
        if (condition?.Reason == TimedOutReason) return; // a timed-out rollout stays timed out
        var paused = d.Spec.Paused == true;
        if (paused && condition?.Reason != PausedDeployReason)
            SetCondition(d.Status, NewCondition(Progressing, "Unknown", PausedDeployReason, "Deployment is paused"));
        else if (!paused && condition?.Reason == PausedDeployReason)
            SetCondition(d.Status, NewCondition(Progressing, "Unknown", ResumedDeployReason, "Deployment is resumed"));
        else
            return;
        await UpdateStatusAsync(d, cancellationToken);
    }

    private async Task SyncStatusOnlyAsync(V1Deployment d, List<V1ReplicaSet> rsList, CancellationToken cancellationToken)
    {
        var (newRS, oldRSs) = await GetAllReplicaSetsAndSyncRevisionAsync(d, rsList, createIfNotExisted: false, cancellationToken);
        await SyncDeploymentStatusAsync([.. oldRSs, newRS], newRS, d, cancellationToken);
    }
}
