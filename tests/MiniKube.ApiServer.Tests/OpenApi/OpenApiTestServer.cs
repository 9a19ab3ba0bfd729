using System.Collections.Concurrent;
using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using MiniKube.ApiServer.OpenApi;
using MiniKube.Testing;

namespace MiniKube.ApiServer.Tests.OpenApi;

/// <summary>
/// A fake API server on loopback for driving real kubectl against our OpenAPI documents before (and independently
/// of) the real API server: it serves /version, legacy discovery, /openapi/v2 and /openapi/v3, and stores objects
/// just well enough for <c>kubectl apply</c> (create, then get and patch). It records every request so a test can
/// check what kubectl sent.
/// </summary>
internal sealed class OpenApiTestServer : IDisposable
{
    private readonly HttpListener _listener = new();
    private readonly IReadOnlyList<OpenApiResource> _resources;
    private readonly OpenApiDocuments _documents;
    private readonly ConcurrentDictionary<string, byte[]> _objects = new(StringComparer.Ordinal);
    private readonly Task _serving;

    public OpenApiTestServer(IReadOnlyList<OpenApiResource> resources, OpenApiDocuments documents)
    {
        _resources = resources;
        _documents = documents;
        Url = $"http://127.0.0.1:{FreePort.Next()}";
        _listener.Prefixes.Add(Url + "/");
        _listener.Start();
        _serving = Task.Run(ServeAsync);

        Kubeconfig = Path.Combine(Directory.CreateTempSubdirectory("openapi-kubectl-").FullName, "kubeconfig");
        File.WriteAllText(Kubeconfig, $$"""
            apiVersion: v1
            kind: Config
            clusters:
            - name: fake
              cluster: {server: "{{Url}}"}
            users:
            - name: fake
              user: {token: fake}
            contexts:
            - name: fake
              context: {cluster: fake, user: fake, namespace: default}
            current-context: fake
            """);
    }

    public string Url { get; }

    public string Kubeconfig { get; }

    public ConcurrentQueue<RecordedRequest> Requests { get; } = new();

    public void Dispose()
    {
        _listener.Close();
        try
        {
            _serving.Wait(TimeSpan.FromSeconds(5));
        }
        catch (AggregateException)
        {
            // the listener was closed under a pending GetContextAsync: that is how the loop ends
        }
        Directory.Delete(Path.GetDirectoryName(Kubeconfig)!, recursive: true);
    }

    private async Task ServeAsync()
    {
        while (_listener.IsListening)
        {
            HttpListenerContext context;
            try
            {
                context = await _listener.GetContextAsync();
            }
            catch (Exception e) when (e is HttpListenerException or ObjectDisposedException or InvalidOperationException)
            {
                return;
            }
            _ = Task.Run(() => HandleAsync(context)); // kubectl sends its discovery requests in parallel
        }
    }

    private async Task HandleAsync(HttpListenerContext context)
    {
        var request = context.Request;
        using var reader = new StreamReader(request.InputStream, Encoding.UTF8);
        var body = await reader.ReadToEndAsync();
        var path = request.Url!.AbsolutePath;
        Requests.Enqueue(new RecordedRequest(request.HttpMethod, request.Url.PathAndQuery, request.ContentType, body));

        var (status, contentType, response) = Route(request.HttpMethod, path, request.Headers["Accept"] ?? "", body);
        context.Response.StatusCode = status;
        context.Response.ContentType = contentType;
        context.Response.ContentLength64 = response.Length;
        await context.Response.OutputStream.WriteAsync(response);
        context.Response.Close();
    }

    private (int Status, string ContentType, byte[] Body) Route(string method, string path, string accept, string body)
    {
        const string Json = "application/json";
        if (path == "/version")
        {
            return (200, Json, Encode(new JsonObject { ["major"] = "1", ["minor"] = "33", ["gitVersion"] = "v1.33.0" }));
        }
        if (Discovery(path) is { } discovery)
        {
            return (200, Json, Encode(discovery));
        }
        if (path == "/openapi/v3")
        {
            return (200, Json, _documents.V3Index());
        }
        if (path.StartsWith("/openapi/v3/", StringComparison.Ordinal))
        {
            return _documents.V3GroupVersion(path["/openapi/v3/".Length..]) is { } document ? (200, Json, document) : NotFound();
        }
        if (path == "/openapi/v2")
        {
            return accept.Contains(OpenApiDocuments.V2ProtobufAcceptType, StringComparison.Ordinal)
                ? (200, OpenApiDocuments.V2ProtobufContentType, _documents.V2Protobuf())
                : (200, Json, _documents.V2Json());
        }
        return method switch
        {
            "GET" => _objects.TryGetValue(path, out var stored) ? (200, Json, stored) : NotFound(),
            "POST" => Store(path + "/" + JsonNode.Parse(body)!["metadata"]!["name"]!.GetValue<string>(), body, 201),
            // A real server would apply the patch; kubectl only needs an object back. A server-side apply creates.
            "PATCH" => _objects.TryGetValue(path, out var current) ? (200, Json, current) : Store(path, body, 201),
            _ => NotFound(),
        };

        (int, string, byte[]) Store(string key, string json, int status)
        {
            var stored = Encoding.UTF8.GetBytes(json);
            _objects[key] = stored;
            return (status, Json, stored);
        }

        static (int, string, byte[]) NotFound() => (404, Json, Encode(new JsonObject
        {
            ["kind"] = "Status", ["apiVersion"] = "v1", ["metadata"] = new JsonObject(), ["status"] = "Failure",
            ["message"] = "the server could not find the requested resource", ["reason"] = "NotFound", ["code"] = 404,
        }));
    }

    /// <summary>Legacy discovery (/api, /apis, /api/v1, /apis/group/version), as in the contract's §3.2.</summary>
    private JsonObject? Discovery(string path)
    {
        if (path == "/api")
        {
            return new JsonObject { ["kind"] = "APIVersions", ["versions"] = new JsonArray("v1") };
        }
        if (path == "/apis")
        {
            var groups = new JsonArray();
            foreach (var group in _resources.Where(r => r.Group.Length > 0).GroupBy(r => (r.Group, r.Version)).Select(g => g.Key).Distinct())
            {
                var version = new JsonObject { ["groupVersion"] = $"{group.Group}/{group.Version}", ["version"] = group.Version };
                groups.Add(new JsonObject { ["name"] = group.Group, ["versions"] = new JsonArray(version), ["preferredVersion"] = version.DeepClone() });
            }
            return new JsonObject { ["kind"] = "APIGroupList", ["apiVersion"] = "v1", ["groups"] = groups };
        }
        var inGroupVersion = _resources.Where(r => "/" + r.GroupVersionPath == path).ToList();
        if (inGroupVersion.Count == 0)
        {
            return null;
        }
        var resources = new JsonArray();
        foreach (var resource in inGroupVersion)
        {
            resources.Add(new JsonObject
            {
                ["name"] = resource.Plural,
                ["singularName"] = "",
                ["namespaced"] = resource.Namespaced,
                ["kind"] = resource.Kind,
                ["verbs"] = new JsonArray([.. resource.Verbs.Select(v => JsonValue.Create(v))]),
            });
        }
        var first = inGroupVersion[0];
        return new JsonObject
        {
            ["kind"] = "APIResourceList",
            ["apiVersion"] = "v1",
            ["groupVersion"] = first.Group.Length == 0 ? first.Version : $"{first.Group}/{first.Version}",
            ["resources"] = resources,
        };
    }

    private static byte[] Encode(JsonNode node) => Encoding.UTF8.GetBytes(node.ToJsonString());
}
