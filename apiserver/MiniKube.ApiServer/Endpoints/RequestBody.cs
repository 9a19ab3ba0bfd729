using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using MiniKube.ApiMachinery.Errors;
using MiniKube.ApiServer.Pipeline;
using MiniKube.ApiServer.Protobuf;
using YamlDotNet.Serialization;

namespace MiniKube.ApiServer.Endpoints;

/// <summary>
/// Reads a request body and decodes it into a JSON object whatever it was sent as: JSON, YAML (kubectl's apply
/// patches), or the Kubernetes protobuf envelope kubectl 1.32+ uses for <c>create</c> generators. Bodies over
/// 3 MiB are refused with 413, as upstream limits requests.
/// </summary>
public static class RequestBody
{
    public const long MaxBytes = 3 * 1024 * 1024;

    public static async Task<byte[]> ReadBytesAsync(HttpContext context)
    {
        if (context.Request.ContentLength > MaxBytes) throw new StatusException(StatusErrors.RequestEntityTooLarge(MaxBytes));
        using var buffer = new MemoryStream();
        var chunk = new byte[81920];
        int read;
        while ((read = await context.Request.Body.ReadAsync(chunk, context.RequestAborted)) > 0)
        {
            if (buffer.Length + read > MaxBytes) throw new StatusException(StatusErrors.RequestEntityTooLarge(MaxBytes));
            buffer.Write(chunk, 0, read);
        }
        return buffer.ToArray();
    }

    /// <summary>The media type without parameters, lower case ("application/json").</summary>
    public static string MediaType(HttpContext context) =>
        (context.Request.ContentType ?? "application/json").Split(';')[0].Trim().ToLowerInvariant();

    /// <summary>Decodes an object body. <paramref name="expectedKind"/> only shapes error messages.</summary>
    public static JsonObject DecodeObject(byte[] body, string mediaType, string expectedKind)
    {
        return mediaType switch
        {
            "application/json" or "" => ParseJson(body, expectedKind),
            "application/yaml" or "application/apply-patch+yaml" => ParseYaml(body, expectedKind),
            KubernetesProtobuf.MediaType => DecodeProtobuf(body),
            _ => throw new StatusException(StatusErrors.UnsupportedMediaType(
                "the body of the request was in an unknown format - accepted media types include: application/json, application/yaml, application/vnd.kubernetes.protobuf")),
        };
    }

    public static JsonNode ParseJsonNode(byte[] body, string expectedKind)
    {
        try
        {
            return JsonNode.Parse(body) ?? throw new JsonException("empty body");
        }
        catch (JsonException ex)
        {
            throw new StatusException(StatusErrors.BadRequest(
                $"the object provided is unrecognized (must be of type {expectedKind}): couldn't get version/kind; json parse error: {ex.Message}"));
        }
    }

    private static JsonObject ParseJson(byte[] body, string expectedKind) =>
        ParseJsonNode(body, expectedKind) as JsonObject
        ?? throw new StatusException(StatusErrors.BadRequest($"the object provided is unrecognized (must be of type {expectedKind}): not a JSON object"));

    /// <summary>YAML → JSON object (a JSON body is valid YAML too, which is what kubectl's server-side apply sends).</summary>
    public static JsonObject ParseYaml(byte[] body, string expectedKind)
    {
        var text = Encoding.UTF8.GetString(body);
        if (text.TrimStart().StartsWith('{')) return ParseJson(body, expectedKind);
        try
        {
            var graph = new DeserializerBuilder().WithAttemptingUnquotedStringTypeDeserialization().Build().Deserialize<object?>(text);
            var json = new SerializerBuilder().JsonCompatible().Build().Serialize(graph);
            return JsonNode.Parse(json) as JsonObject
                ?? throw new StatusException(StatusErrors.BadRequest($"the object provided is unrecognized (must be of type {expectedKind}): not a YAML mapping"));
        }
        catch (YamlDotNet.Core.YamlException ex)
        {
            throw new StatusException(StatusErrors.BadRequest($"the object provided is unrecognized (must be of type {expectedKind}): error converting YAML to JSON: {ex.Message}"));
        }
    }

    private static JsonObject DecodeProtobuf(byte[] body)
    {
        try
        {
            return KubernetesProtobuf.Decode(body);
        }
        catch (ProtobufDecodeException ex)
        {
            throw new StatusException(ex.StatusCode == 415 ? StatusErrors.UnsupportedMediaType(ex.Message) : StatusErrors.BadRequest(ex.Message));
        }
    }
}
