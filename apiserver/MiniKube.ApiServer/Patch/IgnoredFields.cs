namespace MiniKube.ApiServer.Patch;

/// <summary>
/// Fields no manager ever owns. Upstream strips them from every field set: the object's identity (apiVersion, kind,
/// name, namespace) and what the server itself maintains (uid, resourceVersion, generation, creationTimestamp,
/// selfLink, managedFields). For an apply to the main resource, <c>status</c> is ignored too: status is written
/// through the status subresource, so an applied status is dropped rather than merged.
/// Concept: https://kubernetes.io/docs/reference/using-api/server-side-apply/#field-management
/// </summary>
// Upstream difference: upstream ignores status only for resources served with a status subresource; we ignore it for
// every type that has a status field, which covers the same built-in types.
internal sealed class IgnoredFields
{
    private static readonly HashSet<string> IgnoredMetadata = new(StringComparer.Ordinal)
    {
        "name", "namespace", "uid", "resourceVersion", "generation", "creationTimestamp", "selfLink", "managedFields", "clusterName",
    };

    // Of those, the ones the server sets: an applied config may not change them (name and namespace it may set, on create).
    private static readonly HashSet<string> ServerManagedMetadata = new(StringComparer.Ordinal)
    {
        "uid", "resourceVersion", "generation", "creationTimestamp", "selfLink", "managedFields", "clusterName",
    };

    public IgnoredFields(bool ignoreStatus)
    {
        IgnoreStatus = ignoreStatus;
    }

    public bool IgnoreStatus { get; }

    /// <summary>True when nobody may own <paramref name="path"/>.</summary>
    public bool IsIgnored(IReadOnlyList<PathElement> path) => path.Count switch
    {
        1 => path[0].Text is "apiVersion" or "kind" || (IgnoreStatus && path[0].Text == "status"),
        2 => path[0].Text == "metadata" && IgnoredMetadata.Contains(path[1].Text),
        _ => false,
    };

    /// <summary>True when an applied config's value at <paramref name="path"/> must not be merged into the object.</summary>
    public bool IsServerManaged(IReadOnlyList<PathElement> path) => path.Count switch
    {
        1 => IgnoreStatus && path[0].Text == "status",
        2 => path[0].Text == "metadata" && ServerManagedMetadata.Contains(path[1].Text),
        _ => false,
    };
}
