namespace MiniKube.ApiServer.Storage;

/// <summary>
/// The API server's view of its storage: a key-value store with a single, ever-increasing revision, like etcd v3.
/// Keys look like <c>/registry/pods/default/web-1</c>; values are the object's JSON. Every write gets a new revision,
/// and an object's <c>metadata.resourceVersion</c> is the revision of its last write (etcd's mod_revision).
/// Two backends implement it and pass one conformance suite: etcd v3 and an embedded SQLite file.
/// Concept: https://kubernetes.io/docs/concepts/overview/components/#etcd
/// </summary>
public interface IStorage : IAsyncDisposable
{
    /// <summary>The value at <paramref name="key"/> now, or null when absent.</summary>
    Task<StoredValue?> GetAsync(string key, CancellationToken cancellationToken);

    /// <summary>
    /// Values whose keys start with <paramref name="prefix"/>, in key order, as they were at one revision.
    /// <paramref name="atRevision"/> 0 means "now"; a later page of a paginated list passes the first page's revision
    /// so all pages show one consistent snapshot. <paramref name="startAfterKey"/> continues after that key.
    /// <paramref name="limit"/> 0 means no limit. Throws <see cref="RevisionCompactedException"/> for a compacted revision.
    /// </summary>
    Task<ListResult> ListAsync(string prefix, long atRevision, string? startAfterKey, int limit, CancellationToken cancellationToken);

    /// <summary>Writes the value only if the key is absent ("if mod_revision == 0 then put"). Returns the new revision.
    /// Throws <see cref="KeyExistsException"/> when it exists.</summary>
    Task<long> CreateAsync(string key, byte[] value, CancellationToken cancellationToken);

    /// <summary>Replaces the value only if its revision is still <paramref name="expectedRevision"/> (compare-and-swap).
    /// Returns the new revision. Throws <see cref="KeyNotFoundException"/> when absent and
    /// <see cref="RevisionConflictException"/> (carrying the current value) when it changed meanwhile.</summary>
    Task<long> UpdateAsync(string key, byte[] value, long expectedRevision, CancellationToken cancellationToken);

    /// <summary>Deletes the key only if its revision is still <paramref name="expectedRevision"/>. Returns the revision of the
    /// delete. Throws like <see cref="UpdateAsync"/>.</summary>
    Task<long> DeleteAsync(string key, long expectedRevision, CancellationToken cancellationToken);

    /// <summary>
    /// Every change to keys under <paramref name="prefix"/> with revision greater than <paramref name="afterRevision"/>,
    /// each delivered once, in revision order, until cancelled. <paramref name="afterRevision"/> 0 means "from now".
    /// Throws <see cref="RevisionCompactedException"/> (at once or when enumerated) if that revision was compacted away.
    /// </summary>
    IAsyncEnumerable<WatchEvent> WatchAsync(string prefix, long afterRevision, CancellationToken cancellationToken);

    /// <summary>The store's current revision (the revision of its latest write).</summary>
    Task<long> CurrentRevisionAsync(CancellationToken cancellationToken);

    /// <summary>Forgets history older than <paramref name="revision"/>: watches and lists from before it answer 410 Gone.</summary>
    Task CompactAsync(long revision, CancellationToken cancellationToken);

    /// <summary>Whether the store answers (for /healthz, /readyz and componentstatuses); the message says why not.</summary>
    Task<(bool Healthy, string Message)> CheckHealthAsync(CancellationToken cancellationToken);
}

/// <summary>One key's value and the revisions of its creation and of its last change.</summary>
public sealed record StoredValue(string Key, byte[] Value, long CreateRevision, long ModRevision);

/// <summary>A page of a list: the items, the revision they were read at, and whether more keys follow.</summary>
public sealed record ListResult(IReadOnlyList<StoredValue> Items, long Revision, bool HasMore, long RemainingCount);

public enum WatchEventType { Put, Delete }

/// <summary>
/// One change seen by a watch. <see cref="Value"/> is the new value (null for Delete); <see cref="PreviousValue"/>
/// is the value before the change (null on create), so a delete can still report the object it removed and a
/// put can be told apart as create or update.
/// </summary>
public sealed record WatchEvent(WatchEventType Type, string Key, byte[]? Value, byte[]? PreviousValue, long Revision);

/// <summary>Create found the key already there (the API answers 409 AlreadyExists).</summary>
public sealed class KeyExistsException(string key) : Exception($"key {key} already exists")
{
    public string Key { get; } = key;
}

/// <summary>Compare-and-swap lost: the key changed since it was read (the API answers 409 Conflict).</summary>
public sealed class RevisionConflictException(string key, StoredValue? current)
    : Exception($"key {key} was modified: the revision read is no longer current")
{
    public string Key { get; } = key;
    public StoredValue? Current { get; } = current;
}

/// <summary>A list or watch asked for a revision older than the compacted one (the API answers 410 Gone, "too old resource version").</summary>
public sealed class RevisionCompactedException(long requested, long compacted)
    : Exception($"too old resource version: {requested} ({compacted})")
{
    public long Requested { get; } = requested;
    public long Compacted { get; } = compacted;
}
