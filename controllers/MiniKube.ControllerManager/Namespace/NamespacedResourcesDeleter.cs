using k8s;
using k8s.Models;
using Microsoft.Extensions.Logging;
using MiniKube.ApiMachinery.Client;
using MiniKube.ApiMachinery.Errors;

namespace MiniKube.ControllerManager.Namespace;

/// <summary>
/// Empties one Terminating namespace (upstream: namespacedResourcesDeleter): discovers every namespaced resource
/// type the API server serves, deletes each type's objects in the namespace, counts what is still there, reports
/// all of it in the namespace's status conditions, and finalizes the namespace once nothing is left.
/// Concept: https://kubernetes.io/docs/concepts/overview/working-with-objects/namespaces/#deleting-a-namespace
/// </summary>
public sealed partial class NamespacedResourcesDeleter(Kubernetes client, ILogger logger)
{
    public const string KubernetesFinalizer = "kubernetes";

    // Upstream waits this long when objects with finalizers remain (someone else has to remove them).
    private const long FinalizerEstimateSeconds = 15;

    private readonly DiscoveryClient _discovery = new(client);
    private readonly MetadataClient _metadata = new(client);

    /// <summary>
    /// One pass. Null when the namespace is finalized (or needs nothing); otherwise an estimate, in seconds, of how
    /// long the remaining content needs to go.
    /// </summary>
    public async Task<long?> DeleteAsync(string name, CancellationToken cancellationToken)
    {
        // A live read: acting on a stale cache could finalize a namespace someone has just recreated.
        V1Namespace ns;
        try { ns = await client.CoreV1.ReadNamespaceAsync(name, cancellationToken: cancellationToken); }
        catch (Exception ex) when (ApiErrors.IsNotFound(ex)) { return null; }
        if (ns.Metadata.DeletionTimestamp is null) return null;
        if (ns.Spec?.Finalizers?.Contains(KubernetesFinalizer) != true) return null; // already finalized by us

        var conditions = new NamespaceConditionUpdater();
        var (resources, failedGroups) = await _discovery.ServerPreferredResourcesAsync(cancellationToken);
        if (failedGroups.Count > 0) conditions.DiscoveryFailed(failedGroups);
        long estimate = 0;
        var remaining = new List<string>();
        var finalizersRemaining = new Dictionary<string, int>(StringComparer.Ordinal);
        var failures = new List<string>();
        foreach (var resource in resources.Where(r => r.Namespaced && r.Supports("list") && r.Supports("delete") && r.Plural != "events"))
        {
            try
            {
                var (left, resourceEstimate) = await DeleteAllContentAsync(resource, name, finalizersRemaining, cancellationToken);
                if (left > 0) remaining.Add($"{resource.Plural}.{resource.Group} has {left} resource instances");
                estimate = Math.Max(estimate, resourceEstimate);
            }
            catch (ApiStatusException ex)
            {
                failures.Add($"{resource}: {ex.Message}");
            }
        }
        // Events go last, so the story of the deletion itself stays readable until the end (upstream does the same).
        if (resources.FirstOrDefault(r => r.Namespaced && r.Plural == "events" && r.Group.Length == 0) is { } events)
        {
            try { await DeleteAllContentAsync(events, name, finalizersRemaining, cancellationToken); }
            catch (ApiStatusException ex) { failures.Add($"{events}: {ex.Message}"); }
        }
        if (failures.Count > 0) conditions.ContentDeletionFailed(failures);
        if (remaining.Count > 0) conditions.ContentRemaining(remaining);
        if (finalizersRemaining.Count > 0)
        {
            conditions.FinalizersRemaining(finalizersRemaining.Select(f => $"{f.Key} in {f.Value} resource instances"));
            estimate = Math.Max(estimate, FinalizerEstimateSeconds);
        }
        await UpdateConditionsAsync(ns, conditions, cancellationToken);

        if (failures.Count > 0) throw new InvalidOperationException($"failed to delete content of namespace {name}: {string.Join("; ", failures)}");
        if (remaining.Count > 0 || failedGroups.Count > 0) return Math.Max(estimate, 1);

        // Empty: remove our finalizer. With no other spec.finalizers left, the API server deletes the namespace.
        ns.Spec.Finalizers = [.. ns.Spec.Finalizers.Where(f => f != KubernetesFinalizer)];
        try
        {
            await client.CoreV1.ReplaceNamespaceFinalizeAsync(ns, name, cancellationToken: cancellationToken);
        }
        catch (Exception ex) when (ApiErrors.IsNotFound(ex))
        {
            return null; // another controller finished it
        }
        Log.Finalized(logger, name);
        return null;
    }

    /// <summary>
    /// Deletes every object of one type in the namespace (deletecollection when the type supports it, else one by
    /// one), then lists what is left. Returns how many remain and an estimate of how long they need.
    /// </summary>
    private async Task<(int Remaining, long Estimate)> DeleteAllContentAsync(ApiResource resource, string ns,
        Dictionary<string, int> finalizersRemaining, CancellationToken cancellationToken)
    {
        var background = new V1DeleteOptions { PropagationPolicy = "Background" };
        if (resource.Supports("deletecollection"))
        {
            await _metadata.DeleteCollectionAsync(resource, ns, background, cancellationToken);
        }
        else
        {
            foreach (var item in await _metadata.ListAsync(resource, ns, cancellationToken))
            {
                if (item.Metadata.DeletionTimestamp is null) await _metadata.DeleteAsync(resource, ns, item.Metadata.Name, background, cancellationToken);
            }
        }
        var left = await _metadata.ListAsync(resource, ns, cancellationToken);
        long estimate = 0;
        foreach (var item in left)
        {
            foreach (var finalizer in item.Metadata.Finalizers ?? [])
            {
                finalizersRemaining[finalizer] = finalizersRemaining.GetValueOrDefault(finalizer) + 1;
            }
            // A terminating pod needs its grace period: the kubelet is stopping its containers.
            estimate = Math.Max(estimate, item.Metadata.DeletionGracePeriodSeconds ?? 0);
        }
        if (left.Count > 0) Log.Remaining(logger, ns, resource.ToString(), left.Count);
        return (left.Count, estimate);
    }

    private async Task UpdateConditionsAsync(V1Namespace ns, NamespaceConditionUpdater conditions, CancellationToken cancellationToken)
    {
        ns.Status ??= new V1NamespaceStatus { Phase = "Terminating" };
        if (!conditions.Apply(ns.Status)) return;
        try
        {
            var updated = await client.CoreV1.ReplaceNamespaceStatusAsync(ns, ns.Metadata.Name, cancellationToken: cancellationToken);
            ns.Metadata.ResourceVersion = updated.Metadata.ResourceVersion;
        }
        catch (Exception ex) when (ApiErrors.IsConflict(ex) || ApiErrors.IsNotFound(ex))
        {
            // Conditions are informational; the next pass writes them again.
        }
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = 2732, Level = LogLevel.Information, Message = "Namespace {Namespace} still has {Count} {Resource}")]
        public static partial void Remaining(ILogger logger, string @namespace, string resource, int count);

        [LoggerMessage(EventId = 2733, Level = LogLevel.Information, Message = "Namespace {Namespace} is empty; removed the kubernetes finalizer")]
        public static partial void Finalized(ILogger logger, string @namespace);
    }
}
