namespace MiniKube.ApiMachinery.Client;

/// <summary>
/// One line of a watch stream: ADDED, MODIFIED, DELETED or BOOKMARK and the object (for a BOOKMARK, only its
/// resourceVersion matters: where to resume). ERROR lines become an <see cref="ApiStatusException"/> instead.
/// Concept: https://kubernetes.io/docs/reference/using-api/api-concepts/#watch-events
/// </summary>
public sealed record WatchEvent<T>(string Type, T Object)
{
    public const string Added = "ADDED";
    public const string Modified = "MODIFIED";
    public const string Deleted = "DELETED";
    public const string Bookmark = "BOOKMARK";
}
