using System.Text.Json.Nodes;
using k8s;
using k8s.Models;
using MiniKube.ApiMachinery.Errors;
using MiniKube.ApiMachinery.Labels;

namespace MiniKube.ControllerManager.Pods;

/// <summary>
/// Decides which objects a controller owns (upstream: <c>ControllerRefManager.ClaimPods</c>/<c>ClaimReplicaSets</c>).
/// The selector says what a controller should own; the controller ownerReference says what it does own. Claiming
/// makes the two agree: an orphan that matches is adopted (a controller ownerReference with blockOwnerDeletion, so
/// the garbage collector deletes it with its owner); an owned object that no longer matches (someone relabelled it)
/// is released; objects with another controller are left alone, so two controllers never fight over one pod.
/// Concept: https://kubernetes.io/docs/concepts/overview/working-with-objects/owners-dependents/
/// </summary>
public sealed class ControllerRefManager<TChild>(
    IKubernetesObject<V1ObjectMeta> owner,
    string ownerApiVersion,
    string ownerKind,
    LabelSelector selector,
    Func<CancellationToken, Task> recheckOwner,
    Func<TChild, V1Patch, CancellationToken, Task> patchChild) where TChild : class, IKubernetesObject<V1ObjectMeta>
{
    private bool _canAdoptChecked;

    /// <summary>Adopts and releases as needed; returns the children the owner controls afterwards.</summary>
    public async Task<List<TChild>> ClaimAsync(IEnumerable<TChild> children, CancellationToken cancellationToken)
    {
        var claimed = new List<TChild>();
        var errors = new List<Exception>();
        foreach (var child in children)
        {
            try
            {
                if (await ClaimOneAsync(child, cancellationToken)) claimed.Add(child);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                errors.Add(ex);
            }
        }
        if (errors.Count > 0) throw new AggregateException($"claiming objects for {ownerKind} {owner.Metadata.NamespaceProperty}/{owner.Metadata.Name}", errors);
        return claimed;
    }

    private async Task<bool> ClaimOneAsync(TChild child, CancellationToken cancellationToken)
    {
        var matches = selector.Matches(child.Metadata.Labels);
        if (ControllerRef.Of(child) is { } controllerRef)
        {
            if (controllerRef.Uid != owner.Metadata.Uid) return false; // someone else's
            if (matches) return true;
            // Ours but no longer selected. An owner being deleted releases nothing: the garbage collector handles it.
            if (owner.Metadata.DeletionTimestamp is not null) return false;
            await ReleaseAsync(child, cancellationToken);
            return false;
        }
        // An orphan: adopt it if it matches, unless the owner or the child is on its way out.
        if (!matches || owner.Metadata.DeletionTimestamp is not null || child.Metadata.DeletionTimestamp is not null) return false;
        if (!_canAdoptChecked)
        {
            // The cached owner may be stale: check with the server that it still exists and is not being deleted,
            // or we would adopt pods into an owner the garbage collector is about to remove.
            await recheckOwner(cancellationToken);
            _canAdoptChecked = true;
        }
        await AdoptAsync(child, cancellationToken);
        return true;
    }

    private Task AdoptAsync(TChild child, CancellationToken cancellationToken)
    {
        var references = (child.Metadata.OwnerReferences ?? []).Where(r => r.Uid != owner.Metadata.Uid)
            .Append(ControllerRef.New(owner, ownerApiVersion, ownerKind));
        return PatchOwnerReferencesAsync(child, references, cancellationToken);
    }

    private async Task ReleaseAsync(TChild child, CancellationToken cancellationToken)
    {
        try
        {
            await PatchOwnerReferencesAsync(child, (child.Metadata.OwnerReferences ?? []).Where(r => r.Uid != owner.Metadata.Uid), cancellationToken);
        }
        catch (Exception ex) when (ApiErrors.IsNotFound(ex))
        {
            // Already gone: nothing to release.
        }
    }

    // A merge patch of the whole ownerReferences list, pinned to the resourceVersion we read it at: if the object
    // changed meanwhile the server answers 409, and the next sync decides again on fresh data.
    private Task PatchOwnerReferencesAsync(TChild child, IEnumerable<V1OwnerReference> references, CancellationToken cancellationToken)
    {
        var patch = new JsonObject
        {
            ["metadata"] = new JsonObject
            {
                ["resourceVersion"] = child.Metadata.ResourceVersion,
                ["ownerReferences"] = JsonNode.Parse(KubernetesJson.Serialize(references.ToList())),
            },
        };
        return patchChild(child, new V1Patch(patch.ToJsonString(), V1Patch.PatchType.MergePatch), cancellationToken);
    }
}
