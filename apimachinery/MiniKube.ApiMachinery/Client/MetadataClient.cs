using System.Net;
using System.Text.Json;
using k8s;
using k8s.Models;

namespace MiniKube.ApiMachinery.Client;

/// <summary>
/// Reads, patches and deletes objects of any resource type by URL, seeing only their metadata, like client-go's
/// metadata client. The garbage collector and the namespace controller work across every type with it, where the
/// typed KubernetesClient methods would need one code path per kind.
/// Concept: https://kubernetes.io/docs/reference/using-api/api-concepts/
/// Upstream difference: client-go asks the server for PartialObjectMetadata (Accept: ...;as=PartialObjectMetadata);
/// we fetch the full JSON and keep only apiVersion, kind and metadata.
/// </summary>
public sealed class MetadataClient(Kubernetes client)
{
    /// <summary>The object, or null when it does not exist.</summary>
    public async Task<PartialObjectMetadata?> GetAsync(ApiResource resource, string? ns, string name, CancellationToken cancellationToken)
    {
        try
        {
            using var json = await RawRequests.SendForJsonAsync(client, HttpMethod.Get, resource.ObjectPath(ns, name), cancellationToken);
            return Decode(json.RootElement, resource);
        }
        catch (ApiStatusException ex) when (ex.Code == (int)HttpStatusCode.NotFound)
        {
            return null;
        }
    }

    public async Task<IReadOnlyList<PartialObjectMetadata>> ListAsync(ApiResource resource, string? ns, CancellationToken cancellationToken)
    {
        using var json = await RawRequests.SendForJsonAsync(client, HttpMethod.Get, resource.CollectionPath(ns), cancellationToken);
        return json.RootElement.TryGetProperty("items", out var items) && items.ValueKind == JsonValueKind.Array
            ? [.. items.EnumerateArray().Select(i => Decode(i, resource))]
            : [];
    }

    /// <summary>DELETE with options (propagation policy, uid precondition). False when the object was already gone.</summary>
    public async Task<bool> DeleteAsync(ApiResource resource, string? ns, string name, V1DeleteOptions options, CancellationToken cancellationToken)
    {
        try
        {
            using var _ = await RawRequests.SendAsync(client, HttpMethod.Delete, resource.ObjectPath(ns, name), cancellationToken, Body(options));
            return true;
        }
        catch (ApiStatusException ex) when (ex.Code == (int)HttpStatusCode.NotFound)
        {
            return false;
        }
    }

    /// <summary>DELETE on the collection in one namespace (deletecollection).</summary>
    public async Task DeleteCollectionAsync(ApiResource resource, string ns, V1DeleteOptions options, CancellationToken cancellationToken)
    {
        using var _ = await RawRequests.SendAsync(client, HttpMethod.Delete, resource.CollectionPath(ns), cancellationToken, Body(options));
    }

    /// <summary>A JSON merge patch (RFC 7386); put metadata.resourceVersion in it to make it conditional.</summary>
    public async Task<PartialObjectMetadata> PatchAsync(ApiResource resource, string? ns, string name, string mergePatch, CancellationToken cancellationToken)
    {
        using var json = await RawRequests.SendForJsonAsync(client, HttpMethod.Patch, resource.ObjectPath(ns, name), cancellationToken,
            mergePatch, "application/merge-patch+json");
        return Decode(json.RootElement, resource);
    }

    private static string Body(V1DeleteOptions options)
    {
        options.ApiVersion ??= "v1";
        options.Kind ??= "DeleteOptions";
        return KubernetesJson.Serialize(options);
    }

    private static PartialObjectMetadata Decode(JsonElement obj, ApiResource resource) => new(
        obj.TryGetProperty("apiVersion", out var apiVersion) ? apiVersion.GetString() ?? resource.GroupVersion : resource.GroupVersion,
        obj.TryGetProperty("kind", out var kind) ? kind.GetString() ?? resource.Kind : resource.Kind,
        KubernetesJson.Deserialize<V1ObjectMeta>(obj.GetProperty("metadata").GetRawText()));
}
