using System.Net;
using k8s;
using k8s.Autorest;
using k8s.Models;
using MiniKube.ApiMachinery.Client;

namespace MiniKube.ApiMachinery.Errors;

/// <summary>
/// Reads the API server's error answer (a v1 Status) out of a failed request, like client-go's
/// <c>apierrors.IsNotFound</c>/<c>IsConflict</c>/<c>IsAlreadyExists</c>: callers branch on the code and reason, and
/// put the server's own message ("pods \"web\" is forbidden: …") in their Events, as upstream does. It reads both
/// KubernetesClient's <see cref="HttpOperationException"/> (typed calls) and our <see cref="ApiStatusException"/>
/// (the metadata and discovery clients). <see cref="StatusErrors"/> is the other half: the server building them.
/// Concept: https://kubernetes.io/docs/reference/using-api/api-concepts/#resource-errors
/// </summary>
public static class ApiErrors
{
    public static bool IsNotFound(Exception ex) => Code(ex) == HttpStatusCode.NotFound;

    /// <summary>409 because the object changed since it was read (optimistic concurrency), not because it exists.</summary>
    public static bool IsConflict(Exception ex) => Code(ex) == HttpStatusCode.Conflict && Reason(ex) != "AlreadyExists";

    public static bool IsAlreadyExists(Exception ex) => Code(ex) == HttpStatusCode.Conflict && Reason(ex) == "AlreadyExists";

    public static bool IsForbidden(Exception ex) => Code(ex) == HttpStatusCode.Forbidden;

    /// <summary>The Status message when the server sent one, else the exception's own message.</summary>
    public static string Message(Exception ex) => Status(ex)?.Message is { Length: > 0 } message ? message : ex.Message;

    private static HttpStatusCode? Code(Exception ex) => ex switch
    {
        ApiStatusException status => (HttpStatusCode)status.Code,
        HttpOperationException http => http.Response?.StatusCode,
        _ => null,
    };

    private static string? Reason(Exception ex) => Status(ex)?.Reason;

    private static V1Status? Status(Exception ex)
    {
        if (ex is ApiStatusException status) return status.Status;
        if (ex is not HttpOperationException { Response.Content: { Length: > 0 } content }) return null;
        try { return KubernetesJson.Deserialize<V1Status>(content); }
        catch (System.Text.Json.JsonException) { return null; }
    }
}
