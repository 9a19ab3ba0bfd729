using System.Text;
using System.Text.Json.Nodes;
using k8s;
using k8s.Models;
using MiniKube.ApiServer.Pipeline;
using MiniKube.ApiServer.Registry;

namespace MiniKube.ApiServer.Endpoints;

/// <summary>Writes answers: objects as JSON or YAML, and errors as <c>v1 Status</c> with their HTTP code.</summary>
public static class ResponseWriter
{
    public static Task WriteObjectAsync(HttpContext context, object obj, int statusCode, ResponseShape shape = ResponseShape.Json,
        string contentType = "application/json")
    {
        context.Response.StatusCode = statusCode;
        context.Response.Headers.CacheControl = "no-cache, private";
        if (shape == ResponseShape.Yaml)
        {
            context.Response.ContentType = "application/yaml";
            var yaml = obj is JsonNode node ? KubernetesYaml.Serialize(KubernetesJson.Deserialize<object>(node.ToJsonString())) : KubernetesYaml.Serialize(obj);
            return context.Response.WriteAsync(yaml, context.RequestAborted);
        }
        context.Response.ContentType = contentType;
        var json = obj is JsonNode n ? n.ToJsonString() : Serialize(obj);
        return context.Response.WriteAsync(json, Encoding.UTF8, context.RequestAborted);
    }

    /// <summary>An API object as JSON, the way every MiniKube answer is written (see <see cref="ObjectCodec.Serialize"/>).</summary>
    public static string Serialize(object obj) => ObjectCodec.Serialize(obj);

    public static Task WriteBytesAsync(HttpContext context, byte[] body, string contentType)
    {
        context.Response.StatusCode = 200;
        context.Response.ContentType = contentType;
        context.Response.Headers.CacheControl = "no-cache, private";
        return context.Response.Body.WriteAsync(body, context.RequestAborted).AsTask();
    }

    public static Task WriteStatusAsync(HttpContext context, V1Status status)
    {
        if (context.Response.HasStarted) return Task.CompletedTask;
        context.Response.Clear();
        return WriteObjectAsync(context, status, status.Code ?? 500);
    }

    /// <summary>
    /// A warning for the client, in the RFC 7234 form kubectl prints as "Warning: …" on stderr
    /// (e.g. unknown fields under fieldValidation=Warn, or deprecated APIs).
    /// </summary>
    public static void AddWarning(HttpContext context, string message) =>
        context.Response.Headers.Append("Warning", $"299 - \"{message.Replace("\"", "\\\"", StringComparison.Ordinal)}\"");
}
