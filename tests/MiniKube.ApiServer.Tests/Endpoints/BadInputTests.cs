using System.Net;
using System.Text.Json.Nodes;
using MiniKube.Testing;
using Xunit;
using Xunit.Abstractions;

namespace MiniKube.ApiServer.Tests.Endpoints;

/// <summary>
/// Bad input gets a clear Status with the upstream code and reason, and changes nothing: after every bad request
/// the store's revision (the list resourceVersion) is exactly what it was.
/// </summary>
public sealed class BadInputTests(SqliteApiServerFixture fixture, ITestOutputHelper output) : IClassFixture<SqliteApiServerFixture>, IAsyncLifetime, IDisposable
{
    private readonly ApiClient _api = new(fixture.Server.CreateHttpClient());
    private readonly string _ns = "bad-" + Guid.NewGuid().ToString("N")[..8];

    public async Task InitializeAsync()
    {
        await _api.PostJsonAsync("/api/v1/namespaces", $$$"""{"apiVersion":"v1","kind":"Namespace","metadata":{"name":"{{{_ns}}}"}}""");
        await _api.PostJsonAsync($"/api/v1/namespaces/{_ns}/configmaps", """{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"existing"},"data":{"a":"1"}}""");
    }

    public Task DisposeAsync() => Task.CompletedTask;

    public void Dispose() => _api.Dispose();

    public static TheoryData<string, string, string, string, int, string, string> Cases => new()
    {
        // name, method, path (relative to the test namespace), content type, expected code, reason, message fragment
        { "malformed JSON", "POST", "configmaps", "application/json", 400, "BadRequest", "json parse error" },
        { "malformed YAML", "POST", "configmaps", "application/yaml", 400, "BadRequest", "error converting YAML to JSON" },
        { "unknown kind", "POST", "configmaps", "application/json", 400, "BadRequest", "does not match the expected kind" },
        { "wrong apiVersion", "POST", "configmaps", "application/json", 400, "BadRequest", "does not match the expected API version" },
        { "invalid name", "POST", "configmaps", "application/json", 422, "Invalid", "metadata.name: Invalid value: \"Bad_Name\"" },
        { "stale resourceVersion", "PUT", "configmaps/existing", "application/json", 409, "Conflict", "the object has been modified" },
        { "unknown patch type", "PATCH", "configmaps/existing", "application/json", 415, "UnsupportedMediaType", "415: Unsupported Media Type" },
        { "unknown field (strict)", "POST", "configmaps?fieldValidation=Strict", "application/json", 400, "BadRequest", "unknown field \"spec\"" },
        { "wrong field type", "POST", "configmaps", "application/json", 400, "BadRequest", "cannot be handled as a ConfigMap" },
        { "unknown resource", "GET", "frobs", "application/json", 404, "NotFound", "the server could not find the requested resource" },
        { "PUT on a collection", "PUT", "configmaps", "application/json", 405, "MethodNotAllowed", "does not allow this method" },
        { "already exists", "POST", "configmaps", "application/json", 409, "AlreadyExists", "configmaps \"existing\" already exists" },
        { "missing object", "GET", "configmaps/nope", "application/json", 404, "NotFound", "configmaps \"nope\" not found" },
        { "bad label selector", "GET", "configmaps?labelSelector=a%20in%20b", "application/json", 400, "BadRequest", "unable to parse requirement" },
        { "null metadata", "POST", "configmaps", "application/json", 422, "Invalid", "metadata.name: Required value" },
        { "apiVersion not a string", "POST", "configmaps", "application/json", 400, "BadRequest", "apiVersion must be a string" },
        { "null label value", "POST", "configmaps", "application/json", 422, "Invalid", "metadata.labels" },
        { "patch renames the object", "PATCH", "configmaps/existing", "application/merge-patch+json", 400, "BadRequest", "does not match the name on the URL" },
        { "unsupported field selector", "GET", "configmaps?fieldSelector=spec.foo%3Dbar", "application/json", 400, "BadRequest", "field label not supported: spec.foo" },
    };

    private static string BodyFor(string name) => name switch
    {
        "malformed JSON" => """{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":""",
        "malformed YAML" => "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: [unclosed\n",
        "unknown kind" => """{"apiVersion":"v1","kind":"Frob","metadata":{"name":"x"}}""",
        "wrong apiVersion" => """{"apiVersion":"apps/v1","kind":"ConfigMap","metadata":{"name":"x"}}""",
        "invalid name" => """{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"Bad_Name"}}""",
        "stale resourceVersion" => """{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"existing","resourceVersion":"1"},"data":{"a":"2"}}""",
        "unknown patch type" => """{"data":{"a":"3"}}""",
        "unknown field (strict)" => """{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"strict"},"spec":{}}""",
        "wrong field type" => """{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"typed"},"data":["not","a","map"]}""",
        "already exists" => """{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"existing"}}""",
        "null metadata" => """{"apiVersion":"v1","kind":"ConfigMap","metadata":null}""",
        "apiVersion not a string" => """{"apiVersion":1,"kind":"ConfigMap","metadata":{"name":"x"}}""",
        "null label value" => """{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"nulllabel","labels":{"a":null,"b c":"d"}}}""",
        "patch renames the object" => """{"metadata":{"name":"renamed"}}""",
        "PUT on a collection" => """{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"x"}}""",
        _ => "",
    };

    [RequiresTheory]
    [MemberData(nameof(Cases))]
    public async Task BadRequest_GetsItsStatus_AndChangesNothing(string name, string method, string path, string contentType, int code, string reason, string message)
    {
        var before = await RevisionAsync();
        var body = BodyFor(name);
        var (status, answer) = await _api.SendAsync(new HttpMethod(method), $"/api/v1/namespaces/{_ns}/{path}", body.Length == 0 ? null : body, contentType);
        output.WriteLine($"{name}: {(int)status} {answer}");

        Assert.Equal(code, (int)status);
        Assert.Equal("Status", answer?["kind"]?.GetValue<string>());
        Assert.Equal("Failure", answer?["status"]?.GetValue<string>());
        Assert.Equal(reason, answer?["reason"]?.GetValue<string>());
        Assert.Equal(code, answer?["code"]?.GetValue<int>());
        Assert.Contains(message, answer?["message"]?.GetValue<string>(), StringComparison.Ordinal);
        Assert.Equal(before, await RevisionAsync());
    }

    [RequiresFact]
    public async Task OversizeBody_Is413_AndChangesNothing()
    {
        var before = await RevisionAsync();
        var huge = $$$"""{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"huge"},"data":{"a":"{{{new string('x', 4 * 1024 * 1024)}}}"}}""";
        var (status, answer) = await _api.SendAsync(HttpMethod.Post, $"/api/v1/namespaces/{_ns}/configmaps", huge);
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, status);
        Assert.Equal("RequestEntityTooLarge", answer?["reason"]?.GetValue<string>());
        Assert.Equal(before, await RevisionAsync());
    }

    [RequiresFact]
    public async Task CreateInMissingNamespace_IsNotFound()
    {
        var (status, answer) = await _api.SendAsync(HttpMethod.Post, "/api/v1/namespaces/does-not-exist/configmaps",
            """{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"x"}}""");
        Assert.Equal(HttpStatusCode.NotFound, status);
        Assert.Equal("namespaces \"does-not-exist\" not found", answer?["message"]?.GetValue<string>());
    }

    [RequiresFact]
    public async Task InvalidPod_ListsEveryFieldError()
    {
        var (status, answer) = await _api.SendAsync(HttpMethod.Post, $"/api/v1/namespaces/{_ns}/pods",
            """{"apiVersion":"v1","kind":"Pod","metadata":{"name":"bad-pod"},"spec":{"containers":[{"name":"a","image":"busybox","resources":{"requests":{"cpu":"-1"}}},{"name":"a"}]}}""");
        output.WriteLine(answer?.ToJsonString());
        Assert.Equal(HttpStatusCode.UnprocessableEntity, status);
        var causes = answer!["details"]!["causes"]!.AsArray().Select(c => c!["field"]!.GetValue<string>()).ToList();
        Assert.Contains("spec.containers[0].resources.requests[cpu]", causes);
        Assert.Contains("spec.containers[1].name", causes);
        Assert.Contains("spec.containers[1].image", causes);
        Assert.StartsWith("Pod \"bad-pod\" is invalid: [", answer["message"]!.GetValue<string>(), StringComparison.Ordinal);
    }

    /// <summary>The store's revision: every successful write anywhere moves it.</summary>
    private async Task<string> RevisionAsync()
    {
        var list = await _api.GetJsonAsync("/api/v1/configmaps");
        return list["metadata"]!["resourceVersion"]!.GetValue<string>();
    }
}
