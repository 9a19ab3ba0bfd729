using System.Text.Json.Nodes;
using k8s;
using k8s.Models;
using MiniKube.ApiMachinery.Errors;
using MiniKube.ApiServer.Patch;
using MiniKube.ApiServer.Pipeline;
using MiniKube.ApiServer.Registry;

namespace MiniKube.ApiServer.Endpoints;

public sealed partial class ResourceHandler
{
    private const string JsonPatchType = "application/json-patch+json";
    private const string MergePatchType = "application/merge-patch+json";
    private const string StrategicMergePatchType = "application/strategic-merge-patch+json";
    private const string ApplyPatchType = "application/apply-patch+yaml";

    /// <summary>
    /// PATCH: apply a JSON patch, a merge patch, a strategic merge patch (kubectl apply, set image) or a server-side
    /// apply configuration to the stored object, then update it. A patch that does not pin a resourceVersion is
    /// retried when someone else wrote meanwhile, as upstream does, because it describes a change, not a whole object.
    /// Concept: https://kubernetes.io/docs/tasks/manage-kubernetes-objects/update-api-object-kubectl-patch/
    /// </summary>
    private async Task PatchAsync(HttpContext context, RequestInfo info, ResourceDefinition resource, string ns)
    {
        var patchType = RequestBody.MediaType(context);
        if (patchType is not (JsonPatchType or MergePatchType or StrategicMergePatchType or ApplyPatchType))
        {
            throw new StatusException(StatusErrors.UnsupportedMediaType("415: Unsupported Media Type"));
        }
        var body = await RequestBody.ReadBytesAsync(context);
        JsonNode patch = patchType == ApplyPatchType
            ? RequestBody.ParseYaml(body, resource.Kind)
            : RequestBody.ParseJsonNode(body, resource.Kind);
        var dryRun = IsDryRun(context);
        var manager = FieldManagerName(context);
        if (patchType == ApplyPatchType && context.Request.Query["fieldManager"].Count == 0)
        {
            throw new StatusException(StatusErrors.BadRequest("PATCH, application/apply-patch+yaml requires fieldManager to be set"));
        }
        var force = context.Request.Query["force"] == "true";

        for (var attempt = 1; ; attempt++)
        {
            var current = await store.GetAsync(resource, ns, info.Name, context.RequestAborted);
            if (info.Subresource == "scale")
            {
                await PatchScaleAsync(context, info, resource, ns, patch, patchType);
                return;
            }
            if (current is null)
            {
                if (patchType != ApplyPatchType || info.Subresource.Length > 0) throw new StatusException(StatusErrors.NotFound(resource.Group, resource.Plural, info.Name));
                var applied = ServerSideApplyOrConflict(null, (JsonObject)patch, manager, force, resource);
                var fresh = ToTypedObject(context, resource, applied);
                if (!string.IsNullOrEmpty(fresh.Metadata.Name) && fresh.Metadata.Name != info.Name)
                {
                    throw new StatusException(StatusErrors.BadRequest($"the name of the object ({fresh.Metadata.Name}) does not match the name on the URL ({info.Name})"));
                }
                fresh.Metadata.Name = info.Name;
                // The apply result already carries this manager's managedFields entry: no Update entry on top.
                var created = await CreateObjectAsync(context, info, resource, ns, fresh, fieldManager: null, dryRun);
                await ResponseWriter.WriteObjectAsync(context, created, 201);
                return;
            }

            var currentJson = ToJson(current);
            JsonObject patchedJson = patchType switch
            {
                JsonPatchType => ApplyOrInvalid(resource, info.Name, () => JsonPatch.Apply(currentJson, patch)),
                MergePatchType => ApplyOrInvalid(resource, info.Name, () => JsonMergePatch.Apply(currentJson, patch)),
                StrategicMergePatchType => ApplyOrInvalid(resource, info.Name, () => StrategicMergePatch.Apply(currentJson, patch, resource.ModelType)),
                _ => ServerSideApplyOrConflict(currentJson, (JsonObject)patch, manager, force, resource),
            };
            var patched = ToTypedObject(context, resource, patchedJson);
            var pinned = patch is JsonObject p && p["metadata"]?["resourceVersion"] is not null;
            if (!string.IsNullOrEmpty(patched.Metadata.ResourceVersion) && patched.Metadata.ResourceVersion != current.Metadata.ResourceVersion)
            {
                throw new StatusException(StatusErrors.Conflict(resource.Group, resource.Plural, info.Name));
            }
            try
            {
                var updated = await UpdateObjectAsync(context, info, resource, patched, current, manager, dryRun,
                    recordManagedFields: patchType != ApplyPatchType);
                await ResponseWriter.WriteObjectAsync(context, updated, 200);
                return;
            }
            catch (StatusException ex) when (ex.Status.Reason == "Conflict" && !pinned && attempt < PatchRetries)
            {
                // Someone wrote between our read and our write: read again and re-apply the same patch.
            }
        }
    }

    private static JsonObject ApplyOrInvalid(ResourceDefinition resource, string name, Func<JsonNode> apply)
    {
        try
        {
            return apply() as JsonObject ?? throw new PatchException("the patch did not produce an object");
        }
        catch (PatchException ex)
        {
            throw new StatusException(ex.IsBadRequest
                ? StatusErrors.BadRequest(ex.Message)
                : StatusErrors.Invalid(resource.Group, resource.Kind, name, [new ApiMachinery.Errors.FieldError("", "FieldValueInvalid", ex.Message)]));
        }
    }

    /// <summary>Server-side apply; ownership conflicts become upstream's 409 with one cause per field.</summary>
    private static JsonObject ServerSideApplyOrConflict(JsonObject? live, JsonObject applied, string manager, bool force, ResourceDefinition resource)
    {
        try
        {
            return ServerSideApply.Apply(live, applied, manager, force, resource.ModelType, resource.GroupVersion, DateTimeOffset.UtcNow);
        }
        catch (ApplyConflictException ex)
        {
            // kubectl builds its "Apply failed with N conflicts" advice from these causes.
            throw new StatusException(new V1Status
            {
                ApiVersion = "v1",
                Kind = "Status",
                Metadata = new V1ListMeta(),
                Status = "Failure",
                Code = 409,
                Reason = "Conflict",
                Message = ex.Message,
                Details = new V1StatusDetails
                {
                    Causes = ex.Causes.Select(c => new V1StatusCause { Reason = ApplyConflictException.CauseReason, Message = c.Message, Field = c.Field }).ToList(),
                },
            });
        }
        catch (PatchException ex)
        {
            throw new StatusException(StatusErrors.BadRequest(ex.Message));
        }
    }
}
