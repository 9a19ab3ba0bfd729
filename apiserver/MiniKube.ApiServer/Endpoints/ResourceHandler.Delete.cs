using k8s;
using k8s.Models;
using MiniKube.ApiMachinery.Errors;
using MiniKube.ApiServer.Pipeline;
using MiniKube.ApiServer.Registry;
using MiniKube.ApiServer.Registry.Resources;

namespace MiniKube.ApiServer.Endpoints;

public sealed partial class ResourceHandler
{
    private const string OrphanFinalizer = "orphan";
    private const string ForegroundFinalizer = "foregroundDeletion";

    /// <summary>
    /// DELETE one object. Preconditions (uid, resourceVersion) must hold. An object with finalizers is only marked
    /// (deletionTimestamp) and disappears when the last finalizer is removed; the propagation policy adds the
    /// garbage collector's finalizers (Foreground: "foregroundDeletion", Orphan: "orphan"). A Pod bound to a node is
    /// deleted gracefully: marked, and removed by its kubelet once the containers have stopped.
    /// Concept: https://kubernetes.io/docs/concepts/architecture/garbage-collection/
    /// </summary>
    private async Task DeleteAsync(HttpContext context, RequestInfo info, ResourceDefinition resource, string ns)
    {
        var options = await ReadDeleteOptionsAsync(context);
        var dryRun = IsDryRun(context) || options.DryRun?.Contains("All") == true;
        var (result, deleted) = await DeleteObjectAsync(context, info, resource, ns, info.Name, options, dryRun);
        // Upstream answers with the deleted object for pods, services and namespaces (their stores set
        // ReturnDeletedObject; clients such as KubernetesClient's DeleteNamespacedService expect a Service back) and
        // with a Status for everything else.
        if (deleted && resource != Namespaces.Definition && resource.Kind is not ("Pod" or "Service"))
        {
            await ResponseWriter.WriteObjectAsync(context, StatusErrors.Success(resource.Group, resource.Plural, info.Name, result.Metadata.Uid), 200);
        }
        else
        {
            // Still there (finalizers, graceful deletion), or a pod or namespace: the object itself.
            await ResponseWriter.WriteObjectAsync(context, result, 200);
        }
    }

    /// <summary>Deletes or marks one object. Returns the object and whether it is gone from storage.</summary>
    private async Task<(IKubernetesObject<V1ObjectMeta> Object, bool Deleted)> DeleteObjectAsync(HttpContext context, RequestInfo info,
        ResourceDefinition resource, string ns, string name, V1DeleteOptions options, bool dryRun)
    {
        for (var attempt = 1; ; attempt++)
        {
            var current = await store.GetExistingAsync(resource, ns, name, context.RequestAborted);
            CheckPreconditions(resource, current, options.Preconditions);
            await pipeline.RunAsync(new ApiRequest
            {
                Info = info with { Verb = "delete", Name = name },
                Resource = resource,
                Operation = AdmissionOperation.Delete,
                OldObject = current,
                DryRun = dryRun,
            }, context.RequestAborted);

            var marked = ObjectCodec.Clone(current);
            var meta = marked.Metadata;
            var finalizers = meta.Finalizers?.ToList() ?? [];
            var policy = options.PropagationPolicy ?? (options.OrphanDependents == true ? "Orphan" : null);
            if (policy == "Foreground" && !finalizers.Contains(ForegroundFinalizer)) finalizers.Add(ForegroundFinalizer);
            if (policy == "Orphan" && !finalizers.Contains(OrphanFinalizer)) finalizers.Add(OrphanFinalizer);
            var graceSeconds = GracePeriodSeconds(current, options);
            // A namespace waits for the namespace controller (its "kubernetes" spec finalizer) to empty it.
            var namespaceFinalizing = current is V1Namespace { Spec.Finalizers.Count: > 0 };
            var mustWait = finalizers.Count > 0 || graceSeconds > 0 || namespaceFinalizing;
            try
            {
                if (!mustWait)
                {
                    if (!dryRun) await store.DeleteAsync(resource, ns, name, Revision(current), context.RequestAborted);
                    Log.Deleted(logger, resource.ToString(), Key(current));
                    return (current, true);
                }
                if (meta.DeletionTimestamp is not null && finalizers.SequenceEqual(meta.Finalizers ?? []))
                {
                    return (current, false); // already being deleted: nothing more to record
                }
                meta.Finalizers = finalizers;
                meta.DeletionTimestamp ??= DateTime.UtcNow.AddSeconds(graceSeconds).Truncate();
                meta.DeletionGracePeriodSeconds ??= graceSeconds;
                if (marked is V1Namespace namespaceObject) namespaceObject.Status = new V1NamespaceStatus { Phase = "Terminating" };
                if (dryRun) return (marked, false);
                var updated = await store.UpdateAsync(resource, marked, Revision(current), context.RequestAborted);
                Log.MarkedForDeletion(logger, resource.ToString(), Key(updated), string.Join(",", finalizers));
                return (updated, false);
            }
            catch (StatusException ex) when (ex.Status.Reason == "Conflict" && options.Preconditions?.ResourceVersion is null && attempt < PatchRetries)
            {
                // Changed under us (e.g. a status update): the delete is still wanted, try again on the new version.
            }
        }
    }

    /// <summary>
    /// Seconds of grace: only Pods scheduled to a node get any, because only a kubelet can stop containers
    /// gracefully. An unscheduled Pod is removed at once, as upstream does.
    /// </summary>
    private static long GracePeriodSeconds(IKubernetesObject<V1ObjectMeta> current, V1DeleteOptions options)
    {
        if (current is not V1Pod pod || string.IsNullOrEmpty(pod.Spec?.NodeName)) return 0;
        if (pod.Status?.Phase is "Succeeded" or "Failed") return 0;
        var grace = options.GracePeriodSeconds ?? pod.Spec.TerminationGracePeriodSeconds ?? 30;
        return Math.Max(0, grace);
    }

    private static void CheckPreconditions(ResourceDefinition resource, IKubernetesObject<V1ObjectMeta> current, V1Preconditions? preconditions)
    {
        if (preconditions is null) return;
        if (preconditions.Uid is { } uid && uid != current.Metadata.Uid)
        {
            throw new StatusException(StatusErrors.Conflict(resource.Group, resource.Plural, current.Metadata.Name,
                $"Precondition failed: UID in precondition: {uid}, UID in object meta: {current.Metadata.Uid}"));
        }
        if (preconditions.ResourceVersion is { } rv && rv != current.Metadata.ResourceVersion)
        {
            throw new StatusException(StatusErrors.Conflict(resource.Group, resource.Plural, current.Metadata.Name,
                $"Precondition failed: ResourceVersion in precondition: {rv}, ResourceVersion in object meta: {current.Metadata.ResourceVersion}"));
        }
    }

    /// <summary>DeleteOptions come in the body (kubectl) or as query parameters (curl, client libraries).</summary>
    private static async Task<V1DeleteOptions> ReadDeleteOptionsAsync(HttpContext context)
    {
        var body = await RequestBody.ReadBytesAsync(context);
        V1DeleteOptions options;
        if (body.Length == 0)
        {
            options = new V1DeleteOptions();
        }
        else
        {
            var json = RequestBody.DecodeObject(body, RequestBody.MediaType(context), "DeleteOptions");
            try
            {
                options = KubernetesJson.Deserialize<V1DeleteOptions>(json.ToJsonString());
            }
            catch (System.Text.Json.JsonException ex)
            {
                throw new StatusException(StatusErrors.BadRequest($"the object provided is unrecognized (must be of type DeleteOptions): {ex.Message}"));
            }
        }
        var query = context.Request.Query;
        if (query["propagationPolicy"].Count > 0) options.PropagationPolicy = query["propagationPolicy"];
        if (long.TryParse(query["gracePeriodSeconds"], out var grace)) options.GracePeriodSeconds = grace;
        if (query["orphanDependents"] == "true") options.OrphanDependents = true;
        if (options.PropagationPolicy is { } policy && policy is not ("Foreground" or "Background" or "Orphan"))
        {
            throw new StatusException(StatusErrors.Invalid("", "DeleteOptions", "", [FieldError.NotSupported("propagationPolicy", policy, ["Foreground", "Background", "Orphan"])]));
        }
        return options;
    }

    /// <summary>DELETE on a collection: every object the selectors match, one by one, like <c>kubectl delete pods -l app=web</c>.</summary>
    private async Task DeleteCollectionAsync(HttpContext context, RequestInfo info, ResourceDefinition resource, string ns)
    {
        var options = await ReadDeleteOptionsAsync(context);
        var dryRun = IsDryRun(context);
        var (labels, fields) = Selectors(context, resource);
        var page = await store.ListAsync(resource, ns, labels, fields, 0, null, context.RequestAborted);
        var deleted = new List<IKubernetesObject<V1ObjectMeta>>();
        foreach (var item in page.Items)
        {
            try
            {
                var (obj, _) = await DeleteObjectAsync(context, info, resource, item.Metadata.NamespaceProperty ?? "", item.Metadata.Name, options, dryRun);
                deleted.Add(obj);
            }
            catch (StatusException ex) when (ex.Status.Code == 404)
            {
                // Deleted by someone else meanwhile: that is what we wanted anyway.
            }
        }
        context.Response.StatusCode = 200;
        context.Response.ContentType = "application/json";
        await WriteListAsync(context.Response.Body, resource, deleted, new ListMetadata(FormatRevision(page.Revision)), context.RequestAborted);
    }
}
