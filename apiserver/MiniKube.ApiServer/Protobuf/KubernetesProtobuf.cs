using System.Text.Json;
using System.Text.Json.Nodes;
using Google.Protobuf;

namespace MiniKube.ApiServer.Protobuf;

/// <summary>
/// Reads the Kubernetes protobuf encoding, <c>application/vnd.kubernetes.protobuf</c>, which kubectl 1.32 and later use
/// for the objects its <c>create</c> generators build (<c>kubectl create namespace|deployment|configmap ...</c>) and for
/// <c>auth can-i</c>; kubectl does not fall back to JSON if the server refuses it. Our API server works on JSON, so we
/// transcode the body to exactly the JSON an older kubectl would have sent for the same command.
/// Concept: https://kubernetes.io/docs/reference/using-api/api-concepts/#protobuf-encoding
/// </summary>
/// <remarks>
/// The body is the 4 bytes <c>k8s\0</c> followed by a protobuf <c>runtime.Unknown</c> message:
/// <code>
/// message Unknown {
///   TypeMeta typeMeta = 1;        // { apiVersion = 1, kind = 2 }, e.g. "apps/v1", "Deployment"
///   bytes raw = 2;                // the object itself, e.g. an encoded k8s.io.api.apps.v1.Deployment
///   string contentEncoding = 3;   // always empty in practice
///   string contentType = 4;       // always empty in practice
/// }
/// </code>
/// The object messages carry no apiVersion/kind of their own (that is what the envelope's typeMeta is for), so we put
/// them back first. Everything inside <c>raw</c> is decoded field by field with the schema table in
/// <see cref="ProtobufSchema"/> by <see cref="ProtobufJsonReader"/>.
/// </remarks>
public static class KubernetesProtobuf
{
    public const string MediaType = "application/vnd.kubernetes.protobuf";

    /// <summary>The 4-byte prefix that marks a Kubernetes protobuf body: "k8s" and a zero byte.</summary>
    private static ReadOnlySpan<byte> Magic => "k8s\0"u8;

    // Field numbers of runtime.Unknown and runtime.TypeMeta (k8s.io/apimachinery/pkg/runtime/generated.proto).
    private const int UnknownTypeMeta = 1;
    private const int UnknownRaw = 2;
    private const int UnknownContentEncoding = 3;
    private const int TypeMetaApiVersion = 1;
    private const int TypeMetaKind = 2;

    /// <summary>
    /// Decodes a protobuf request body into the object's JSON, with <c>apiVersion</c> and <c>kind</c> set.
    /// Throws <see cref="ProtobufDecodeException"/> when the body is not a Kubernetes protobuf object, is truncated or
    /// malformed, or holds a kind we have no schema for.
    /// </summary>
    public static JsonObject Decode(ReadOnlySpan<byte> body)
    {
        if (!body.StartsWith(Magic))
        {
            throw new ProtobufDecodeException(
                $"the body is not a Kubernetes protobuf object: {MediaType} bodies must start with the 4 bytes \"k8s\\0\"");
        }

        try
        {
            var envelope = ReadUnknown(ByteString.CopyFrom(body[Magic.Length..]));
            if (envelope.ContentEncoding.Length > 0)
            {
                throw new ProtobufDecodeException(
                    $"unsupported protobuf contentEncoding \"{envelope.ContentEncoding}\": send the object unencoded or as JSON", 415);
            }
            if (envelope.ApiVersion.Length == 0 || envelope.Kind.Length == 0)
            {
                throw new ProtobufDecodeException(
                    "the object provided is unrecognized: the protobuf envelope has no apiVersion or kind in its typeMeta");
            }

            var message = ProtobufSchema.FindMessageForKind(envelope.ApiVersion, envelope.Kind)
                ?? throw new ProtobufDecodeException(
                    $"unsupported protobuf kind {FormatGroupVersionKind(envelope.ApiVersion, envelope.Kind)}: send JSON instead", 415);

            // kind and apiVersion first, as kubectl writes them; then the object's own fields in wire order.
            var json = new JsonObject { ["kind"] = envelope.Kind, ["apiVersion"] = envelope.ApiVersion };
            ProtobufJsonReader.ReadMessage(envelope.Raw, message, json);
            return json;
        }
        catch (InvalidProtocolBufferException ex)
        {
            throw new ProtobufDecodeException($"the protobuf body is truncated or malformed: {ex.Message}", ex);
        }
        catch (JsonException ex)
        {
            // Only managedFields' fieldsV1 carries embedded JSON.
            throw new ProtobufDecodeException($"the protobuf body holds invalid embedded JSON: {ex.Message}", ex);
        }
    }

    private static Envelope ReadUnknown(ByteString encoded)
    {
        var input = encoded.CreateCodedInput();
        string apiVersion = "", kind = "", contentEncoding = "";
        var raw = ByteString.Empty;
        uint tag;
        while ((tag = input.ReadTag()) != 0)
        {
            switch (WireFormat.GetTagFieldNumber(tag))
            {
                case UnknownTypeMeta when IsLengthDelimited(tag):
                    (apiVersion, kind) = ReadTypeMeta(input.ReadBytes());
                    break;
                case UnknownRaw when IsLengthDelimited(tag):
                    raw = input.ReadBytes();
                    break;
                case UnknownContentEncoding when IsLengthDelimited(tag):
                    contentEncoding = input.ReadString();
                    break;
                default:
                    input.SkipLastField();   // contentType (4) is informational and always empty
                    break;
            }
        }
        return new Envelope(apiVersion, kind, raw, contentEncoding);
    }

    private static (string ApiVersion, string Kind) ReadTypeMeta(ByteString encoded)
    {
        var input = encoded.CreateCodedInput();
        string apiVersion = "", kind = "";
        uint tag;
        while ((tag = input.ReadTag()) != 0)
        {
            switch (WireFormat.GetTagFieldNumber(tag))
            {
                case TypeMetaApiVersion when IsLengthDelimited(tag): apiVersion = input.ReadString(); break;
                case TypeMetaKind when IsLengthDelimited(tag): kind = input.ReadString(); break;
                default: input.SkipLastField(); break;
            }
        }
        return (apiVersion, kind);
    }

    private static bool IsLengthDelimited(uint tag) => WireFormat.GetTagWireType(tag) == WireFormat.WireType.LengthDelimited;

    /// <summary>"apps/v1, Kind=Deployment", the way Kubernetes prints a GroupVersionKind.</summary>
    private static string FormatGroupVersionKind(string apiVersion, string kind) => $"{apiVersion}, Kind={kind}";

    private sealed record Envelope(string ApiVersion, string Kind, ByteString Raw, string ContentEncoding);
}
