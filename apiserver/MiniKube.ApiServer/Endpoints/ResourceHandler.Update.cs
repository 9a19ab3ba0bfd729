using k8s;
using k8s.Models;
using MiniKube.ApiMachinery.Errors;
using MiniKube.ApiServer.Pipeline;
using MiniKube.ApiServer.Registry;

namespace MiniKube.ApiServer.Endpoints;

public sealed partial class ResourceHandler
{
    /// <summary>
    /// PUT: replace an object. A resourceVersion in the body makes it conditional (409 Conflict if someone wrote in
    /// between: optimistic concurrency); without one the update applies to whatever is stored now.
    /// </summary>
    private async Task UpdateAsync(HttpContext context, RequestInfo info, ResourceDefinition resource, string ns)
    {
        if (info.Subresource == "scale")
        {
            await UpdateScaleAsync(context, info, resource, ns);
            return;
        }
        var body = await RequestBody.ReadBytesAsync(context);
        var json = RequestBody.DecodeObject(body, RequestBody.MediaType(context), resource.Kind);
        var obj = ToTypedObject(context, resource, json);
        if (!string.IsNullOrEmpty(obj.Metadata.Name) && obj.Metadata.Name != info.Name)
        {
            throw new StatusException(StatusErrors.BadRequest($"the name of the object ({obj.Metadata.Name}) does not match the name on the URL ({info.Name})"));
        }
        obj.Metadata.Name = info.Name;
        if (resource.Namespaced && !string.IsNullOrEmpty(obj.Metadata.NamespaceProperty) && obj.Metadata.NamespaceProperty != ns)
        {
            throw new StatusException(StatusErrors.BadRequest("the namespace of the provided object does not match the namespace sent on the request"));
        }
        var dryRun = IsDryRun(context);
        var current = await store.GetAsync(resource, ns, info.Name, context.RequestAborted);
        if (current is null)
        {
            if (!resource.Strategy.AllowCreateOnUpdate || info.Subresource.Length > 0)
            {
                throw new StatusException(StatusErrors.NotFound(resource.Group, resource.Plural, info.Name));
            }
            var created = await CreateObjectAsync(context, info, resource, ns, obj, FieldManagerName(context), dryRun);
            await ResponseWriter.WriteObjectAsync(context, created, 201);
            return;
        }
        if (!string.IsNullOrEmpty(obj.Metadata.ResourceVersion) && obj.Metadata.ResourceVersion != current.Metadata.ResourceVersion)
        {
            // Parse it first so that garbage is a 400, not a 409.
            RegistryStore.ParseResourceVersion(obj.Metadata.ResourceVersion, "metadata.resourceVersion");
            throw new StatusException(StatusErrors.Conflict(resource.Group, resource.Plural, info.Name));
        }
        var updated = await UpdateObjectAsync(context, info, resource, obj, current, FieldManagerName(context), dryRun);
        await ResponseWriter.WriteObjectAsync(context, updated, 200);
    }

    /// <summary>
    /// The update path shared by PUT, PATCH and the status subresource: keep what the server owns, apply the
    /// strategy, record managed fields, run the pipeline, then compare-and-swap on the revision that was read.
    /// </summary>
    private async Task<IKubernetesObject<V1ObjectMeta>> UpdateObjectAsync(HttpContext context, RequestInfo info, ResourceDefinition resource,
        IKubernetesObject<V1ObjectMeta> obj, IKubernetesObject<V1ObjectMeta> current, string? fieldManager, bool dryRun, bool recordManagedFields = true)
    {
        var meta = obj.Metadata;
        var old = current.Metadata;
        if (!string.IsNullOrEmpty(meta.Name) && meta.Name != old.Name)
        {
            throw new StatusException(StatusErrors.BadRequest($"the name of the object ({meta.Name}) does not match the name on the URL ({old.Name})"));
        }
        meta.Name = old.Name;
        meta.NamespaceProperty = old.NamespaceProperty;
        meta.Uid = old.Uid;
        meta.CreationTimestamp = old.CreationTimestamp;
        meta.DeletionTimestamp = old.DeletionTimestamp;
        meta.DeletionGracePeriodSeconds = old.DeletionGracePeriodSeconds;
        meta.GenerateName ??= old.GenerateName;
        meta.SelfLink = null;
        meta.ResourceVersion = old.ResourceVersion;
        resource.Strategy.ApplyDefaults(obj);
        if (info.Subresource == "status") resource.Strategy.PrepareForStatusUpdate(obj, current);
        else if (info.Subresource.Length > 0) resource.Strategy.PrepareForSubresourceUpdate(info.Subresource, obj, current);
        else resource.Strategy.PrepareForUpdate(obj, current, resource.HasSubresource("status"));
        if (recordManagedFields && fieldManager is not null) obj = FieldManager.RecordUpdate(resource, current, obj, fieldManager);

        var request = new ApiRequest
        {
            Info = info with { Verb = "update" },
            Resource = resource,
            Operation = AdmissionOperation.Update,
            Object = obj,
            OldObject = current,
            DryRun = dryRun,
        };
        await pipeline.RunAsync(request, context.RequestAborted);
        obj = request.Object!;

        // Upstream skips writes that change nothing, so a no-op apply or update does not wake every watcher.
        if (ObjectCodec.Encode(resource, obj).AsSpan().SequenceEqual(ObjectCodec.Encode(resource, current))) return current;
        if (dryRun) return obj;

        // The last finalizer of an object being deleted is gone: the object can finally be removed.
        if (resource.Strategy.ShouldDeleteDuringUpdate(obj))
        {
            await store.DeleteAsync(resource, meta.NamespaceProperty, meta.Name, Revision(current), context.RequestAborted);
            Log.Deleted(logger, resource.ToString(), Key(obj));
            return obj;
        }
        var updated = await store.UpdateAsync(resource, obj, Revision(current), context.RequestAborted);
        Log.Updated(logger, resource.ToString(), Key(updated), updated.Metadata.ResourceVersion);
        return updated;
    }
}
