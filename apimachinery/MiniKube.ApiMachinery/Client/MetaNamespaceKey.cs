using k8s;
using k8s.Models;

namespace MiniKube.ApiMachinery.Client;

/// <summary>
/// The key controllers queue and caches store objects under: <c>namespace/name</c>, or just <c>name</c> for
/// cluster-scoped objects (nodes, namespaces), as client-go's <c>cache.MetaNamespaceKeyFunc</c>. A key, not the
/// object, goes in the work queue, so that the sync reads the newest state from the cache.
/// Concept: https://kubernetes.io/docs/concepts/overview/working-with-objects/names/
/// </summary>
public static class MetaNamespaceKey
{
    public static string For(IMetadata<V1ObjectMeta> obj) => For(obj.Metadata?.NamespaceProperty, obj.Metadata?.Name ?? "");

    public static string For(string? ns, string name) => string.IsNullOrEmpty(ns) ? name : $"{ns}/{name}";

    /// <summary>Splits a key back into namespace (null when cluster-scoped) and name.</summary>
    public static (string? Namespace, string Name) Split(string key)
    {
        var slash = key.IndexOf('/', StringComparison.Ordinal);
        return slash < 0 ? (null, key) : (key[..slash], key[(slash + 1)..]);
    }
}
