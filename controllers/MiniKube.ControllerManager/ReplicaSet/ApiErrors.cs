using System.Net;
using k8s;
using k8s.Autorest;
using k8s.Models;

namespace MiniKube.ControllerManager.ReplicaSet;

/// <summary>
/// Reads the API server's error answer (a v1 Status) out of KubernetesClient's exception, like client-go's
/// <c>apierrors.IsNotFound</c>/<c>IsConflict</c>: controllers branch on the code, and put the server's own message
/// ("pods \"web\" is forbidden: …") in their Events, as upstream does.
/// Concept: https://kubernetes.io/docs/reference/using-api/api-concepts/#resource-errors
/// </summary>
internal static class ApiErrors
{
    public static bool IsNotFound(Exception ex) => Code(ex) == HttpStatusCode.NotFound;

    public static bool IsConflict(Exception ex) => Code(ex) == HttpStatusCode.Conflict && Reason(ex) != "AlreadyExists";

    public static bool IsAlreadyExists(Exception ex) => Code(ex) == HttpStatusCode.Conflict && Reason(ex) == "AlreadyExists";

    /// <summary>The Status message when the server sent one, else the exception's own message.</summary>
    public static string Message(Exception ex) => Status(ex)?.Message is { Length: > 0 } message ? message : ex.Message;

    private static HttpStatusCode? Code(Exception ex) => (ex as HttpOperationException)?.Response?.StatusCode;

    private static string? Reason(Exception ex) => Status(ex)?.Reason;

    private static V1Status? Status(Exception ex)
    {
        if (ex is not HttpOperationException { Response.Content: { Length: > 0 } content }) return null;
        try { return KubernetesJson.Deserialize<V1Status>(content); }
        catch (System.Text.Json.JsonException) { return null; }
    }
}
