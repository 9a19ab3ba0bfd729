namespace MiniKube.Cli.Discovery;

/// <summary>
/// One resource type the server serves, as discovery describes it: its group and version, plural name (the URL
/// segment), kind, scope, verbs, short names and categories. kubectl decides everything about a type from this
/// entry: which URL to call, whether to add a namespace, what <c>po</c> or <c>get all</c> mean.
/// Concept: https://kubernetes.io/docs/concepts/overview/kubernetes-api/#discovery-api
/// </summary>
public sealed record ApiResource(
    string Group,
    string Version,
    string Resource,
    string SingularName,
    string Kind,
    bool Namespaced,
    IReadOnlyList<string> Verbs,
    IReadOnlyList<string> ShortNames,
    IReadOnlyList<string> Categories,
    bool IsPreferredVersion)
{
    /// <summary>"v1" for the core group, "apps/v1" otherwise: the <c>apiVersion</c> field of the objects.</summary>
    public string GroupVersion => Group.Length == 0 ? Version : $"{Group}/{Version}";

    /// <summary>"deployment.apps", "pod": how kubectl names the type in its output (<c>deployment.apps/web created</c>).</summary>
    public string KindDotGroup => Group.Length == 0 ? Kind.ToLowerInvariant() : $"{Kind.ToLowerInvariant()}.{Group}";

    /// <summary>"deployments.apps", "pods": how the server names the type in its messages (<c>deployments.apps "web" not found</c>).</summary>
    public string ResourceDotGroup => Group.Length == 0 ? Resource : $"{Resource}.{Group}";

    /// <summary>
    /// The collection URL: <c>/api/v1/namespaces/default/pods</c>, <c>/apis/apps/v1/deployments</c> (every namespace),
    /// <c>/api/v1/nodes</c> (cluster-scoped). A null namespace means "all namespaces".
    /// Concept: https://kubernetes.io/docs/reference/using-api/api-concepts/#resource-uris
    /// </summary>
    public string CollectionPath(string? ns)
    {
        var prefix = Group.Length == 0 ? $"/api/{Version}" : $"/apis/{Group}/{Version}";
        return Namespaced && ns is not null ? $"{prefix}/namespaces/{Uri.EscapeDataString(ns)}/{Resource}" : $"{prefix}/{Resource}";
    }

    /// <summary>One object's URL: the collection URL plus its name.</summary>
    public string ObjectPath(string? ns, string name) => $"{CollectionPath(ns)}/{Uri.EscapeDataString(name)}";
}
