using System.Globalization;
using k8s.Models;

namespace MiniKube.ApiServer.OpenApi;

/// <summary>
/// The REST paths of one resource, as a real kube-apiserver describes them in OpenAPI: the collection
/// (list/create/deletecollection), the named object (read/replace/patch/delete), the list across all namespaces, and
/// the status, scale and binding subresources. kubectl reads two things here: <c>kubectl explain</c> finds the kind of a
/// resource from these paths, and <c>kubectl apply</c> checks that PATCH accepts strategic merge patches and the
/// fieldValidation parameter before it relies on them.
/// Concept: https://kubernetes.io/docs/reference/using-api/api-concepts/#resource-uris
/// </summary>
internal static class ResourcePaths
{
    public static readonly IReadOnlyList<string> PatchContentTypes =
    [
        "application/apply-patch+yaml",
        "application/json-patch+json",
        "application/merge-patch+json",
        "application/strategic-merge-patch+json",
    ];

    private static readonly IReadOnlyList<string> AnyContentType = ["*/*"];

    // Parameters. The descriptions are short versions of what the Kubernetes API reference says about each one.
    private static readonly ApiParameter NameParameter = new("name", "path", "string", "name of the object", Required: true);
    private static readonly ApiParameter NamespaceParameter = new("namespace", "path", "string", "object name and auth scope, such as for teams and projects", Required: true);
    private static readonly ApiParameter Pretty = new("pretty", "query", "string", "If 'true', then the output is pretty printed.");

    private static readonly ApiParameter[] ListParameters =
    [
        new("allowWatchBookmarks", "query", "boolean", "Ask for BOOKMARK watch events, which carry only a newer resourceVersion."),
        new("continue", "query", "string", "The continue token of the previous page of a paginated list."),
        new("fieldSelector", "query", "string", "Only return objects whose fields match, e.g. metadata.name=web or spec.nodeName=node-1."),
        new("labelSelector", "query", "string", "Only return objects whose labels match, e.g. app=web."),
        new("limit", "query", "integer", "The most objects to return; the rest is fetched with the continue token."),
        new("resourceVersion", "query", "string", "Serve the list or start the watch at this resourceVersion."),
        new("resourceVersionMatch", "query", "string", "How resourceVersion is applied to a list: Exact or NotOlderThan."),
        new("timeoutSeconds", "query", "integer", "End a watch after this many seconds."),
        new("watch", "query", "boolean", "Instead of a list, stream add, update and delete events as a watch."),
    ];

    private static readonly ApiParameter DryRun = new("dryRun", "query", "string", "When All, run every stage of the request but do not persist the result.");
    private static readonly ApiParameter FieldManager = new("fieldManager", "query", "string", "The name of the actor making the change, recorded in metadata.managedFields.");
    private static readonly ApiParameter FieldValidation = new("fieldValidation", "query", "string",
        "What to do with unknown or duplicate fields in the body: Ignore, Warn or Strict (reject the request).");

    private static readonly ApiParameter[] WriteParameters = [DryRun, FieldManager, FieldValidation];

    private static readonly ApiParameter[] PatchParameters =
    [
        DryRun, FieldManager, FieldValidation,
        new("force", "query", "boolean", "Server-side apply only: take ownership of fields that other managers own instead of failing with a conflict."),
    ];

    private static readonly ApiParameter[] DeleteParameters =
    [
        DryRun,
        new("gracePeriodSeconds", "query", "integer", "Seconds to wait before the object is deleted; 0 deletes immediately."),
        new("propagationPolicy", "query", "string", "Whether and how dependents are garbage collected: Orphan, Background or Foreground."),
    ];

    /// <summary>The paths of a resource. Adds the schemas they refer to (the kind, its list, Status, …) to <paramref name="schemas"/>.</summary>
    /// <remarks>
    /// Upstream difference: upstream also lists the deprecated /watch/ paths, and more response media types (YAML,
    /// protobuf, watch streams); we describe JSON only.
    /// </remarks>
    public static IEnumerable<ApiPath> For(OpenApiResource resource, ComponentSchemas schemas)
    {
        var gvk = new GroupVersionKind(resource.Group, resource.Version, resource.Kind);
        var kind = schemas.Add(resource.ModelType);
        schemas.EnsureGroupVersionKind(kind, gvk);

        bool Has(string verb) => resource.Verbs.Contains(verb);
        var groupVersionId = GroupIdentifier(resource.Group) + Capitalize(resource.Version); // "CoreV1", "AppsV1"
        var tag = char.ToLowerInvariant(GroupIdentifier(resource.Group)[0]) + GroupIdentifier(resource.Group)[1..] + "_" + resource.Version;
        var scope = resource.Namespaced ? "Namespaced" : "";
        var prefix = resource.Group.Length == 0 ? $"/api/{resource.Version}" : $"/apis/{resource.Group}/{resource.Version}";
        var collectionPath = resource.Namespaced ? $"{prefix}/namespaces/{{namespace}}/{resource.Plural}" : $"{prefix}/{resource.Plural}";
        var itemPath = collectionPath + "/{name}";
        IReadOnlyList<ApiParameter> collectionParameters = resource.Namespaced ? [NamespaceParameter, Pretty] : [Pretty];
        IReadOnlyList<ApiParameter> itemParameters = resource.Namespaced ? [NameParameter, NamespaceParameter, Pretty] : [NameParameter, Pretty];

        ApiOperation Operation(string method, string action, string id, string description, GroupVersionKind on,
            IReadOnlyList<ApiParameter> parameters, string? request, IReadOnlyList<string> contentTypes, string response, params int[] codes) =>
            new(method, action, id, description, tag, on, parameters, request, contentTypes, response, codes);

        string? list = null;
        if (Has("list") || Has("deletecollection"))
        {
            list = schemas.Add(resource.ListModelType);
            schemas.EnsureGroupVersionKind(list, gvk with { Kind = resource.Kind + "List" });
        }

        // The collection: /api/v1/namespaces/{namespace}/pods
        var collection = new List<ApiOperation>();
        if (list is not null && Has("list"))
        {
            collection.Add(Operation("get", "list", $"list{groupVersionId}{scope}{resource.Kind}", $"list or watch objects of kind {resource.Kind}",
                gvk, ListParameters, null, [], list, 200));
        }
        if (Has("create"))
        {
            collection.Add(Operation("post", "post", $"create{groupVersionId}{scope}{resource.Kind}", $"create a {resource.Kind}",
                gvk, WriteParameters, kind, AnyContentType, kind, 200, 201, 202));
        }
        if (list is not null && Has("deletecollection"))
        {
            collection.Add(Operation("delete", "deletecollection", $"delete{groupVersionId}Collection{scope}{resource.Kind}", $"delete collection of {resource.Kind}",
                gvk, [.. DeleteParameters, .. ListParameters], schemas.Add(typeof(V1DeleteOptions)), AnyContentType, schemas.Add(typeof(V1Status)), 200));
        }
        if (collection.Count > 0)
        {
            yield return new ApiPath(collectionPath, collectionParameters, collection);
        }

        // One object: /api/v1/namespaces/{namespace}/pods/{name}
        var item = new List<ApiOperation>();
        if (Has("get"))
        {
            item.Add(Operation("get", "get", $"read{groupVersionId}{scope}{resource.Kind}", $"read the specified {resource.Kind}",
                gvk, [], null, [], kind, 200));
        }
        if (Has("update"))
        {
            item.Add(Operation("put", "put", $"replace{groupVersionId}{scope}{resource.Kind}", $"replace the specified {resource.Kind}",
                gvk, WriteParameters, kind, AnyContentType, kind, 200, 201));
        }
        if (Has("patch"))
        {
            item.Add(Operation("patch", "patch", $"patch{groupVersionId}{scope}{resource.Kind}", $"partially update the specified {resource.Kind}",
                gvk, PatchParameters, schemas.AddPatch(), PatchContentTypes, kind, 200, 201));
        }
        if (Has("delete"))
        {
            item.Add(Operation("delete", "delete", $"delete{groupVersionId}{scope}{resource.Kind}", $"delete a {resource.Kind}",
                gvk, DeleteParameters, schemas.Add(typeof(V1DeleteOptions)), AnyContentType, schemas.Add(typeof(V1Status)), 200, 202));
        }
        if (item.Count > 0)
        {
            yield return new ApiPath(itemPath, itemParameters, item);
        }

        // The same list across every namespace: /api/v1/pods
        if (resource.Namespaced && list is not null && Has("list"))
        {
            yield return new ApiPath($"{prefix}/{resource.Plural}", [Pretty],
            [
                Operation("get", "list", $"list{groupVersionId}{resource.Kind}ForAllNamespaces", $"list or watch objects of kind {resource.Kind}",
                    gvk, ListParameters, null, [], list, 200),
            ]);
        }

        foreach (var subresource in resource.Subresources)
        {
            if (Subresource(subresource) is { } sub)
            {
                yield return sub;
            }
        }

        ApiPath? Subresource(string name)
        {
            var suffix = Capitalize(name);
            switch (name)
            {
                case "status":
                case "scale":
                    // status: the same kind, but writes only touch .status. scale: an autoscaling/v1 Scale view of .spec.replicas.
                    var body = name == "status" ? kind : schemas.Add(typeof(V1Scale));
                    var on = name == "status" ? gvk : new GroupVersionKind("autoscaling", "v1", "Scale");
                    return new ApiPath($"{itemPath}/{name}", itemParameters,
                    [
                        Operation("get", "get", $"read{groupVersionId}{scope}{resource.Kind}{suffix}", $"read {name} of the specified {resource.Kind}",
                            on, [], null, [], body, 200),
                        Operation("put", "put", $"replace{groupVersionId}{scope}{resource.Kind}{suffix}", $"replace {name} of the specified {resource.Kind}",
                            on, WriteParameters, body, AnyContentType, body, 200, 201),
                        Operation("patch", "patch", $"patch{groupVersionId}{scope}{resource.Kind}{suffix}", $"partially update {name} of the specified {resource.Kind}",
                            on, PatchParameters, schemas.AddPatch(), PatchContentTypes, body, 200, 201),
                    ]);
                case "binding":
                    // The scheduler's write: POST a Binding to assign the pod to a node.
                    var binding = schemas.Add(typeof(V1Binding));
                    return new ApiPath($"{itemPath}/binding", itemParameters,
                    [
                        Operation("post", "post", $"create{groupVersionId}{scope}{resource.Kind}Binding", $"create binding of a {resource.Kind}",
                            new GroupVersionKind("", "v1", "Binding"), WriteParameters, binding, AnyContentType, binding, 200, 201, 202),
                    ]);
                default:
                    // Upstream difference: connect subresources (log, exec, attach, portforward) stream raw bytes and
                    // are not described here.
                    return null;
            }
        }
    }

    /// <summary>"Core" for "", "Apps" for "apps", "RbacAuthorization" for "rbac.authorization.k8s.io": used in operation ids.</summary>
    internal static string GroupIdentifier(string group)
    {
        if (group.Length == 0)
        {
            return "Core";
        }
        var trimmed = group.EndsWith(".k8s.io", StringComparison.Ordinal) ? group[..^".k8s.io".Length] : group;
        return string.Concat(trimmed.Split('.').Select(Capitalize));
    }

    private static string Capitalize(string word) =>
        word.Length == 0 ? word : char.ToUpper(word[0], CultureInfo.InvariantCulture) + word[1..];
}
