using k8s.Models;

namespace MiniKube.ApiMachinery.Errors;

/// <summary>
/// Builders for the API's error answers: a <c>v1 Status</c> with the upstream HTTP code, reason and message shape,
/// so kubectl prints "Error from server (NotFound): pods "web" not found" exactly as against a real cluster.
/// Concept: https://kubernetes.io/docs/reference/using-api/api-concepts/#resource-errors (and k8s.io/apimachinery's api/errors).
/// </summary>
public static class StatusErrors
{
    /// <summary>
    /// The resource name as it appears in messages: "pods" for the core group, "deployments.apps" otherwise.
    /// </summary>
    public static string Qualified(string group, string resource) => group.Length == 0 ? resource : $"{resource}.{group}";

    public static V1Status NotFound(string group, string resource, string name) =>
        Failure(404, "NotFound", $"{Qualified(group, resource)} \"{name}\" not found",
            new V1StatusDetails { Name = name, Group = NullIfEmpty(group), Kind = resource });

    /// <summary>An unknown URL or resource type: upstream answers with no details.</summary>
    public static V1Status NotFoundPath() =>
        Failure(404, "NotFound", "the server could not find the requested resource", new V1StatusDetails());

    public static V1Status AlreadyExists(string group, string resource, string name) =>
        Failure(409, "AlreadyExists", $"{Qualified(group, resource)} \"{name}\" already exists",
            new V1StatusDetails { Name = name, Group = NullIfEmpty(group), Kind = resource });

    /// <summary>Optimistic concurrency lost: the client sent a stale resourceVersion.</summary>
    public static V1Status Conflict(string group, string resource, string name, string reason =
        "the object has been modified; please apply your changes to the latest version and try again") =>
        Failure(409, "Conflict", $"Operation cannot be fulfilled on {Qualified(group, resource)} \"{name}\": {reason}",
            new V1StatusDetails { Name = name, Group = NullIfEmpty(group), Kind = resource });

    /// <summary>422: the object failed validation; every field error is a cause, as `kubectl` prints them.</summary>
    public static V1Status Invalid(string group, string kind, string name, IReadOnlyList<FieldError> errors)
    {
        var summary = errors.Count == 1 ? errors[0].ToString() : "[" + string.Join(", ", errors) + "]";
        return Failure(422, "Invalid", $"{Qualified(group, kind)} \"{name}\" is invalid: {summary}",
            new V1StatusDetails
            {
                Name = name,
                Group = NullIfEmpty(group),
                Kind = kind,
                Causes = errors.Select(e => new V1StatusCause { Reason = e.Reason, Message = e.Detail, Field = e.Field }).ToList(),
            });
    }

    public static V1Status BadRequest(string message) => Failure(400, "BadRequest", message, null);

    public static V1Status MethodNotAllowed() =>
        Failure(405, "MethodNotAllowed", "the server does not allow this method on the requested resource", new V1StatusDetails());

    public static V1Status NotAcceptable(string available) =>
        Failure(406, "NotAcceptable", $"406: Not Acceptable\n\nAvailable representations: {available}", null);

    public static V1Status UnsupportedMediaType(string message) => Failure(415, "UnsupportedMediaType", message, new V1StatusDetails());

    public static V1Status RequestEntityTooLarge(long limit) =>
        Failure(413, "RequestEntityTooLarge", $"Request entity too large: limit is {limit}", null);

    /// <summary>410 Gone: a list or watch asked for history that compaction has removed; clients re-list.</summary>
    public static V1Status Expired(string message) => Failure(410, "Expired", message, null);

    public static V1Status Forbidden(string message, string resource) =>
        Failure(403, "Forbidden", message, new V1StatusDetails { Kind = resource });

    public static V1Status InternalError(string message) =>
        Failure(500, "InternalError", $"Internal error occurred: {message}", null);

    public static V1Status ServiceUnavailable(string message) => Failure(503, "ServiceUnavailable", message, null);

    public static V1Status Timeout(string message) => Failure(504, "Timeout", message, null);

    public static V1Status Success(string group, string resource, string name, string? uid) => new()
    {
        ApiVersion = "v1",
        Kind = "Status",
        Metadata = new V1ListMeta(),
        Status = "Success",
        Details = new V1StatusDetails { Name = name, Group = NullIfEmpty(group), Kind = resource, Uid = uid },
    };

    private static V1Status Failure(int code, string reason, string message, V1StatusDetails? details) => new()
    {
        ApiVersion = "v1",
        Kind = "Status",
        Metadata = new V1ListMeta(),
        Status = "Failure",
        Message = message,
        Reason = reason,
        Details = details,
        Code = code,
    };

    private static string? NullIfEmpty(string s) => s.Length == 0 ? null : s;
}
