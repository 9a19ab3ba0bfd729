using System.Net;
using System.Runtime.CompilerServices;
using System.Text.Json;
using System.Text.Json.Nodes;
using k8s;
using k8s.Models;
using MiniKube.Cli.Discovery;

namespace MiniKube.Cli.Client;

/// <summary>
/// The REST verbs on any resource type, named by its discovery entry, with objects as plain JSON: like client-go's
/// dynamic client. get, list (following <c>continue</c> tokens), watch, create, server-side apply and delete are
/// each one HTTP request on the resource's URL.
/// Concept: https://kubernetes.io/docs/reference/using-api/api-concepts/#api-verbs
/// </summary>
public sealed class DynamicClient(ApiClient api)
{
    /// <summary>kubectl's page size: lists come in chunks of 500, each naming where the next one starts.</summary>
    private const int ChunkSize = 500;

    public Task<JsonObject> GetAsync(ApiResource resource, string? ns, string name, string accept, CancellationToken cancellationToken) =>
        api.GetAsync(resource.ObjectPath(ns, name), accept, cancellationToken);

    /// <summary>
    /// Lists a collection page by page and joins the pages: the items of a list, or the rows of a Table. A null
    /// namespace lists every namespace.
    /// Concept: https://kubernetes.io/docs/reference/using-api/api-concepts/#retrieving-large-results-sets-in-chunks
    /// </summary>
    public async Task<JsonObject> ListAsync(ApiResource resource, string? ns, ListOptions options, string accept, CancellationToken cancellationToken)
    {
        JsonObject? all = null;
        string? continueToken = null;
        do
        {
            var query = Query(options, ("limit", ChunkSize.ToString(System.Globalization.CultureInfo.InvariantCulture)), ("continue", continueToken));
            var page = await api.GetAsync(resource.CollectionPath(ns) + query, accept, cancellationToken);
            if (all is null)
            {
                all = page;
            }
            else
            {
                var key = all["rows"] is not null ? "rows" : "items";
                var joined = all[key] as JsonArray ?? [];
                foreach (var entry in (page[key] as JsonArray ?? []).ToList())
                {
                    joined.Add(entry?.DeepClone());
                }
                all["metadata"] = page["metadata"]?.DeepClone();
            }
            continueToken = (string?)page["metadata"]?["continue"];
        }
        while (!string.IsNullOrEmpty(continueToken));
        return all!;
    }

    /// <summary>
    /// Watches a collection from <paramref name="resourceVersion"/> (the version a list returned, so no change is
    /// missed in between): the server keeps the response open and writes one JSON event per line.
    /// Concept: https://kubernetes.io/docs/reference/using-api/api-concepts/#efficient-detection-of-changes
    /// </summary>
    public async IAsyncEnumerable<WatchEvent> WatchAsync(ApiResource resource, string? ns, ListOptions options, string resourceVersion, string accept,
        [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var query = Query(options, ("watch", "true"), ("resourceVersion", resourceVersion));
        using var response = await api.SendAsync(HttpMethod.Get, resource.CollectionPath(ns) + query, accept, body: null, cancellationToken);
        using var reader = new StreamReader(await response.Content.ReadAsStreamAsync(cancellationToken));
        while (await reader.ReadLineAsync(cancellationToken) is { } line)
        {
            if (line.Length == 0) continue;
            JsonObject? watchEvent;
            try
            {
                watchEvent = JsonNode.Parse(line) as JsonObject;
            }
            catch (JsonException ex)
            {
                throw new CliException($"the watch stream sent a line that is not JSON: {ex.Message}", ex);
            }
            var type = (string?)watchEvent?["type"] ?? "";
            var obj = watchEvent?["object"] as JsonObject ?? [];
            // An ERROR event carries a Status, e.g. 410 Expired when the start version has been compacted away.
            if (type == "ERROR") throw new ApiException(KubernetesJson.Deserialize<V1Status>(obj.ToJsonString()));
            yield return new WatchEvent(type, obj);
        }
    }

    /// <summary>POST to the collection; the answer is the object as stored (name generated, defaults filled in).</summary>
    public async Task<JsonObject> CreateAsync(ApiResource resource, string? ns, JsonObject obj, string fieldManager, CancellationToken cancellationToken)
    {
        var query = Query(new ListOptions(), ("fieldManager", fieldManager), ("fieldValidation", "Strict"));
        var (_, created) = await api.SendJsonAsync(HttpMethod.Post, resource.CollectionPath(ns) + query, obj, ApiClient.JsonAccept, cancellationToken);
        return created;
    }

    /// <summary>
    /// Server-side apply: PATCH the object with <c>application/apply-patch+yaml</c> (JSON is valid YAML). The server
    /// merges the fields this field manager owns, creates the object if it is missing (201), and answers 409
    /// Conflict if another manager owns a field we want to change (unless <paramref name="force"/>).
    /// Concept: https://kubernetes.io/docs/reference/using-api/server-side-apply/
    /// </summary>
    public Task<(HttpStatusCode Code, JsonObject Body)> ApplyAsync(ApiResource resource, string? ns, string name, JsonObject obj, string fieldManager,
        bool force, CancellationToken cancellationToken)
    {
        var query = Query(new ListOptions(), ("fieldManager", fieldManager), ("fieldValidation", "Strict"), ("force", force ? "true" : "false"));
        return api.SendJsonAsync(HttpMethod.Patch, resource.ObjectPath(ns, name) + query, obj, "application/apply-patch+yaml", cancellationToken);
    }

    /// <summary>
    /// DELETE with <c>propagationPolicy: Background</c>: the object goes at once and the garbage collector removes what it
    /// owned (a Deployment's ReplicaSets and Pods) afterwards, as kubectl asks by default.
    /// Concept: https://kubernetes.io/docs/concepts/architecture/garbage-collection/#cascading-deletion
    /// </summary>
    public async Task<JsonObject> DeleteAsync(ApiResource resource, string? ns, string name, CancellationToken cancellationToken)
    {
        var options = new JsonObject { ["propagationPolicy"] = "Background" };
        var (_, answer) = await api.SendJsonAsync(HttpMethod.Delete, resource.ObjectPath(ns, name), options, ApiClient.JsonAccept, cancellationToken);
        return answer;
    }

    private static string Query(ListOptions options, params (string Key, string? Value)[] extra)
    {
        var parameters = new List<(string Key, string? Value)>
        {
            ("labelSelector", options.LabelSelector),
            ("fieldSelector", options.FieldSelector),
            ("includeObject", options.IncludeObject ? "Object" : null),
        };
        parameters.AddRange(extra);
        var present = parameters.Where(p => !string.IsNullOrEmpty(p.Value)).Select(p => $"{p.Key}={Uri.EscapeDataString(p.Value!)}").ToList();
        return present.Count == 0 ? "" : "?" + string.Join('&', present);
    }
}
