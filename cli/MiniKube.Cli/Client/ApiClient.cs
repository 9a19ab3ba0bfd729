using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using k8s;
using k8s.Models;

namespace MiniKube.Cli.Client;

/// <summary>
/// The one HTTP client every command uses, like client-go's <c>RESTClient</c>: KubernetesClient reads the kubeconfig
/// (server address, CA, client certificate or token), and this class sends plain HTTP requests with those
/// credentials to any path. Because requests are generic (a path, an Accept header, a JSON body), every resource
/// the server registers works, not only the types KubernetesClient was generated for. An error answer becomes an
/// <see cref="ApiException"/> carrying the server's Status.
/// Concept: https://kubernetes.io/docs/reference/using-api/api-concepts/
/// </summary>
public sealed class ApiClient : IDisposable
{
    /// <summary>Plain JSON: objects and lists as the server stores them.</summary>
    public const string JsonAccept = "application/json";

    /// <summary>
    /// Ask the server to render the answer as a <c>meta.k8s.io/v1 Table</c> (server-side printing): the server knows
    /// which columns matter for each resource, so the client needs no per-type printing code.
    /// Concept: https://kubernetes.io/docs/reference/using-api/api-concepts/#receiving-resources-as-tables
    /// </summary>
    public const string TableAccept = "application/json;as=Table;v=v1;g=meta.k8s.io,application/json";

    private readonly Kubernetes _kubernetes;
    private readonly TextWriter _log;
    private readonly int _verbosity;

    private ApiClient(Kubernetes kubernetes, string defaultNamespace, TextWriter log, int verbosity)
    {
        _kubernetes = kubernetes;
        DefaultNamespace = defaultNamespace;
        _log = log;
        _verbosity = verbosity;
    }

    /// <summary>The namespace of the kubeconfig's current context, or "default".</summary>
    public string DefaultNamespace { get; }

    public Uri Server => _kubernetes.BaseUri;

    /// <summary>
    /// Builds a client from a kubeconfig file, the way kubectl picks it: <c>--kubeconfig</c>, then <c>$KUBECONFIG</c>,
    /// then <c>~/.kube/config</c>; <c>--context</c> overrides the file's current-context.
    /// Concept: https://kubernetes.io/docs/concepts/configuration/organize-cluster-access-kubeconfig/
    /// </summary>
    public static ApiClient FromKubeconfig(string? kubeconfigFlag, string? contextFlag, TextWriter log, int verbosity)
    {
        var path = KubeconfigPath(kubeconfigFlag);
        KubernetesClientConfiguration config;
        try
        {
            config = KubernetesClientConfiguration.BuildConfigFromConfigFile(path, contextFlag);
        }
        catch (Exception ex) when (ex is k8s.Exceptions.KubeConfigException or IOException or YamlDotNet.Core.YamlException)
        {
            throw new CliException($"cannot load kubeconfig \"{path}\": {ex.Message}", ex);
        }
        config.UserAgent = "minictl/v0.1.0 (linux/amd64)";
        return new ApiClient(new Kubernetes(config), string.IsNullOrEmpty(config.Namespace) ? "default" : config.Namespace, log, verbosity);
    }

    private static string KubeconfigPath(string? flag)
    {
        if (!string.IsNullOrEmpty(flag)) return flag;
        // Upstream difference: kubectl merges every file listed in $KUBECONFIG; we use the first one that exists.
        var fromEnvironment = (Environment.GetEnvironmentVariable("KUBECONFIG") ?? "")
            .Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .FirstOrDefault(File.Exists);
        var home = Environment.GetEnvironmentVariable("HOME") is { Length: > 0 } h ? h : Environment.GetFolderPath(Environment.SpecialFolder.UserProfile);
        return fromEnvironment ?? Path.Combine(home, ".kube", "config");
    }

    /// <summary>GET a path and parse the JSON answer.</summary>
    public async Task<JsonObject> GetAsync(string pathAndQuery, string accept, CancellationToken cancellationToken)
    {
        using var response = await SendAsync(HttpMethod.Get, pathAndQuery, accept, body: null, cancellationToken);
        return await ReadObjectAsync(response, cancellationToken);
    }

    /// <summary>Sends a JSON body (POST, PATCH, DELETE) and returns the HTTP status code with the parsed answer.</summary>
    public async Task<(HttpStatusCode Code, JsonObject Body)> SendJsonAsync(HttpMethod method, string pathAndQuery, JsonNode body, string contentType,
        CancellationToken cancellationToken)
    {
        using var content = new StringContent(body.ToJsonString(), Encoding.UTF8);
        content.Headers.ContentType = new MediaTypeHeaderValue(contentType);
        using var response = await SendAsync(method, pathAndQuery, JsonAccept, content, cancellationToken);
        return (response.StatusCode, await ReadObjectAsync(response, cancellationToken));
    }

    /// <summary>
    /// Sends one request with the kubeconfig's credentials and returns the response with its body still unread (a
    /// watch keeps streaming). A non-2xx answer is read and thrown as an <see cref="ApiException"/>.
    /// </summary>
    public async Task<HttpResponseMessage> SendAsync(HttpMethod method, string pathAndQuery, string accept, HttpContent? body,
        CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(method, new Uri(_kubernetes.BaseUri, pathAndQuery.TrimStart('/'))) { Content = body };
        request.Headers.TryAddWithoutValidation("Accept", accept);
        // KubernetesClient keeps bearer tokens and basic auth outside its HttpClient, so each request gets them here;
        // client certificates and the cluster CA are already part of the HttpClient's TLS settings.
        if (_kubernetes.Credentials is not null) await _kubernetes.Credentials.ProcessHttpRequestAsync(request, cancellationToken);

        var stopwatch = Stopwatch.StartNew();
        HttpResponseMessage response;
        try
        {
            // ResponseHeadersRead: return as soon as the headers arrive, so a watch can be read while it streams.
            response = await _kubernetes.HttpClient.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken);
        }
        catch (HttpRequestException ex)
        {
            throw new CliException($"unable to connect to the server {_kubernetes.BaseUri.Authority}: {Innermost(ex).Message}", ex);
        }
        // Like kubectl -v=6: one line per request, so students can see the REST calls behind each command.
        if (_verbosity >= 6)
        {
            await _log.WriteLineAsync($"{method} {request.RequestUri} {(int)response.StatusCode} {response.ReasonPhrase} in {stopwatch.ElapsedMilliseconds} milliseconds");
        }
        foreach (var warning in Warnings(response)) await _log.WriteLineAsync($"Warning: {warning}");
        if (response.IsSuccessStatusCode) return response;

        using (response)
        {
            var text = await response.Content.ReadAsStringAsync(cancellationToken);
            if (_verbosity >= 8) await _log.WriteLineAsync($"Response Body: {text}");
            throw new ApiException(StatusFromBody((int)response.StatusCode, text));
        }
    }

    /// <summary>Reads a whole JSON object answer.</summary>
    public async Task<JsonObject> ReadObjectAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        var text = await response.Content.ReadAsStringAsync(cancellationToken);
        if (_verbosity >= 8) await _log.WriteLineAsync($"Response Body: {text}");
        try
        {
            return JsonNode.Parse(text) as JsonObject
                ?? throw new CliException($"the server answered {response.RequestMessage?.RequestUri} with something that is not a JSON object");
        }
        catch (JsonException ex)
        {
            throw new CliException($"the server answered {response.RequestMessage?.RequestUri} with invalid JSON: {ex.Message}", ex);
        }
    }

    /// <summary>
    /// The Status in an error body; when the body is not a Status (a proxy's HTML page, plain text), one is made up
    /// from the HTTP code, as client-go does, so the user still sees a reason.
    /// </summary>
    internal static V1Status StatusFromBody(int code, string body)
    {
        try
        {
            if (JsonNode.Parse(body) is JsonObject obj && (string?)obj["kind"] == "Status")
            {
                return KubernetesJson.Deserialize<V1Status>(body);
            }
        }
        catch (JsonException)
        {
            // Not JSON: fall through and describe it from the HTTP code.
        }
        var reason = code switch
        {
            400 => "BadRequest",
            401 => "Unauthorized",
            403 => "Forbidden",
            404 => "NotFound",
            405 => "MethodNotAllowed",
            406 => "NotAcceptable",
            409 => "Conflict",
            410 => "Gone",
            415 => "UnsupportedMediaType",
            422 => "Invalid",
            429 => "TooManyRequests",
            503 => "ServiceUnavailable",
            504 => "Timeout",
            _ => "InternalError",
        };
        var message = code == 404 && body.Trim().Length == 0
            ? "the server could not find the requested resource"
            : $"an error on the server (\"{body.Trim()}\") has prevented the request from succeeding";
        return new V1Status { Kind = "Status", ApiVersion = "v1", Status = "Failure", Code = code, Reason = reason, Message = message };
    }

    // A Warning header looks like: 299 - "v1 ComponentStatus is deprecated in v1.19+" (RFC 7234); kubectl prints the text.
    private static IEnumerable<string> Warnings(HttpResponseMessage response)
    {
        if (!response.Headers.TryGetValues("Warning", out var values)) yield break;
        foreach (var value in values)
        {
            var start = value.IndexOf('"', StringComparison.Ordinal);
            var end = value.LastIndexOf('"');
            yield return start >= 0 && end > start ? value[(start + 1)..end].Replace("\\\"", "\"", StringComparison.Ordinal) : value;
        }
    }

    private static Exception Innermost(Exception ex) => ex.InnerException is null ? ex : Innermost(ex.InnerException);

    public void Dispose() => _kubernetes.Dispose();
}
