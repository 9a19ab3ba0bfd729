using System.Diagnostics;
using System.Security.Cryptography;
using System.Text.Json.Nodes;
using k8s.Models;
using MiniKube.ApiServer.OpenApi;
using Xunit;
using Xunit.Abstractions;

namespace MiniKube.ApiServer.Tests.OpenApi;

public class OpenApiDocumentsTests(ITestOutputHelper output)
{
    private static JsonObject V3(string groupVersion) =>
        (JsonObject)JsonNode.Parse(TestResources.Documents.V3GroupVersion(groupVersion) ?? throw new InvalidOperationException($"no document for {groupVersion}"))!;

    private static JsonObject Schema(string groupVersion, string definition) =>
        (JsonObject)V3(groupVersion)["components"]!["schemas"]![definition]!;

    private static JsonObject Property(string groupVersion, string definition, string property) =>
        (JsonObject)Schema(groupVersion, definition)["properties"]![property]!;

    /// <summary>The schema a property refers to: behind a plain $ref, or behind the one-element allOf upstream uses.</summary>
    private static string? ReferencedDefinition(JsonObject schema) =>
        (schema["$ref"] ?? schema["allOf"]?[0]?["$ref"])?.GetValue<string>().Replace(ComponentSchemas.RefPrefix, "", StringComparison.Ordinal);

    [Fact]
    public void V3Index_ListsEveryGroupVersion_WithItsServerRelativeUrl()
    {
        var paths = JsonNode.Parse(TestResources.Documents.V3Index())!["paths"]!.AsObject();

        Assert.Equal(
            ["api/v1", "apis/apps/v1", "apis/authorization.k8s.io/v1", "apis/batch/v1", "apis/coordination.k8s.io/v1", "apis/node.k8s.io/v1", "apis/rbac.authorization.k8s.io/v1"],
            paths.Select(p => p.Key));
        Assert.StartsWith("/openapi/v3/apis/apps/v1?hash=", paths["apis/apps/v1"]!["serverRelativeURL"]!.GetValue<string>(), StringComparison.Ordinal);
    }

    [Fact]
    public void V3Index_Hash_IsTheSha512OfTheDocument()
    {
        var documents = TestResources.Documents;
        var url = JsonNode.Parse(documents.V3Index())!["paths"]!["api/v1"]!["serverRelativeURL"]!.GetValue<string>();

        var expected = Convert.ToHexString(SHA512.HashData(documents.V3GroupVersion("api/v1")!));

        Assert.Equal($"/openapi/v3/api/v1?hash={expected}", url);
    }

    [Fact]
    public void V3Index_Hash_ChangesWhenTheDocumentChanges()
    {
        var podsOnly = new OpenApiDocuments([TestResources.Core("Pod", "pods", true, typeof(V1Pod), typeof(V1PodList))]);
        var podsAndConfigMaps = new OpenApiDocuments(
        [
            TestResources.Core("Pod", "pods", true, typeof(V1Pod), typeof(V1PodList)),
            TestResources.Core("ConfigMap", "configmaps", true, typeof(V1ConfigMap), typeof(V1ConfigMapList)),
        ]);

        Assert.NotEqual(HashOf(podsOnly, "api/v1"), HashOf(podsAndConfigMaps, "api/v1"));

        static string HashOf(OpenApiDocuments documents, string groupVersion) =>
            JsonNode.Parse(documents.V3Index())!["paths"]![groupVersion]!["serverRelativeURL"]!.GetValue<string>().Split("hash=")[1];
    }

    [Fact]
    public void Constructor_SameResources_GivesTheSameBytes()
    {
        var again = new OpenApiDocuments(TestResources.Builtin);

        Assert.Equal(TestResources.Documents.V3Index(), again.V3Index());
        Assert.Equal(TestResources.Documents.V2Protobuf(), again.V2Protobuf());
    }

    [Theory]
    [InlineData("apis/nope/v1")]
    [InlineData("api/v2")]
    [InlineData("")]
    public void V3GroupVersion_UnknownPath_ReturnsNull(string path) =>
        Assert.Null(TestResources.Documents.V3GroupVersion(path));

    [Fact]
    public void V3GroupVersion_LeadingSlash_IsAccepted() =>
        Assert.Same(TestResources.Documents.V3GroupVersion("apis/apps/v1"), TestResources.Documents.V3GroupVersion("/apis/apps/v1"));

    [Fact]
    public void V3GroupVersion_PodSpecContainers_AreAListMapKeyedByName()
    {
        var containers = Property("api/v1", "io.k8s.api.core.v1.PodSpec", "containers");

        Assert.Equal("array", containers["type"]!.GetValue<string>());
        Assert.Equal("io.k8s.api.core.v1.Container", ReferencedDefinition((JsonObject)containers["items"]!));
        Assert.Equal("name", containers["x-kubernetes-patch-merge-key"]!.GetValue<string>());
        Assert.Equal("merge", containers["x-kubernetes-patch-strategy"]!.GetValue<string>());
        Assert.Equal("map", containers["x-kubernetes-list-type"]!.GetValue<string>());
        Assert.Equal(["name"], containers["x-kubernetes-list-map-keys"]!.AsArray().Select(k => k!.GetValue<string>()));
    }

    [Theory]
    [InlineData("api/v1", "io.k8s.api.core.v1.Container", "ports", "containerPort", "merge", "containerPort,protocol")]
    [InlineData("api/v1", "io.k8s.api.core.v1.Container", "env", "name", "merge", "name")]
    [InlineData("api/v1", "io.k8s.api.core.v1.Container", "volumeMounts", "mountPath", "merge", "mountPath")]
    [InlineData("api/v1", "io.k8s.api.core.v1.PodSpec", "volumes", "name", "merge,retainKeys", "name")]
    [InlineData("api/v1", "io.k8s.api.core.v1.ServiceSpec", "ports", "port", "merge", "port,protocol")]
    [InlineData("apis/apps/v1", "io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta", "ownerReferences", "uid", "merge", "uid")]
    [InlineData("apis/apps/v1", "io.k8s.api.apps.v1.DeploymentStatus", "conditions", "type", "merge", "type")]
    public void V3GroupVersion_MergeLists_CarryUpstreamKeys(string groupVersion, string definition, string property, string mergeKey, string strategy, string listMapKeys)
    {
        var schema = Property(groupVersion, definition, property);

        Assert.Equal(mergeKey, schema["x-kubernetes-patch-merge-key"]!.GetValue<string>());
        Assert.Equal(strategy, schema["x-kubernetes-patch-strategy"]!.GetValue<string>());
        Assert.Equal(listMapKeys, string.Join(',', schema["x-kubernetes-list-map-keys"]!.AsArray().Select(k => k!.GetValue<string>())));
    }

    [Fact]
    public void V3GroupVersion_AtomicListsAndSets_AreMarked()
    {
        Assert.Equal("atomic", Property("api/v1", "io.k8s.api.core.v1.Container", "command")["x-kubernetes-list-type"]!.GetValue<string>());
        Assert.Equal("set", Property("api/v1", "io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta", "finalizers")["x-kubernetes-list-type"]!.GetValue<string>());
        Assert.Equal("atomic", Schema("apis/apps/v1", "io.k8s.apimachinery.pkg.apis.meta.v1.LabelSelector")["x-kubernetes-map-type"]!.GetValue<string>());
    }

    [Fact]
    public void V3GroupVersion_Descriptions_ComeFromKubernetesClientDocs()
    {
        Assert.StartsWith("Container image name.", Property("api/v1", "io.k8s.api.core.v1.Container", "image")["description"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.StartsWith("Pod is a collection of containers", Schema("api/v1", "io.k8s.api.core.v1.Pod")["description"]!.GetValue<string>(), StringComparison.Ordinal);
        // A described reference is wrapped in allOf, because OpenAPI 3.0 ignores siblings of $ref.
        var spec = Property("api/v1", "io.k8s.api.core.v1.Pod", "spec");
        Assert.Equal("io.k8s.api.core.v1.PodSpec", ReferencedDefinition(spec));
        Assert.NotNull(spec["allOf"]);
        Assert.StartsWith("Specification of the desired behavior of the pod.", spec["description"]!.GetValue<string>(), StringComparison.Ordinal);
    }

    [Fact]
    public void V3GroupVersion_RequiredFields_FollowUpstream()
    {
        Assert.Contains("name", Schema("api/v1", "io.k8s.api.core.v1.Container")["required"]!.AsArray().Select(r => r!.GetValue<string>()));
        Assert.Contains("containers", Schema("api/v1", "io.k8s.api.core.v1.PodSpec")["required"]!.AsArray().Select(r => r!.GetValue<string>()));
        Assert.Equal(["selector", "template"], Schema("apis/apps/v1", "io.k8s.api.apps.v1.DeploymentSpec")["required"]!.AsArray().Select(r => r!.GetValue<string>()));
        Assert.Null(Schema("api/v1", "io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta")["required"]);
    }

    [Theory]
    [InlineData("io.k8s.api.core.v1.Container", "name", "string", null)]
    [InlineData("io.k8s.api.core.v1.Container", "stdin", "boolean", null)]
    [InlineData("io.k8s.api.core.v1.ContainerPort", "containerPort", "integer", "int32")]
    [InlineData("io.k8s.api.core.v1.PodSpec", "activeDeadlineSeconds", "integer", "int64")]
    [InlineData("io.k8s.api.core.v1.Container", "args", "array", null)]
    [InlineData("io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta", "labels", "object", null)]
    public void V3GroupVersion_ScalarAndCollectionTypes_MapToJsonSchemaTypes(string definition, string property, string type, string? format)
    {
        var schema = Property("api/v1", definition, property);

        Assert.Equal(type, schema["type"]!.GetValue<string>());
        Assert.Equal(format, schema["format"]?.GetValue<string>());
    }

    [Fact]
    public void V3GroupVersion_SpecialTypes_ReferToApimachineryDefinitions()
    {
        Assert.Equal(DefinitionNames.Time, ReferencedDefinition(Property("api/v1", "io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta", "creationTimestamp")));
        Assert.Equal(DefinitionNames.MicroTime, ReferencedDefinition(Property("api/v1", "io.k8s.api.core.v1.Event", "eventTime")));
        Assert.Equal(DefinitionNames.IntOrString, ReferencedDefinition(Property("api/v1", "io.k8s.api.core.v1.HTTPGetAction", "port")));
        Assert.Equal(DefinitionNames.Quantity,
            ReferencedDefinition((JsonObject)Property("api/v1", "io.k8s.api.core.v1.ResourceRequirements", "limits")["additionalProperties"]!));
        Assert.Equal(DefinitionNames.FieldsV1, ReferencedDefinition(Property("api/v1", "io.k8s.apimachinery.pkg.apis.meta.v1.ManagedFieldsEntry", "fieldsV1")));
        var revisions = new OpenApiDocuments([TestResources.Group("apps", "ControllerRevision", "controllerrevisions", true, typeof(V1ControllerRevision), typeof(V1ControllerRevisionList))]);
        var revision = JsonNode.Parse(revisions.V3GroupVersion("apis/apps/v1")!)!["components"]!["schemas"]!["io.k8s.api.apps.v1.ControllerRevision"]!;
        Assert.Equal(DefinitionNames.RawExtension, ReferencedDefinition((JsonObject)revision["properties"]!["data"]!));

        var secretData = (JsonObject)Property("api/v1", "io.k8s.api.core.v1.Secret", "data")["additionalProperties"]!;
        Assert.Equal("byte", secretData["format"]!.GetValue<string>());
        Assert.Equal("string", Property("api/v1", "io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta", "labels")["additionalProperties"]!["type"]!.GetValue<string>());

        Assert.Equal("date-time", Schema("api/v1", DefinitionNames.Time)["format"]!.GetValue<string>());
        Assert.Equal("int-or-string", Schema("api/v1", DefinitionNames.IntOrString)["format"]!.GetValue<string>());
    }

    [Theory]
    [InlineData("apis/apps/v1", "io.k8s.api.apps.v1.RollingUpdateDeployment")]
    [InlineData("apis/apps/v1", "io.k8s.api.core.v1.PodTemplateSpec")]
    [InlineData("apis/apps/v1", "io.k8s.api.core.v1.Container")]
    [InlineData("apis/apps/v1", "io.k8s.apimachinery.pkg.apis.meta.v1.LabelSelector")]
    [InlineData("apis/apps/v1", "io.k8s.api.autoscaling.v1.Scale")]
    [InlineData("apis/apps/v1", "io.k8s.api.core.v1.PersistentVolumeClaim")]
    [InlineData("apis/batch/v1", "io.k8s.api.batch.v1.JobSpec")]
    [InlineData("apis/batch/v1", "io.k8s.api.batch.v1.PodFailurePolicy")]
    [InlineData("apis/rbac.authorization.k8s.io/v1", "io.k8s.api.rbac.v1.PolicyRule")]
    public void V3GroupVersion_NestedTypes_AreNamedAfterTheirUpstreamPackage(string groupVersion, string definition) =>
        Assert.True(V3(groupVersion)["components"]!["schemas"]!.AsObject().ContainsKey(definition), $"{definition} missing from {groupVersion}");

    [Theory]
    [InlineData("api/v1", "io.k8s.api.core.v1.Pod", "", "Pod")]
    [InlineData("api/v1", "io.k8s.api.core.v1.PodList", "", "PodList")]
    [InlineData("api/v1", "io.k8s.api.core.v1.Event", "", "Event")]
    [InlineData("apis/apps/v1", "io.k8s.api.apps.v1.Deployment", "apps", "Deployment")]
    [InlineData("apis/rbac.authorization.k8s.io/v1", "io.k8s.api.rbac.v1.ClusterRole", "rbac.authorization.k8s.io", "ClusterRole")]
    public void V3GroupVersion_Kinds_CarryTheirGroupVersionKind(string groupVersion, string definition, string group, string kind)
    {
        var kinds = Schema(groupVersion, definition)["x-kubernetes-group-version-kind"]!.AsArray();

        Assert.Contains(kinds, k => JsonNode.DeepEquals(k, new JsonObject { ["group"] = group, ["kind"] = kind, ["version"] = "v1" }));
    }

    [Fact]
    public void V3GroupVersion_EveryReference_Resolves()
    {
        foreach (var groupVersion in TestResources.Documents.GroupVersionPaths)
        {
            var document = V3(groupVersion);
            var schemas = document["components"]!["schemas"]!.AsObject();
            foreach (var reference in References(document))
            {
                Assert.StartsWith(ComponentSchemas.RefPrefix, reference, StringComparison.Ordinal);
                Assert.True(schemas.ContainsKey(reference[ComponentSchemas.RefPrefix.Length..]), $"{groupVersion}: dangling {reference}");
            }
        }
    }

    /// <summary>What <c>kubectl explain</c> does: find the kind from the resource's paths, then the schema with that kind.</summary>
    [Fact]
    public void V3GroupVersion_EveryResource_CanBeExplained()
    {
        foreach (var resource in TestResources.Builtin)
        {
            var document = V3(resource.GroupVersionPath);
            var prefix = resource.Group.Length == 0 ? "/api/v1" : $"/apis/{resource.Group}/{resource.Version}";
            string[] searched =
            [
                $"{prefix}/{resource.Plural}", $"{prefix}/{resource.Plural}/{{name}}",
                $"{prefix}/namespaces/{{namespace}}/{resource.Plural}", $"{prefix}/namespaces/{{namespace}}/{resource.Plural}/{{name}}",
            ];
            var gvk = searched
                .Select(path => document["paths"]![path])
                .SelectMany(item => new[] { "get", "post", "put", "patch", "delete" }.Select(method => item?[method]?["x-kubernetes-group-version-kind"]))
                .First(found => found is not null)!;

            Assert.True(JsonNode.DeepEquals(gvk, new JsonObject { ["group"] = resource.Group, ["kind"] = resource.Kind, ["version"] = resource.Version }), $"{resource.Plural}: {gvk}");
            Assert.Single(document["components"]!["schemas"]!.AsObject(),
                schema => schema.Value!["x-kubernetes-group-version-kind"]?.AsArray().Any(k => JsonNode.DeepEquals(k, gvk)) == true);
        }
    }

    /// <summary>
    /// What kubectl apply checks before it relies on the server: PATCH of the kind accepts a strategic merge patch (else
    /// it sends a plain merge patch, which replaces whole lists) and the fieldValidation parameter (else it validates
    /// on the client).
    /// </summary>
    [Fact]
    public void V3GroupVersion_PatchOperations_AcceptStrategicMergePatchAndFieldValidation()
    {
        foreach (var resource in TestResources.Builtin.Where(r => r.Verbs.Contains("patch")))
        {
            var gvk = new JsonObject { ["group"] = resource.Group, ["kind"] = resource.Kind, ["version"] = resource.Version };
            var patch = V3(resource.GroupVersionPath)["paths"]!.AsObject()
                .Select(path => path.Value!["patch"])
                .First(operation => operation is not null && JsonNode.DeepEquals(operation["x-kubernetes-group-version-kind"], gvk))!;

            Assert.NotNull(patch["requestBody"]!["content"]!["application/strategic-merge-patch+json"]);
            Assert.NotNull(patch["requestBody"]!["content"]!["application/apply-patch+yaml"]);
            Assert.Contains(patch["parameters"]!.AsArray(), p => p!["name"]!.GetValue<string>() == "fieldValidation" && p["in"]!.GetValue<string>() == "query");
        }
    }

    [Fact]
    public void V3GroupVersion_Paths_FollowTheResourceVerbs()
    {
        var authorization = V3("apis/authorization.k8s.io/v1");
        var reviews = authorization["paths"]!["/apis/authorization.k8s.io/v1/selfsubjectaccessreviews"]!.AsObject();

        Assert.Equal(["post", "parameters"], reviews.Select(p => p.Key));
        Assert.Null(authorization["paths"]!["/apis/authorization.k8s.io/v1/selfsubjectaccessreviews/{name}"]);

        var componentStatuses = V3("api/v1")["paths"]!["/api/v1/componentstatuses"]!.AsObject();
        Assert.Equal(["get", "parameters"], componentStatuses.Select(p => p.Key));
        Assert.Equal("list", componentStatuses["get"]!["x-kubernetes-action"]!.GetValue<string>());
    }

    [Fact]
    public void V3GroupVersion_Subresources_HaveTheirOwnPaths()
    {
        var apps = V3("apis/apps/v1")["paths"]!;
        var scale = apps["/apis/apps/v1/namespaces/{namespace}/deployments/{name}/scale"]!;
        Assert.Equal("Scale", scale["patch"]!["x-kubernetes-group-version-kind"]!["kind"]!.GetValue<string>());
        Assert.Equal("autoscaling", scale["patch"]!["x-kubernetes-group-version-kind"]!["group"]!.GetValue<string>());

        var core = V3("api/v1")["paths"]!;
        Assert.NotNull(core["/api/v1/namespaces/{namespace}/pods/{name}/status"]!["put"]);
        Assert.NotNull(core["/api/v1/namespaces/{namespace}/pods/{name}/binding"]!["post"]);
        Assert.NotNull(core["/api/v1/pods"]!["get"]); // the list across namespaces
        Assert.Null(core["/api/v1/namespaces/{namespace}/pods/{name}/log"]); // connect subresources are not described
    }

    [Fact]
    public void Constructor_BuildsEveryDocumentQuickly()
    {
        var stopwatch = Stopwatch.StartNew();
        _ = new OpenApiDocuments(TestResources.Builtin);
        output.WriteLine($"Built the OpenAPI documents for {TestResources.Builtin.Count} resources in {stopwatch.ElapsedMilliseconds} ms");

        // The API server builds them once at startup; a few hundred milliseconds is the expectation.
        Assert.True(stopwatch.Elapsed < TimeSpan.FromSeconds(5), $"took {stopwatch.Elapsed}");
    }

    internal static IEnumerable<string> References(JsonNode? node) => node switch
    {
        JsonObject obj => obj.SelectMany(p => p.Key == "$ref" && p.Value is JsonValue value ? [value.GetValue<string>()] : References(p.Value)),
        JsonArray array => array.SelectMany(References),
        _ => [],
    };
}
