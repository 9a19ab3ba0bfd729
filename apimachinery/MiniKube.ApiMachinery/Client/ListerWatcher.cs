using System.Reflection;
using System.Runtime.CompilerServices;
using System.Text.Json;
using k8s;
using k8s.Models;

namespace MiniKube.ApiMachinery.Client;

/// <summary>
/// The two requests an informer makes, like client-go's <c>cache.ListWatch</c>: a LIST of a collection (which
/// returns the collection's resourceVersion), and a WATCH from that resourceVersion so that no change made between
/// the two is missed. Both are plain HTTP GETs on the resource's URL, sent with KubernetesClient's HttpClient and
/// credentials; the watch answer is newline-delimited JSON events, read as they arrive.
/// Concept: https://kubernetes.io/docs/reference/using-api/api-concepts/#efficient-detection-of-changes
/// </summary>
public sealed class ListerWatcher<T> where T : class, IKubernetesObject<V1ObjectMeta>
{
    private readonly Kubernetes _client;
    private readonly string _collectionPath;
    private readonly string _selectors;
    private readonly string _apiVersion;
    private readonly string _kind;

    /// <param name="client">Server address and credentials (from a kubeconfig).</param>
    /// <param name="ns">One namespace, or null for all namespaces (and for cluster-scoped resources).</param>
    /// <param name="labelSelector">Optional, e.g. <c>app=web</c>: the server filters before sending.</param>
    /// <param name="fieldSelector">Optional, e.g. <c>spec.nodeName=node-1</c> (the kubelet watches only its pods).</param>
    public ListerWatcher(Kubernetes client, string? ns = null, string? labelSelector = null, string? fieldSelector = null)
    {
        _client = client;
        // KubernetesClient's model types carry their group, version and plural (V1Pod → "", "v1", "pods").
        var entity = typeof(T).GetCustomAttribute<KubernetesEntityAttribute>()
            ?? throw new InvalidOperationException($"{typeof(T).Name} is not a Kubernetes resource type");
        var groupVersion = string.IsNullOrEmpty(entity.Group) ? entity.ApiVersion : $"{entity.Group}/{entity.ApiVersion}";
        var root = string.IsNullOrEmpty(entity.Group) ? $"api/{groupVersion}" : $"apis/{groupVersion}";
        _collectionPath = ns is null ? $"{root}/{entity.PluralName}" : $"{root}/namespaces/{Uri.EscapeDataString(ns)}/{entity.PluralName}";
        _selectors = (labelSelector is null ? "" : $"&labelSelector={Uri.EscapeDataString(labelSelector)}")
            + (fieldSelector is null ? "" : $"&fieldSelector={Uri.EscapeDataString(fieldSelector)}");
        _apiVersion = groupVersion;
        _kind = entity.Kind;
    }

    /// <summary>Lists the collection: its objects and the resourceVersion to watch from.</summary>
    /// <remarks>Upstream difference: client-go lists in pages of 500 (limit/continue); we ask for everything at once.</remarks>
    public async Task<(IReadOnlyList<T> Items, string ResourceVersion)> ListAsync(CancellationToken cancellationToken)
    {
        using var response = await SendAsync($"{_collectionPath}?{_selectors.TrimStart('&')}", cancellationToken);
        using var document = await JsonDocument.ParseAsync(await response.Content.ReadAsStreamAsync(cancellationToken), cancellationToken: cancellationToken);
        var root = document.RootElement;
        var resourceVersion = root.TryGetProperty("metadata", out var metadata) && metadata.TryGetProperty("resourceVersion", out var rv)
            ? rv.GetString() ?? "" : "";
        var items = new List<T>();
        if (root.TryGetProperty("items", out var array) && array.ValueKind == JsonValueKind.Array)
        {
            foreach (var item in array.EnumerateArray()) items.Add(Decode(item));
        }
        return (items, resourceVersion);
    }

    /// <summary>
    /// Watches from <paramref name="resourceVersion"/> until the server ends the stream (after
    /// <paramref name="timeout"/>) or the token is cancelled. Throws <see cref="ApiStatusException"/> with 410 when
    /// that version is too old (compacted): the caller must list again.
    /// </summary>
    public async IAsyncEnumerable<WatchEvent<T>> WatchAsync(string resourceVersion, TimeSpan timeout,
        [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        // Bookmarks: the server tells us, now and then, how far the collection has moved even when none of our
        // objects changed, so a reconnect resumes from a recent version instead of one that may be compacted.
        var query = $"?watch=true&resourceVersion={Uri.EscapeDataString(resourceVersion)}&allowWatchBookmarks=true"
            + $"&timeoutSeconds={(int)timeout.TotalSeconds}{_selectors}";
        using var response = await SendAsync(_collectionPath + query, cancellationToken);
        using var reader = new StreamReader(await response.Content.ReadAsStreamAsync(cancellationToken));
        while (await reader.ReadLineAsync(cancellationToken) is { } line)
        {
            if (line.Length == 0) continue;
            using var document = JsonDocument.Parse(line);
            var type = document.RootElement.GetProperty("type").GetString() ?? "";
            var obj = document.RootElement.GetProperty("object");
            // An ERROR event carries a Status, e.g. 410 Expired when the start version has been compacted away.
            if (type == "ERROR") throw new ApiStatusException(KubernetesJson.Deserialize<V1Status>(obj.GetRawText()));
            yield return new WatchEvent<T>(type, Decode(obj));
        }
    }

    private T Decode(JsonElement element)
    {
        var obj = KubernetesJson.Deserialize<T>(element.GetRawText());
        // Items of a list come without kind and apiVersion (the list has them); fill them in so every cached object
        // says what it is, as it does when fetched on its own.
        obj.ApiVersion ??= _apiVersion;
        obj.Kind ??= _kind;
        return obj;
    }

    private Task<HttpResponseMessage> SendAsync(string pathAndQuery, CancellationToken cancellationToken) =>
        RawRequests.SendAsync(_client, HttpMethod.Get, pathAndQuery, cancellationToken);
}
