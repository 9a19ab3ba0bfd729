using System.Net;
using System.Text.Json.Nodes;
using MiniKube.Testing;
using Xunit;
using Xunit.Abstractions;

namespace MiniKube.ApiServer.Tests.Endpoints;

/// <summary>
/// The API conventions controllers rely on, checked over the wire: generateName, dryRun, the status subresource,
/// generation, finalizers and deletionTimestamp, preconditions, pagination, deletecollection, pod binding and the
/// system namespaces.
/// </summary>
public sealed class ApiSemanticsTests(SqliteApiServerFixture fixture, ITestOutputHelper output)
    : IClassFixture<SqliteApiServerFixture>, IAsyncLifetime, IDisposable
{
    private readonly ApiClient _api = new(fixture.Server.CreateHttpClient());
    private readonly string _ns = "sem-" + Guid.NewGuid().ToString("N")[..8];
    private string Collection(string resource) => $"/api/v1/namespaces/{_ns}/{resource}";

    public async Task InitializeAsync() =>
        await _api.PostJsonAsync("/api/v1/namespaces", $$$"""{"apiVersion":"v1","kind":"Namespace","metadata":{"name":"{{{_ns}}}"}}""");

    public Task DisposeAsync() => Task.CompletedTask;

    public void Dispose() => _api.Dispose();

    [RequiresFact]
    public async Task SystemNamespaces_ExistFromTheFirstStart()
    {
        var list = await _api.GetJsonAsync("/api/v1/namespaces");
        var names = list["items"]!.AsArray().Select(n => n!["metadata"]!["name"]!.GetValue<string>()).ToList();
        Assert.Superset(new HashSet<string> { "default", "kube-system", "kube-public", "kube-node-lease" }, names.ToHashSet());
    }

    [RequiresFact]
    public async Task Services_GetClusterIPsFromTheRange_AndTheKubernetesServiceHasTheFirst()
    {
        var kubernetes = await _api.GetJsonAsync("/api/v1/namespaces/default/services/kubernetes");
        Assert.Equal("10.0.0.1", kubernetes["spec"]!["clusterIP"]!.GetValue<string>());
        var endpoints = await _api.GetJsonAsync("/api/v1/namespaces/default/endpoints/kubernetes");
        Assert.Equal("127.0.0.1", endpoints["subsets"]![0]!["addresses"]![0]!["ip"]!.GetValue<string>());

        static string Service(string name, string? clusterIP) => clusterIP is null
            ? $$$"""{"apiVersion":"v1","kind":"Service","metadata":{"name":"{{{name}}}"},"spec":{"selector":{"app":"web"},"ports":[{"port":80}]}}"""
            : $$$"""{"apiVersion":"v1","kind":"Service","metadata":{"name":"{{{name}}}"},"spec":{"clusterIP":"{{{clusterIP}}}","selector":{"app":"web"},"ports":[{"port":80}]}}""";
        var web = await _api.PostJsonAsync(Collection("services"), Service("web", null));
        var ip = web["spec"]!["clusterIP"]!.GetValue<string>();
        Assert.StartsWith("10.0.0.", ip, StringComparison.Ordinal);
        Assert.NotEqual("10.0.0.1", ip);
        Assert.Equal(80, web["spec"]!["ports"]![0]!["targetPort"]!.GetValue<int>());

        var (taken, answer) = await _api.SendAsync(HttpMethod.Post, Collection("services"), Service("copy", ip));
        Assert.Equal(HttpStatusCode.UnprocessableEntity, taken);
        Assert.Contains("provided IP is already allocated", answer!["message"]!.GetValue<string>(), StringComparison.Ordinal);
        var (outside, _) = await _api.SendAsync(HttpMethod.Post, Collection("services"), Service("outside", "192.168.1.1"));
        Assert.Equal(HttpStatusCode.UnprocessableEntity, outside);
        var headless = await _api.PostJsonAsync(Collection("services"), Service("headless", "None"));
        Assert.Equal("None", headless["spec"]!["clusterIP"]!.GetValue<string>());
    }

    [RequiresFact]
    public async Task ReplicationController_WithoutSelector_SelectsItsTemplateLabels()
    {
        var rc = await _api.PostJsonAsync(Collection("replicationcontrollers"),
            """{"apiVersion":"v1","kind":"ReplicationController","metadata":{"name":"old"},"spec":{"template":{"metadata":{"labels":{"app":"old"}},"spec":{"containers":[{"name":"c","image":"busybox"}]}}}}""");
        Assert.Equal("old", rc["spec"]!["selector"]!["app"]!.GetValue<string>());
        Assert.Equal("old", rc["metadata"]!["labels"]!["app"]!.GetValue<string>());
        Assert.Equal(1, rc["spec"]!["replicas"]!.GetValue<int>());
    }

    [RequiresFact]
    public async Task Delete_OfAService_AnswersWithTheService_OfAConfigMapWithAStatus()
    {
        await _api.PostJsonAsync(Collection("services"),
            """{"apiVersion":"v1","kind":"Service","metadata":{"name":"gone"},"spec":{"selector":{"app":"gone"},"ports":[{"port":80}]}}""");
        await _api.PostJsonAsync(Collection("configmaps"), """{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"gone"}}""");
        var (serviceCode, service) = await _api.SendAsync(HttpMethod.Delete, Collection("services") + "/gone", null);
        Assert.Equal(HttpStatusCode.OK, serviceCode);
        Assert.Equal("Service", service!["kind"]!.GetValue<string>());
        var (configMapCode, status) = await _api.SendAsync(HttpMethod.Delete, Collection("configmaps") + "/gone", null);
        Assert.Equal(HttpStatusCode.OK, configMapCode);
        Assert.Equal("Status", status!["kind"]!.GetValue<string>());
    }

    [RequiresFact]
    public async Task Create_WithGenerateName_GetsAUniqueName()
    {
        var body = """{"apiVersion":"v1","kind":"ConfigMap","metadata":{"generateName":"gen-"}}""";
        var first = await _api.PostJsonAsync(Collection("configmaps"), body);
        var second = await _api.PostJsonAsync(Collection("configmaps"), body);
        var a = first["metadata"]!["name"]!.GetValue<string>();
        var b = second["metadata"]!["name"]!.GetValue<string>();
        Assert.Matches("^gen-[a-z0-9]{5}$", a);
        Assert.NotEqual(a, b);
    }

    [RequiresFact]
    public async Task Create_WithDryRun_StoresNothing()
    {
        var (code, answer) = await _api.SendAsync(HttpMethod.Post, Collection("configmaps") + "?dryRun=All",
            """{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"dry"}}""");
        Assert.Equal(HttpStatusCode.Created, code);
        Assert.Equal("dry", answer!["metadata"]!["name"]!.GetValue<string>());
        var (getCode, _) = await _api.SendAsync(HttpMethod.Get, Collection("configmaps") + "/dry");
        Assert.Equal(HttpStatusCode.NotFound, getCode);
    }

    [RequiresFact]
    public async Task StatusSubresource_ChangesOnlyStatus_AndSpecChangesBumpGeneration()
    {
        var path = $"/apis/apps/v1/namespaces/{_ns}/deployments";
        var created = await _api.PostJsonAsync(path, """
            {"apiVersion":"apps/v1","kind":"Deployment","metadata":{"name":"web"},
             "spec":{"replicas":1,"selector":{"matchLabels":{"app":"web"}},
                     "template":{"metadata":{"labels":{"app":"web"}},"spec":{"containers":[{"name":"main","image":"busybox"}]}}},
             "status":{"replicas":99}}
            """);
        Assert.Null(created["status"]?["replicas"]); // status is the controllers' to write, not the creator's
        Assert.Equal(1, created["metadata"]!["generation"]!.GetValue<int>());

        var status = created.DeepClone();
        status["status"] = new JsonObject { ["replicas"] = 1, ["readyReplicas"] = 1 };
        status["spec"]!["replicas"] = 7; // ignored through /status
        var (code, afterStatus) = await _api.SendAsync(HttpMethod.Put, $"{path}/web/status", status.ToJsonString());
        Assert.Equal(HttpStatusCode.OK, code);
        Assert.Equal(1, afterStatus!["status"]!["readyReplicas"]!.GetValue<int>());
        Assert.Equal(1, afterStatus["spec"]!["replicas"]!.GetValue<int>());
        Assert.Equal(1, afterStatus["metadata"]!["generation"]!.GetValue<int>());

        var (_, afterSpec) = await _api.SendAsync(HttpMethod.Patch, $"{path}/web", """{"spec":{"replicas":3}}""", "application/merge-patch+json");
        Assert.Equal(2, afterSpec!["metadata"]!["generation"]!.GetValue<int>());
        Assert.Equal(1, afterSpec["status"]!["readyReplicas"]!.GetValue<int>()); // a spec write keeps status
    }

    [RequiresFact]
    public async Task Delete_WithFinalizer_MarksUntilTheFinalizerIsRemoved()
    {
        await _api.PostJsonAsync(Collection("configmaps"), """{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"held","finalizers":["example.com/hold"]}}""");

        var (code, marked) = await _api.SendAsync(HttpMethod.Delete, Collection("configmaps") + "/held");
        Assert.Equal(HttpStatusCode.OK, code);
        Assert.NotNull(marked!["metadata"]!["deletionTimestamp"]);
        var stillThere = await _api.GetJsonAsync(Collection("configmaps") + "/held");
        Assert.NotNull(stillThere["metadata"]!["deletionTimestamp"]);

        var (patchCode, _) = await _api.SendAsync(HttpMethod.Patch, Collection("configmaps") + "/held", """{"metadata":{"finalizers":null}}""",
            "application/merge-patch+json");
        Assert.Equal(HttpStatusCode.OK, patchCode);
        var (getCode, _) = await _api.SendAsync(HttpMethod.Get, Collection("configmaps") + "/held");
        Assert.Equal(HttpStatusCode.NotFound, getCode);
    }

    [RequiresFact]
    public async Task Delete_WithForegroundPropagation_AddsTheForegroundFinalizer()
    {
        await _api.PostJsonAsync(Collection("configmaps"), """{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"fg"}}""");
        var (_, marked) = await _api.SendAsync(HttpMethod.Delete, Collection("configmaps") + "/fg", """{"propagationPolicy":"Foreground"}""");
        Assert.Contains("foregroundDeletion", marked!["metadata"]!["finalizers"]!.AsArray().Select(f => f!.GetValue<string>()));
    }

    [RequiresFact]
    public async Task Delete_WithStalePrecondition_IsConflict_AndKeepsTheObject()
    {
        await _api.PostJsonAsync(Collection("configmaps"), """{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"pre"}}""");
        var (code, answer) = await _api.SendAsync(HttpMethod.Delete, Collection("configmaps") + "/pre",
            """{"preconditions":{"uid":"00000000-0000-0000-0000-000000000000"}}""");
        output.WriteLine(answer?.ToJsonString());
        Assert.Equal(HttpStatusCode.Conflict, code);
        Assert.Contains("Precondition failed: UID in precondition", answer!["message"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, (await _api.SendAsync(HttpMethod.Get, Collection("configmaps") + "/pre")).Code);
    }

    [RequiresFact]
    public async Task List_WithLimitAndContinue_PagesThroughOneSnapshot()
    {
        for (var i = 0; i < 5; i++)
        {
            await _api.PostJsonAsync(Collection("configmaps"), $$$$"""{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"page-{{{{i}}}}","labels":{"paged":"yes"}}}""");
        }
        var first = await _api.GetJsonAsync(Collection("configmaps") + "?labelSelector=paged%3Dyes&limit=2");
        var token = first["metadata"]!["continue"]!.GetValue<string>();
        // A write after the first page must not appear in the next pages: they show the first page's snapshot.
        await _api.PostJsonAsync(Collection("configmaps"), """{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"page-9","labels":{"paged":"yes"}}}""");
        var names = first["items"]!.AsArray().Select(i => i!["metadata"]!["name"]!.GetValue<string>()).ToList();
        while (token.Length > 0)
        {
            var next = await _api.GetJsonAsync(Collection("configmaps") + $"?labelSelector=paged%3Dyes&limit=2&continue={token}");
            names.AddRange(next["items"]!.AsArray().Select(i => i!["metadata"]!["name"]!.GetValue<string>()));
            token = next["metadata"]!["continue"]?.GetValue<string>() ?? "";
        }
        Assert.Equal(["page-0", "page-1", "page-2", "page-3", "page-4"], names);
    }

    [RequiresFact]
    public async Task List_FastPathWithoutSelectors_AnswersTheSameItemsAsTheDecodingPath()
    {
        await _api.PostJsonAsync(Collection("pods"), """{"apiVersion":"v1","kind":"Pod","metadata":{"name":"fast","labels":{"a":"b"}},"spec":{"containers":[{"name":"c","image":"busybox"}]}}""");
        await _api.PostJsonAsync(Collection("configmaps"), """{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"fast"},"data":{"k":"v"}}""");
        foreach (var resource in new[] { "pods", "configmaps" })
        {
            // No selector: stored bytes go out as they are. A selector that matches everything: decoded and re-encoded.
            var raw = await _api.GetJsonAsync(Collection(resource));
            var decoded = await _api.GetJsonAsync(Collection(resource) + $"?fieldSelector=metadata.namespace%3D{_ns}");
            Assert.True(JsonNode.DeepEquals(raw["items"], decoded["items"]), $"{resource}:\n{raw["items"]}\n!=\n{decoded["items"]}");
            Assert.NotEmpty(raw["items"]!.AsArray());
            Assert.All(raw["items"]!.AsArray(), item => Assert.Null(item!["kind"]));
        }
    }

    [RequiresFact]
    public async Task DeleteCollection_WithSelector_DeletesOnlyTheMatches()
    {
        await _api.PostJsonAsync(Collection("configmaps"), """{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"keep","labels":{"tier":"db"}}}""");
        await _api.PostJsonAsync(Collection("configmaps"), """{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"drop1","labels":{"tier":"web"}}}""");
        await _api.PostJsonAsync(Collection("configmaps"), """{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"drop2","labels":{"tier":"web"}}}""");

        var (code, _) = await _api.SendAsync(HttpMethod.Delete, Collection("configmaps") + "?labelSelector=tier%3Dweb");
        Assert.Equal(HttpStatusCode.OK, code);
        var left = await _api.GetJsonAsync(Collection("configmaps") + "?labelSelector=tier");
        Assert.Equal(["keep"], left["items"]!.AsArray().Select(i => i!["metadata"]!["name"]!.GetValue<string>()));
    }

    [RequiresFact]
    public async Task Binding_SetsNodeNameOnce()
    {
        await _api.PostJsonAsync(Collection("pods"), """{"apiVersion":"v1","kind":"Pod","metadata":{"name":"p"},"spec":{"containers":[{"name":"c","image":"busybox"}]}}""");
        var binding = """{"apiVersion":"v1","kind":"Binding","metadata":{"name":"p"},"target":{"apiVersion":"v1","kind":"Node","name":"node-1"}}""";

        var (code, _) = await _api.SendAsync(HttpMethod.Post, Collection("pods") + "/p/binding", binding);
        Assert.Equal(HttpStatusCode.Created, code);
        var pod = await _api.GetJsonAsync(Collection("pods") + "/p");
        Assert.Equal("node-1", pod["spec"]!["nodeName"]!.GetValue<string>());
        Assert.Contains(pod["status"]!["conditions"]!.AsArray(), c => c!["type"]!.GetValue<string>() == "PodScheduled");

        var (again, answer) = await _api.SendAsync(HttpMethod.Post, Collection("pods") + "/p/binding", binding);
        Assert.Equal(HttpStatusCode.Conflict, again);
        Assert.Contains("is already assigned to node \"node-1\"", answer!["message"]!.GetValue<string>(), StringComparison.Ordinal);
    }

    [RequiresFact]
    public async Task FieldSelector_OnSpecNodeName_SelectsThatNodesPods()
    {
        foreach (var (name, node) in new[] { ("on-a", "node-a"), ("on-b", "node-b") })
        {
            await _api.PostJsonAsync(Collection("pods"), $$$"""{"apiVersion":"v1","kind":"Pod","metadata":{"name":"{{{name}}}"},"spec":{"nodeName":"{{{node}}}","containers":[{"name":"c","image":"busybox"}]}}""");
        }
        var list = await _api.GetJsonAsync(Collection("pods") + "?fieldSelector=spec.nodeName%3Dnode-a");
        Assert.Equal(["on-a"], list["items"]!.AsArray().Select(i => i!["metadata"]!["name"]!.GetValue<string>()));
    }

    [RequiresFact]
    public async Task GracefulDelete_OfABoundPod_WaitsForTheKubelet()
    {
        await _api.PostJsonAsync(Collection("pods"), """{"apiVersion":"v1","kind":"Pod","metadata":{"name":"bound"},"spec":{"nodeName":"node-1","containers":[{"name":"c","image":"busybox"}]}}""");
        var (_, marked) = await _api.SendAsync(HttpMethod.Delete, Collection("pods") + "/bound");
        Assert.Equal(30, marked!["metadata"]!["deletionGracePeriodSeconds"]!.GetValue<int>());
        // The kubelet confirms with grace period 0 once the containers are gone; then the pod disappears.
        var (code, _) = await _api.SendAsync(HttpMethod.Delete, Collection("pods") + "/bound", """{"gracePeriodSeconds":0}""");
        Assert.Equal(HttpStatusCode.OK, code);
        Assert.Equal(HttpStatusCode.NotFound, (await _api.SendAsync(HttpMethod.Get, Collection("pods") + "/bound")).Code);
    }

    [RequiresFact]
    public async Task Discovery_AggregatedV2beta1_CarriesShortNamesCategoriesAndSubresources()
    {
        var (code, doc) = await _api.SendAsync(HttpMethod.Get, "/apis", accept: "application/json;g=apidiscovery.k8s.io;v=v2beta1;as=APIGroupDiscoveryList,application/json");
        Assert.Equal(HttpStatusCode.OK, code);
        Assert.Equal("apidiscovery.k8s.io/v2beta1", doc!["apiVersion"]!.GetValue<string>());
        var apps = doc["items"]!.AsArray().Single(i => i!["metadata"]!["name"]?.GetValue<string>() == "apps")!;
        var deployments = apps["versions"]![0]!["resources"]!.AsArray().Single(r => r!["resource"]!.GetValue<string>() == "deployments")!;
        Assert.Equal("deploy", deployments["shortNames"]![0]!.GetValue<string>());
        Assert.Equal("all", deployments["categories"]![0]!.GetValue<string>());
        var scale = deployments["subresources"]!.AsArray().Single(s => s!["subresource"]!.GetValue<string>() == "scale")!;
        Assert.Equal("autoscaling", scale["responseKind"]!["group"]!.GetValue<string>());
    }
}
