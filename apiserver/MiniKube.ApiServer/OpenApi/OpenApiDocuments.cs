using System.Security.Cryptography;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace MiniKube.ApiServer.OpenApi;

/// <summary>
/// The API server's OpenAPI documents, built once at startup and served as cached bytes:
/// <list type="bullet">
/// <item>/openapi/v3: an index of the group versions, each with a hash of its document (<see cref="V3Index"/>);</item>
/// <item>/openapi/v3/api/v1, /openapi/v3/apis/apps/v1, …: one OpenAPI 3.0 document per group version (<see cref="V3GroupVersion"/>);</item>
/// <item>/openapi/v2: the whole API as one Swagger 2.0 document, as protobuf (<see cref="V2Protobuf"/>) or JSON (<see cref="V2Json"/>).</item>
/// </list>
/// kubectl needs them for <c>explain</c> (the schemas and field descriptions) and for <c>apply</c> (merge keys, and
/// whether the server validates fields itself). Without them, <c>kubectl apply</c> fails unless run with --validate=false.
/// Concept: https://kubernetes.io/docs/concepts/overview/kubernetes-api/#openapi-interface-definition
/// </summary>
public sealed class OpenApiDocuments
{
    private static readonly JsonWriterOptions WriterOptions = new()
    {
        // Descriptions are full of quotes and angle brackets; keep them readable (as Go's encoder would not, but
        // any JSON reader accepts both).
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    /// <summary>What kubectl ≤ 1.28 puts in Accept for /openapi/v2 (match on it to choose <see cref="V2Protobuf"/>).</summary>
    public const string V2ProtobufAcceptType = "application/com.github.proto-openapi.spec.v2@v1.0+protobuf";

    /// <summary>
    /// The Content-Type to answer the protobuf request with. Not the Accept value: Go's media type parser rejects its
    /// "@", and kubectl 1.28 then fails with "mime: unexpected content after media subtype". This is kube-apiserver's spelling.
    /// </summary>
    public const string V2ProtobufContentType = "application/com.github.proto-openapi.spec.v2.v1.0+protobuf";

    private readonly byte[] _v3Index;
    private readonly Dictionary<string, byte[]> _v3Documents = new(StringComparer.Ordinal);
    private readonly byte[] _v2Json;
    private readonly byte[] _v2Protobuf;

    /// <summary>Builds every document for the given resources. Reads KubernetesClient.xml (next to KubernetesClient.dll) for descriptions.</summary>
    public OpenApiDocuments(IEnumerable<OpenApiResource> resources)
        : this(resources, DefinitionNames.ForKubernetesClient, ModelDocumentation.NextToKubernetesClient)
    {
    }

    internal OpenApiDocuments(IEnumerable<OpenApiResource> resources, DefinitionNames names, ModelDocumentation documentation)
    {
        var v2Paths = new Dictionary<string, JsonObject>(StringComparer.Ordinal);
        var v2Definitions = new Dictionary<string, JsonObject>(StringComparer.Ordinal);
        var index = new JsonObject();

        // Upstream serves one v3 document per group version, so a client fetches only the groups it works with.
        foreach (var groupVersion in resources.GroupBy(r => r.GroupVersionPath).OrderBy(g => g.Key, StringComparer.Ordinal))
        {
            var schemas = new ComponentSchemas(names, documentation);
            var paths = groupVersion.OrderBy(r => r.Plural, StringComparer.Ordinal)
                .SelectMany(r => ResourcePaths.For(r, schemas))
                .ToList(); // enumerate now: building the paths adds the schemas they refer to

            var document = Serialize(OpenApiV3Writer.Document(paths, schemas));
            _v3Documents[groupVersion.Key] = document;

            // The hash changes whenever the document does, so a client that caches by URL refetches it. Upstream
            // uses the SHA-512 of the document in upper-case hex too.
            index[groupVersion.Key] = new JsonObject
            {
                ["serverRelativeURL"] = $"/openapi/v3/{groupVersion.Key}?hash={Convert.ToHexString(SHA512.HashData(document))}",
            };

            foreach (var path in paths)
            {
                v2Paths[path.Path] = OpenApiV2Writer.PathItem(path);
            }
            foreach (var (name, schema) in schemas.Schemas)
            {
                // The same type (ObjectMeta, Status) appears in many group versions, always built the same way.
                v2Definitions.TryAdd(name, (JsonObject)OpenApiV2Writer.ToV2Schema(schema));
            }
        }

        _v3Index = Serialize(new JsonObject { ["paths"] = index });
        var swagger = OpenApiV2Writer.Document(v2Paths, v2Definitions);
        _v2Json = Serialize(swagger);
        _v2Protobuf = OpenApiV2Protobuf.Encode(swagger);
    }

    /// <summary>The group versions that have a v3 document: "api/v1", "apis/apps/v1", …</summary>
    public IReadOnlyCollection<string> GroupVersionPaths => _v3Documents.Keys;

    /// <summary>GET /openapi/v3: {"paths":{"api/v1":{"serverRelativeURL":"/openapi/v3/api/v1?hash=…"},…}}.</summary>
    public byte[] V3Index() => _v3Index;

    /// <summary>GET /openapi/v3/{path} for path "api/v1" or "apis/apps/v1": the OpenAPI 3.0 JSON, or null if unknown.</summary>
    public byte[]? V3GroupVersion(string path) => _v3Documents.GetValueOrDefault(path.Trim('/'));

    /// <summary>GET /openapi/v2 with Accept: application/com.github.proto-openapi.spec.v2@v1.0+protobuf (what kubectl ≤ 1.28 sends).</summary>
    public byte[] V2Protobuf() => _v2Protobuf;

    /// <summary>GET /openapi/v2 with Accept: application/json: the same Swagger 2.0 document as JSON.</summary>
    public byte[] V2Json() => _v2Json;

    private static byte[] Serialize(JsonNode node)
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer, WriterOptions))
        {
            node.WriteTo(writer);
        }
        return buffer.ToArray();
    }
}
