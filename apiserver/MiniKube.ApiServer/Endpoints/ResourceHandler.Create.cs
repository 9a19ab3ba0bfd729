using k8s;
using k8s.Models;
using MiniKube.ApiMachinery.Errors;
using MiniKube.ApiServer.Pipeline;
using MiniKube.ApiServer.Registry;

namespace MiniKube.ApiServer.Endpoints;

public sealed partial class ResourceHandler
{
    // Upstream's generateName suffix alphabet: no vowels (no accidental words) and no look-alike characters.
    private const string NameSuffixAlphabet = "bcdfghjklmnpqrstvwxz2456789";

    /// <summary>POST to a collection: decode, fill in what the server owns, run the pipeline, store if absent.</summary>
    private async Task CreateAsync(HttpContext context, RequestInfo info, ResourceDefinition resource, string ns)
    {
        var body = await RequestBody.ReadBytesAsync(context);
        var json = RequestBody.DecodeObject(body, RequestBody.MediaType(context), resource.Kind);
        var obj = ToTypedObject(context, resource, json);
        if (!resource.Stored)
        {
            await CreateVirtualAsync(context, info, resource, obj);
            return;
        }
        var created = await CreateObjectAsync(context, info, resource, ns, obj, FieldManagerName(context), IsDryRun(context));
        await ResponseWriter.WriteObjectAsync(context, created, 201);
    }

    /// <summary>The create path shared by POST, by PUT-creates (AllowCreateOnUpdate) and by server-side apply of a new object.</summary>
    private async Task<IKubernetesObject<V1ObjectMeta>> CreateObjectAsync(HttpContext context, RequestInfo info, ResourceDefinition resource, string ns,
        IKubernetesObject<V1ObjectMeta> obj, string? fieldManager, bool dryRun)
    {
        var meta = obj.Metadata;
        if (resource.Namespaced)
        {
            if (string.IsNullOrEmpty(meta.NamespaceProperty)) meta.NamespaceProperty = ns;
            else if (meta.NamespaceProperty != ns)
            {
                throw new StatusException(StatusErrors.BadRequest("the namespace of the provided object does not match the namespace sent on the request"));
            }
        }
        else
        {
            meta.NamespaceProperty = null;
        }
        if (string.IsNullOrEmpty(meta.Name) && !string.IsNullOrEmpty(meta.GenerateName))
        {
            meta.Name = meta.GenerateName + string.Concat(Enumerable.Range(0, 5).Select(_ => NameSuffixAlphabet[Random.Shared.Next(NameSuffixAlphabet.Length)]));
        }

        // What the server owns: identity, creation time and deletion state never come from the client.
        meta.Uid = Guid.NewGuid().ToString();
        meta.CreationTimestamp = DateTime.UtcNow.Truncate();
        meta.ResourceVersion = null;
        meta.DeletionTimestamp = null;
        meta.DeletionGracePeriodSeconds = null;
        meta.SelfLink = null;
        resource.Strategy.ApplyDefaults(obj);
        resource.Strategy.PrepareForCreate(obj, resource.HasSubresource("status"));
        await resource.Strategy.BeforeCreateAsync(obj, store, context.RequestAborted);
        if (fieldManager is not null) obj = FieldManager.RecordUpdate(resource, null, obj, fieldManager);

        var request = new ApiRequest { Info = info with { Verb = "create" }, Resource = resource, Operation = AdmissionOperation.Create, Object = obj, DryRun = dryRun };
        await pipeline.RunAsync(request, context.RequestAborted);
        obj = request.Object!;
        if (dryRun) return obj;
        var created = await store.CreateAsync(resource, obj, context.RequestAborted);
        Log.Created(logger, resource.ToString(), Key(created), created.Metadata.ResourceVersion);
        return created;
    }

    /// <summary>Resources answered on the spot and never stored: SelfSubjectAccessReview (<c>kubectl auth can-i</c>).</summary>
    private async Task CreateVirtualAsync(HttpContext context, RequestInfo info, ResourceDefinition resource, IKubernetesObject<V1ObjectMeta> obj)
    {
        var request = new ApiRequest { Info = info, Resource = resource };
        await pipeline.RunAsync(request, context.RequestAborted);
        if (obj is not V1SelfSubjectAccessReview review) throw new StatusException(StatusErrors.MethodNotAllowed());
        var attributes = review.Spec?.ResourceAttributes;
        var allowed = Pipeline.Authorization.Allows(request.User, attributes?.Verb ?? "", attributes?.Group ?? "", attributes?.Resource ?? "",
            attributes?.NamespaceProperty ?? "");
        review.Status = new V1SubjectAccessReviewStatus { Allowed = allowed, Reason = allowed ? "the AlwaysAllow authorizer allows every request" : null };
        review.Metadata.CreationTimestamp = null;
        await ResponseWriter.WriteObjectAsync(context, review, 201);
    }

    private static string Key(IKubernetesObject<V1ObjectMeta> obj) =>
        string.IsNullOrEmpty(obj.Metadata.NamespaceProperty) ? obj.Metadata.Name : $"{obj.Metadata.NamespaceProperty}/{obj.Metadata.Name}";
}

/// <summary>Kubernetes timestamps have whole-second precision in JSON; keep stored objects equal to what clients see.</summary>
internal static class DateTimeTruncation
{
    public static DateTime Truncate(this DateTime time) => new(time.Ticks - time.Ticks % TimeSpan.TicksPerSecond, DateTimeKind.Utc);
}
