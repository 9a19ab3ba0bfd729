using System.Text.Json;
using System.Text.Json.Nodes;
using MiniKube.ApiServer.Protobuf;
using Xunit;

namespace MiniKube.ApiServer.Tests.Protobuf;

public class KubernetesProtobufTests
{
    private static readonly string AssetDirectory = Path.Combine(AppContext.BaseDirectory, "Protobuf", "testassets");

    /// <summary>
    /// Every testassets/&lt;name&gt;.pb is a body kubectl 1.33 sent; &lt;name&gt;.json is what kubectl 1.28 sent for the same
    /// command (see testassets/README.md). Decoding the first must give the second.
    /// </summary>
    public static TheoryData<string> CapturedBodies() => new(CapturedBodyNames());

    private static string[] CapturedBodyNames() =>
        [.. Directory.GetFiles(AssetDirectory, "*.pb").Select(Path.GetFileNameWithoutExtension).Order(StringComparer.Ordinal)!];

    [Theory]
    [MemberData(nameof(CapturedBodies))]
    public void Decode_BodyCapturedFromKubectl133_EqualsTheJsonKubectl128Sends(string name)
    {
        var body = File.ReadAllBytes(Path.Combine(AssetDirectory, name + ".pb"));
        var expected = JsonNode.Parse(File.ReadAllText(Path.Combine(AssetDirectory, name + ".json")));

        var decoded = KubernetesProtobuf.Decode(body);

        Assert.Equal(Normalize(expected), Normalize(decoded));
    }

    [Fact]
    public void CapturedBodies_CoverEveryTopLevelKindKubectlCreates()
    {
        var kinds = CapturedBodyNames()
            .Select(name => KubernetesProtobuf.Decode(File.ReadAllBytes(Path.Combine(AssetDirectory, name + ".pb"))))
            .Select(json => (string)json["kind"]!)
            .ToHashSet();

        string[] generatorKinds =
        [
            "Namespace", "Deployment", "ConfigMap", "Secret", "Service", "ServiceAccount", "Job", "CronJob", "Role",
            "RoleBinding", "ClusterRole", "ClusterRoleBinding", "ResourceQuota", "PriorityClass", "PodDisruptionBudget",
            "Ingress", "SelfSubjectAccessReview", "Pod",
        ];
        Assert.Empty(generatorKinds.Except(kinds));
    }

    [Fact]
    public void Decode_BodyWithoutMagic_ThrowsBadRequest()
    {
        var error = Assert.Throws<ProtobufDecodeException>(() => KubernetesProtobuf.Decode("{\"kind\":\"Namespace\"}"u8));

        Assert.Equal(400, error.StatusCode);
        Assert.Contains("k8s\\0", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Decode_TruncatedBody_ThrowsBadRequest()
    {
        var body = File.ReadAllBytes(Path.Combine(AssetDirectory, "deployment.pb"));

        var error = Assert.Throws<ProtobufDecodeException>(() => KubernetesProtobuf.Decode(body.AsSpan(0, body.Length - 10)));

        Assert.Equal(400, error.StatusCode);
        Assert.Contains("truncated or malformed", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Decode_KindWithoutSchema_Throws415NamingTheKind()
    {
        var body = ProtobufWriter.Envelope("apps/v1", "StatefulSet", new ProtobufWriter());

        var error = Assert.Throws<ProtobufDecodeException>(() => KubernetesProtobuf.Decode(body));

        Assert.Equal(415, error.StatusCode);
        Assert.Equal("unsupported protobuf kind apps/v1, Kind=StatefulSet: send JSON instead", error.Message);
    }

    [Fact]
    public void Decode_EnvelopeWithoutKind_ThrowsBadRequest()
    {
        var body = ProtobufWriter.Envelope("v1", "", new ProtobufWriter());

        var error = Assert.Throws<ProtobufDecodeException>(() => KubernetesProtobuf.Decode(body));

        Assert.Equal(400, error.StatusCode);
    }

    [Fact]
    public void Decode_ContentEncodingSet_Throws415()
    {
        byte[] body = [.. "k8s\0"u8, .. new ProtobufWriter()
            .Message(1, new ProtobufWriter().String(1, "v1").String(2, "Namespace"))
            .Bytes(2, [0x1f, 0x8b])
            .String(3, "gzip")
            .ToArray()];

        var error = Assert.Throws<ProtobufDecodeException>(() => KubernetesProtobuf.Decode(body));

        Assert.Equal(415, error.StatusCode);
    }

    [Fact]
    public void Decode_FieldWithWrongWireType_ThrowsBadRequest()
    {
        // metadata.name (field 1) sent as a varint instead of a string.
        var body = ProtobufWriter.Envelope("v1", "Namespace",
            new ProtobufWriter().Message(1, new ProtobufWriter().Varint(1, 7)));

        var error = Assert.Throws<ProtobufDecodeException>(() => KubernetesProtobuf.Decode(body));

        Assert.Equal(400, error.StatusCode);
        Assert.Contains("ObjectMeta", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Decode_UnknownFields_AreSkipped()
    {
        var body = ProtobufWriter.Envelope("v1", "Namespace", new ProtobufWriter()
            .Message(1, new ProtobufWriter().String(1, "ns").Varint(99, 5).String(98, "future"))
            .Message(77, new ProtobufWriter().String(1, "a whole unknown message")));

        var json = KubernetesProtobuf.Decode(body);

        Assert.Equal("""{"kind":"Namespace","apiVersion":"v1","metadata":{"name":"ns"}}""", json.ToJsonString());
    }

    [Fact]
    public void Decode_Time_EmptyMessageIsNullAndSecondsAreRfc3339()
    {
        var body = ProtobufWriter.Envelope("v1", "ConfigMap", new ProtobufWriter()
            .Message(1, new ProtobufWriter()
                .String(1, "cm")
                .Message(8, new ProtobufWriter())                                   // creationTimestamp: zero time
                .Message(9, new ProtobufWriter().Varint(1, 1704164645).Varint(2, 5))));  // deletionTimestamp

        var metadata = KubernetesProtobuf.Decode(body)["metadata"]!.AsObject();

        Assert.True(metadata.ContainsKey("creationTimestamp"));
        Assert.Null(metadata["creationTimestamp"]);
        Assert.Equal("2024-01-02T03:04:05Z", (string)metadata["deletionTimestamp"]!);
    }

    [Theory]
    [InlineData(0, 8080, "", "8080")]
    [InlineData(1, 0, "http", "\"http\"")]
    public void Decode_IntOrString_IsANumberOrAString(long type, int intValue, string stringValue, string expectedJson)
    {
        var targetPort = new ProtobufWriter().Varint(1, type).Varint(2, intValue).String(3, stringValue);
        var body = ProtobufWriter.Envelope("v1", "Service", new ProtobufWriter()
            .Message(2, new ProtobufWriter().Message(1, new ProtobufWriter().Varint(3, 80).Message(4, targetPort))));

        var port = KubernetesProtobuf.Decode(body)["spec"]!["ports"]![0]!;

        Assert.Equal(expectedJson, port["targetPort"]!.ToJsonString());
        Assert.Equal(80, (int)port["port"]!);
    }

    [Fact]
    public void Decode_ResourceList_QuantitiesBecomeStrings()
    {
        var quantity = (string text) => new ProtobufWriter().String(1, text);
        var resources = new ProtobufWriter()
            .Message(1, new ProtobufWriter().String(1, "cpu").Message(2, quantity("500m")))
            .Message(2, new ProtobufWriter().String(1, "memory").Message(2, quantity("64Mi")));
        var container = new ProtobufWriter().String(1, "main").Message(8, resources);
        var body = ProtobufWriter.Envelope("v1", "Pod", new ProtobufWriter().Message(2, new ProtobufWriter().Message(2, container)));

        var decoded = KubernetesProtobuf.Decode(body)["spec"]!["containers"]![0]!["resources"]!;

        Assert.Equal("""{"limits":{"cpu":"500m"},"requests":{"memory":"64Mi"}}""", decoded.ToJsonString());
    }

    [Fact]
    public void Decode_PackedRepeatedNumbers_AreAccepted()
    {
        // supplementalGroups (PodSecurityContext field 4, repeated int64) as one packed value: 1, 2, 300.
        var securityContext = new ProtobufWriter().Bytes(4, [0x01, 0x02, 0xAC, 0x02]);
        var body = ProtobufWriter.Envelope("v1", "Pod", new ProtobufWriter().Message(2, new ProtobufWriter().Message(14, securityContext)));

        var groups = KubernetesProtobuf.Decode(body)["spec"]!["securityContext"]!["supplementalGroups"]!;

        Assert.Equal("[1,2,300]", groups.ToJsonString());
    }

    [Fact]
    public void Decode_NegativeInt32_IsRead()
    {
        var body = ProtobufWriter.Envelope("scheduling.k8s.io/v1", "PriorityClass", new ProtobufWriter()
            .Message(1, new ProtobufWriter().String(1, "low"))
            .Varint(2, -5));

        Assert.Equal(-5, (int)KubernetesProtobuf.Decode(body)["value"]!);
    }

    [Fact]
    public void Decode_ZeroValues_FollowTheGoJsonTags()
    {
        // replicas is *int32 (kept when 0), minReadySeconds is int32,omitempty (dropped when 0),
        // paused is bool,omitempty (dropped when false), selector is *LabelSelector without omitempty (null when unset).
        var body = ProtobufWriter.Envelope("apps/v1", "Deployment", new ProtobufWriter()
            .Message(2, new ProtobufWriter().Varint(1, 0).Varint(5, 0).Varint(7, 0)));

        var spec = KubernetesProtobuf.Decode(body)["spec"]!.AsObject();

        Assert.Equal(0, (int)spec["replicas"]!);
        Assert.False(spec.ContainsKey("minReadySeconds"));
        Assert.False(spec.ContainsKey("paused"));
        Assert.True(spec.ContainsKey("selector"));
        Assert.Null(spec["selector"]);
    }

    [Fact]
    public void Decode_InlinedStructs_AreFlattened()
    {
        // Volume { name = 1; volumeSource = 2 (inline) { configMap = 19 { localObjectReference = 1 (inline) { name = 1 } } } }
        var configMapSource = new ProtobufWriter().Message(1, new ProtobufWriter().String(1, "settings"));
        var volume = new ProtobufWriter().String(1, "config").Message(2, new ProtobufWriter().Message(19, configMapSource));
        var body = ProtobufWriter.Envelope("v1", "Pod", new ProtobufWriter().Message(2, new ProtobufWriter().Message(1, volume)));

        var decoded = KubernetesProtobuf.Decode(body)["spec"]!["volumes"]![0]!;

        Assert.Equal("""{"name":"config","configMap":{"name":"settings"}}""", decoded.ToJsonString());
    }

    [Fact]
    public void Decode_BinaryData_IsBase64()
    {
        var body = ProtobufWriter.Envelope("v1", "ConfigMap", new ProtobufWriter()
            .Message(3, new ProtobufWriter().String(1, "blob").Bytes(2, [0xFF, 0x00, 0x10])));

        Assert.Equal("/wAQ", (string)KubernetesProtobuf.Decode(body)["binaryData"]!["blob"]!);
    }

    [Fact]
    public void Decode_StringMap_KeepsEveryEntry()
    {
        var body = ProtobufWriter.Envelope("v1", "Namespace", new ProtobufWriter()
            .Message(1, new ProtobufWriter().String(1, "team").MapEntry(11, "a", "1").MapEntry(11, "b", "")));

        Assert.Equal("""{"a":"1","b":""}""", KubernetesProtobuf.Decode(body)["metadata"]!["labels"]!.ToJsonString());
    }

    /// <summary>Sorts object keys recursively and prints indented, so a failure shows a readable diff.</summary>
    private static string Normalize(JsonNode? node) =>
        JsonSerializer.Serialize(Sorted(JsonNode.Parse(node?.ToJsonString() ?? "null")), IndentedJson);

    private static readonly JsonSerializerOptions IndentedJson = new() { WriteIndented = true };

    private static JsonNode? Sorted(JsonNode? node) => node switch
    {
        JsonObject obj => new JsonObject(obj.OrderBy(pair => pair.Key, StringComparer.Ordinal)
            .Select(pair => KeyValuePair.Create(pair.Key, Sorted(pair.Value)))),
        JsonArray array => new JsonArray([.. array.Select(Sorted)]),
        _ => node?.DeepClone(),
    };
}
