using System.Text.Json.Nodes;
using Google.Protobuf;
using MiniKube.ApiServer.OpenApi;
using MiniKube.ApiServer.OpenApi.Gnostic;
using Xunit;
using YamlDotNet.Serialization;

namespace MiniKube.ApiServer.Tests.OpenApi;

/// <summary>The Swagger 2.0 document at /openapi/v2, which kubectl 1.27/1.28 read as protobuf.</summary>
public class OpenApiV2Tests
{
    private static readonly Lazy<Document> s_document = new(() => Document.Parser.ParseFrom(TestResources.Documents.V2Protobuf()));

    private static Document Parsed => s_document.Value;

    private static Schema Definition(string name) => Parsed.Definitions.AdditionalProperties.Single(d => d.Name == name).Value;

    private static Schema Property(string definition, string property) =>
        Definition(definition).Properties.AdditionalProperties.Single(p => p.Name == property).Value;

    /// <summary>Reads an extension the way kube-openapi does: the NamedAny's value is YAML text.</summary>
    private static object? Extension(IEnumerable<NamedAny> extensions, string name) =>
        new DeserializerBuilder().Build().Deserialize<object>(extensions.Single(e => e.Name == name).Value.Yaml);

    [Fact]
    public void V2Protobuf_ParsesAsAGnosticDocument_WithTheDefinitionsOfTheJsonForm()
    {
        var json = JsonNode.Parse(TestResources.Documents.V2Json())!;

        Assert.Equal("2.0", Parsed.Swagger);
        Assert.Equal(json["definitions"]!.AsObject().Select(d => d.Key), Parsed.Definitions.AdditionalProperties.Select(d => d.Name));
        Assert.Equal(json["paths"]!.AsObject().Select(p => p.Key), Parsed.Paths.Path.Select(p => p.Name));
        Assert.Contains(Parsed.Definitions.AdditionalProperties, d => d.Name == "io.k8s.api.apps.v1.Deployment");
        Assert.Contains(Parsed.Definitions.AdditionalProperties, d => d.Name == "io.k8s.api.core.v1.Pod");
    }

    [Fact]
    public void V2Protobuf_RoundTripsToTheSameBytes() =>
        Assert.Equal(TestResources.Documents.V2Protobuf(), Parsed.ToByteArray());

    [Fact]
    public void V2Protobuf_PodSpecContainers_CarryTheMergeKeyAsYaml()
    {
        var containers = Property("io.k8s.api.core.v1.PodSpec", "containers");

        Assert.Equal("array", Assert.Single(containers.Type.Value));
        Assert.Equal("#/definitions/io.k8s.api.core.v1.Container", Assert.Single(containers.Items.Schema).Ref);
        Assert.Equal("name", Extension(containers.VendorExtension, "x-kubernetes-patch-merge-key"));
        Assert.Equal("merge", Extension(containers.VendorExtension, "x-kubernetes-patch-strategy"));
        Assert.False(string.IsNullOrEmpty(containers.Description));
    }

    [Fact]
    public void V2Protobuf_Kinds_CarryAGroupVersionKindList()
    {
        var kinds = Assert.IsType<List<object>>(Extension(Definition("io.k8s.api.apps.v1.Deployment").VendorExtension, "x-kubernetes-group-version-kind"));
        var kind = Assert.IsType<Dictionary<object, object>>(Assert.Single(kinds));

        Assert.Equal("apps", kind["group"]);
        Assert.Equal("Deployment", kind["kind"]);
        Assert.Equal("v1", kind["version"]);
    }

    /// <summary>kubectl 1.28 sends a strategic merge patch only if the v2 PATCH operation of the kind "consumes" one.</summary>
    [Fact]
    public void V2Protobuf_PatchOperations_ConsumeStrategicMergePatchAndTakeFieldValidation()
    {
        var patch = Parsed.Paths.Path
            .Select(p => p.Value.Patch)
            .First(op => op is not null && op.VendorExtension.Any(e => e.Name == "x-kubernetes-group-version-kind" && e.Value.Yaml.Contains("\"Deployment\"", StringComparison.Ordinal)));

        Assert.Contains("application/strategic-merge-patch+json", patch.Consumes);
        Assert.Contains(patch.Parameters, p => p.Parameter.NonBodyParameter?.QueryParameterSubSchema?.Name == "fieldValidation");
        Assert.Contains(patch.Parameters, p => p.Parameter.BodyParameter?.Schema.Ref == "#/definitions/" + DefinitionNames.Patch);
    }

    /// <summary>The rules of kubectl's v2 model parser (kube-openapi's proto package): one bad schema fails every apply.</summary>
    [Fact]
    public void V2Protobuf_EverySchema_PassesKubectlsParserRules()
    {
        var names = Parsed.Definitions.AdditionalProperties.Select(d => d.Name).ToHashSet();
        foreach (var definition in Parsed.Definitions.AdditionalProperties)
        {
            Check(definition.Value, definition.Name);
        }

        void Check(Schema schema, string path)
        {
            if (schema.Ref.Length > 0)
            {
                Assert.StartsWith("#/definitions/", schema.Ref, StringComparison.Ordinal);
                Assert.Contains(schema.Ref["#/definitions/".Length..], names);
                Assert.True(schema.Type is null || schema.Type.Value.Count == 0, $"{path}: a reference cannot have a type");
                Assert.True(schema.Properties is null, $"{path}: a reference cannot have properties");
                return;
            }
            Assert.True(schema.Type is null || schema.Type.Value.Count <= 1, $"{path}: several types");
            if (schema.Type?.Value.FirstOrDefault() == "array")
            {
                Assert.Single(schema.Items.Schema);
            }
            foreach (var property in schema.Properties?.AdditionalProperties ?? [])
            {
                Check(property.Value, $"{path}.{property.Name}");
            }
            foreach (var item in schema.Items?.Schema ?? [])
            {
                Check(item, path + "[]");
            }
            if (schema.AdditionalProperties?.Schema is { } value)
            {
                Check(value, path + "{}");
            }
        }
    }

    [Fact]
    public void V2Json_HasNoOpenApi3Constructs()
    {
        var json = System.Text.Encoding.UTF8.GetString(TestResources.Documents.V2Json());

        Assert.DoesNotContain("\"allOf\"", json, StringComparison.Ordinal);
        Assert.DoesNotContain("\"oneOf\"", json, StringComparison.Ordinal);
        Assert.DoesNotContain("#/components/", json, StringComparison.Ordinal);
        Assert.DoesNotContain("requestBody", json, StringComparison.Ordinal);
    }

    [Fact]
    public void ToV2Schema_DescribedReference_BecomesARefWithItsDescription()
    {
        var v3 = new JsonObject
        {
            ["allOf"] = new JsonArray(new JsonObject { ["$ref"] = "#/components/schemas/io.k8s.api.core.v1.PodSpec" }),
            ["default"] = new JsonObject(),
            ["description"] = "the spec",
        };

        var v2 = OpenApiV2Writer.ToV2Schema(v3);

        Assert.True(JsonNode.DeepEquals(new JsonObject { ["$ref"] = "#/definitions/io.k8s.api.core.v1.PodSpec", ["description"] = "the spec" }, v2), v2.ToJsonString());
    }

    [Fact]
    public void ToV2Schema_PropertyNamedRef_IsNotTreatedAsAReference()
    {
        // JSONSchemaProps (CustomResourceDefinition) has a property called "$ref".
        var v3 = new JsonObject { ["type"] = "object", ["properties"] = new JsonObject { ["$ref"] = new JsonObject { ["type"] = "string" } } };

        Assert.True(JsonNode.DeepEquals(v3, OpenApiV2Writer.ToV2Schema(v3)));
    }

    [Fact]
    public void ToV2Schema_UnionScalar_BecomesAString()
    {
        var v3 = new JsonObject { ["format"] = "int-or-string", ["oneOf"] = new JsonArray(new JsonObject { ["type"] = "integer" }, new JsonObject { ["type"] = "string" }) };

        Assert.True(JsonNode.DeepEquals(new JsonObject { ["format"] = "int-or-string", ["type"] = "string" }, OpenApiV2Writer.ToV2Schema(v3)));
    }
}
