namespace MiniKube.ApiServer.Pipeline;

/// <summary>
/// What a URL and method ask for, parsed once at the top of the chain (upstream's RequestInfo): the verb (get,
/// list, watch, create, update, patch, delete, deletecollection), API group and version, namespace, resource,
/// name and subresource. Authorization, admission and the handlers all read this instead of the raw URL.
/// Concept: https://kubernetes.io/docs/reference/access-authn-authz/authorization/#determine-the-request-verb
/// </summary>
public sealed record RequestInfo
{
    public bool IsResourceRequest { get; init; }
    public required string Path { get; init; }
    public required string Verb { get; init; }
    public string ApiGroup { get; init; } = "";
    public string ApiVersion { get; init; } = "";
    public string Namespace { get; init; } = "";
    public string Resource { get; init; } = "";
    public string Subresource { get; init; } = "";
    public string Name { get; init; } = "";

    // Subresources of a namespace itself: /api/v1/namespaces/x/status is the namespace's status, not a resource "status".
    private static readonly HashSet<string> NamespaceSubresources = ["status", "finalize"];

    public static RequestInfo Parse(string method, string path, bool watchParameter)
    {
        var parts = path.Trim('/').Split('/', StringSplitOptions.RemoveEmptyEntries);
        var info = new RequestInfo { Path = path, Verb = method.ToLowerInvariant() };
        string group, version;
        int at;
        if (parts.Length >= 2 && parts[0] == "api")
        {
            (group, version, at) = ("", parts[1], 2);
        }
        else if (parts.Length >= 3 && parts[0] == "apis")
        {
            (group, version, at) = (parts[1], parts[2], 3);
        }
        else
        {
            return info; // /version, /healthz, /openapi/v3, /api, /apis …: not a resource request
        }
        var rest = parts[at..];
        if (rest.Length == 0) return info with { ApiGroup = group, ApiVersion = version };

        // Old-style /api/v1/watch/... paths mean watch.
        var isWatch = watchParameter;
        if (rest[0] == "watch")
        {
            isWatch = true;
            rest = rest[1..];
        }
        var ns = "";
        if (rest.Length > 1 && rest[0] == "namespaces")
        {
            ns = rest[1];
            if (rest.Length > 2 && !NamespaceSubresources.Contains(rest[2])) rest = rest[2..];
        }
        if (rest.Length == 0) return info with { ApiGroup = group, ApiVersion = version };
        var name = rest.Length > 1 ? rest[1] : "";
        var subresource = rest.Length > 2 ? string.Join('/', rest[2..]) : "";
        var verb = method.ToUpperInvariant() switch
        {
            "GET" or "HEAD" => isWatch ? "watch" : name.Length == 0 ? "list" : "get",
            "POST" => "create",
            "PUT" => "update",
            "PATCH" => "patch",
            "DELETE" => name.Length == 0 ? "deletecollection" : "delete",
            _ => method.ToLowerInvariant(),
        };
        return info with
        {
            IsResourceRequest = true,
            Verb = verb,
            ApiGroup = group,
            ApiVersion = version,
            Namespace = ns,
            Resource = rest[0],
            Name = name,
            Subresource = subresource,
        };
    }
}
