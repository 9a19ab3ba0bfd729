using System.Globalization;
using System.Runtime.CompilerServices;
using System.Text;
using System.Text.Json;
using k8s;
using k8s.Models;
using MiniKube.ApiMachinery.Errors;
using MiniKube.ApiMachinery.Fields;
using MiniKube.ApiMachinery.Labels;
using MiniKube.ApiServer.Pipeline;
using MiniKube.ApiServer.Storage;

namespace MiniKube.ApiServer.Registry;

/// <summary>
/// The generic registry store (upstream's genericregistry.Store): typed get, list, create, update, delete and watch
/// for any resource, on top of the key-value <see cref="IStorage"/>. It builds keys, maps revisions to
/// resourceVersions and storage failures to API errors (409 AlreadyExists, 409 Conflict, 404, 410 Gone).
/// </summary>
public sealed class RegistryStore(IStorage storage)
{
    public IStorage Storage { get; } = storage;

    public async Task<IKubernetesObject<V1ObjectMeta>?> GetAsync(ResourceDefinition resource, string? ns, string name, CancellationToken cancellationToken)
    {
        var stored = await Storage.GetAsync(resource.Key(ns, name), cancellationToken);
        return stored is null ? null : ObjectCodec.Decode(resource, stored.Value, stored.ModRevision);
    }

    /// <summary>Like <see cref="GetAsync"/> but answers 404 NotFound when absent.</summary>
    public async Task<IKubernetesObject<V1ObjectMeta>> GetExistingAsync(ResourceDefinition resource, string? ns, string name, CancellationToken cancellationToken) =>
        await GetAsync(resource, ns, name, cancellationToken)
        ?? throw new StatusException(StatusErrors.NotFound(resource.Group, resource.Plural, name));

    /// <summary>
    /// One page of a list. Selectors are applied here, after reading (as upstream does without an index), so a page
    /// may need several storage reads to fill <paramref name="limit"/> matching items. The continue token carries
    /// the revision of the first page and the last key returned, so every page shows the same snapshot.
    /// </summary>
    public async Task<ListPage> ListAsync(ResourceDefinition resource, string? ns, LabelSelector labels, FieldSelector fields,
        int limit, string? continueToken, CancellationToken cancellationToken)
    {
        var filtered = !labels.IsEverything || !fields.IsEverything;
        var page = await ListStoredAsync(resource, ns, limit, continueToken, filtered, stored =>
        {
            var obj = ObjectCodec.Decode(resource, stored.Value, stored.ModRevision);
            return Matches(resource, obj, labels, fields) ? obj : null;
        }, cancellationToken);
        return new ListPage(page.Items, page.Revision, page.Continue, page.RemainingItemCount);
    }

    /// <summary>
    /// A page of stored values without decoding them: the fast path for an unfiltered JSON list, where the bytes in
    /// storage are already the JSON the client wants (see <see cref="ObjectCodec.WriteListItem"/>).
    /// </summary>
    public Task<StoredPage<StoredValue>> ListStoredAsync(ResourceDefinition resource, string? ns, int limit, string? continueToken,
        CancellationToken cancellationToken) =>
        ListStoredAsync(resource, ns, limit, continueToken, filtered: false, stored => stored, cancellationToken);

    private async Task<StoredPage<T>> ListStoredAsync<T>(ResourceDefinition resource, string? ns, int limit, string? continueToken, bool filtered,
        Func<StoredValue, T?> select, CancellationToken cancellationToken) where T : class
    {
        var prefix = resource.KeyPrefix(ns);
        long revision = 0;
        string? startAfter = null;
        if (!string.IsNullOrEmpty(continueToken))
        {
            (revision, startAfter) = ContinueToken.Decode(continueToken, prefix);
        }
        var items = new List<T>();
        while (true)
        {
            // Read a little more than asked when filtering, so selective lists need fewer round trips.
            var batch = limit <= 0 ? 0 : Math.Max(limit - items.Count, filtered ? 500 : 0);
            ListResult page;
            try
            {
                page = await Storage.ListAsync(prefix, revision, startAfter, batch, cancellationToken);
            }
            catch (RevisionCompactedException ex)
            {
                throw new StatusException(StatusErrors.Expired(
                    $"The provided continue parameter is too old to display a consistent list result. You can start a new list without the continue parameter, or use the continue token in this response to retrieve the remainder of the results. ({ex.Message})"));
            }
            catch (ArgumentOutOfRangeException)
            {
                throw new StatusException(StatusErrors.BadRequest("continue key is not valid: the resourceVersion it carries is in the future"));
            }
            revision = page.Revision;
            for (var i = 0; i < page.Items.Count; i++)
            {
                var stored = page.Items[i];
                startAfter = stored.Key;
                if (select(stored) is not { } item) continue;
                items.Add(item);
                if (limit > 0 && items.Count == limit)
                {
                    var more = page.HasMore || i < page.Items.Count - 1;
                    long? remaining = filtered || !more ? null : page.RemainingCount + (page.Items.Count - 1 - i);
                    return new StoredPage<T>(items, revision, more ? ContinueToken.Encode(revision, stored.Key, prefix) : null, remaining);
                }
            }
            if (!page.HasMore) return new StoredPage<T>(items, revision, null, null);
        }
    }

    public static bool Matches(ResourceDefinition resource, IKubernetesObject<V1ObjectMeta> obj, LabelSelector labels, FieldSelector fields) =>
        labels.Matches(obj.Metadata?.Labels) && fields.Matches(f => resource.TryGetFieldValue(obj, f, out var v) ? v : null);

    /// <summary>Stores a new object. 409 AlreadyExists when the name is taken.</summary>
    public async Task<IKubernetesObject<V1ObjectMeta>> CreateAsync(ResourceDefinition resource, IKubernetesObject<V1ObjectMeta> obj, CancellationToken cancellationToken)
    {
        var key = resource.Key(obj.Metadata.NamespaceProperty, obj.Metadata.Name);
        try
        {
            var revision = await Storage.CreateAsync(key, ObjectCodec.Encode(resource, obj), cancellationToken);
            obj.Metadata.ResourceVersion = revision.ToString(CultureInfo.InvariantCulture);
            return obj;
        }
        catch (KeyExistsException)
        {
            throw new StatusException(StatusErrors.AlreadyExists(resource.Group, resource.Plural, obj.Metadata.Name));
        }
    }

    /// <summary>Replaces an object if it is still at <paramref name="expectedRevision"/>. 409 Conflict otherwise.</summary>
    public async Task<IKubernetesObject<V1ObjectMeta>> UpdateAsync(ResourceDefinition resource, IKubernetesObject<V1ObjectMeta> obj, long expectedRevision,
        CancellationToken cancellationToken)
    {
        var key = resource.Key(obj.Metadata.NamespaceProperty, obj.Metadata.Name);
        try
        {
            var revision = await Storage.UpdateAsync(key, ObjectCodec.Encode(resource, obj), expectedRevision, cancellationToken);
            obj.Metadata.ResourceVersion = revision.ToString(CultureInfo.InvariantCulture);
            return obj;
        }
        catch (RevisionConflictException)
        {
            throw new StatusException(StatusErrors.Conflict(resource.Group, resource.Plural, obj.Metadata.Name));
        }
        catch (KeyNotFoundException)
        {
            throw new StatusException(StatusErrors.NotFound(resource.Group, resource.Plural, obj.Metadata.Name));
        }
    }

    /// <summary>Removes an object if it is still at <paramref name="expectedRevision"/>.</summary>
    public async Task DeleteAsync(ResourceDefinition resource, string? ns, string name, long expectedRevision, CancellationToken cancellationToken)
    {
        try
        {
            await Storage.DeleteAsync(resource.Key(ns, name), expectedRevision, cancellationToken);
        }
        catch (RevisionConflictException)
        {
            throw new StatusException(StatusErrors.Conflict(resource.Group, resource.Plural, name));
        }
        catch (KeyNotFoundException)
        {
            throw new StatusException(StatusErrors.NotFound(resource.Group, resource.Plural, name));
        }
    }

    /// <summary>Changes to a resource (in one namespace, or all) after <paramref name="afterRevision"/>, decoded.</summary>
    public async IAsyncEnumerable<ObjectChange> WatchAsync(ResourceDefinition resource, string? ns, long afterRevision,
        [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await foreach (var change in Storage.WatchAsync(resource.KeyPrefix(ns), afterRevision, cancellationToken))
        {
            var previous = change.PreviousValue is null ? null : ObjectCodec.Decode(resource, change.PreviousValue, change.Revision);
            var current = change.Value is null ? null : ObjectCodec.Decode(resource, change.Value, change.Revision);
            yield return new ObjectChange(current, previous, change.Revision);
        }
    }

    public static long ParseResourceVersion(string? resourceVersion, string what = "resourceVersion")
    {
        if (string.IsNullOrEmpty(resourceVersion)) return 0;
        return long.TryParse(resourceVersion, NumberStyles.None, CultureInfo.InvariantCulture, out var revision)
            ? revision
            : throw new StatusException(StatusErrors.BadRequest($"invalid {what}: \"{resourceVersion}\": a resourceVersion is a decimal number"));
    }
}

/// <summary>A page of a list, ready to become a <c>…List</c> object or a Table.</summary>
public sealed record ListPage(IReadOnlyList<IKubernetesObject<V1ObjectMeta>> Items, long Revision, string? Continue, long? RemainingItemCount);

/// <summary>A page of a list before it becomes objects: items, the revision read at, and the continuation.</summary>
public sealed record StoredPage<T>(IReadOnlyList<T> Items, long Revision, string? Continue, long? RemainingItemCount);

/// <summary>One decoded change: <see cref="Current"/> is null for a delete, <see cref="Previous"/> null for a create.</summary>
public sealed record ObjectChange(IKubernetesObject<V1ObjectMeta>? Current, IKubernetesObject<V1ObjectMeta>? Previous, long Revision);

/// <summary>
/// The opaque <c>metadata.continue</c> token of a paginated list: base64 of the first page's revision and the last
/// key returned (relative to the list's prefix, so a token cannot be replayed against another resource's keys).
/// </summary>
internal static class ContinueToken
{
    private sealed record Payload(string V, long Rv, string Start);

    public static string Encode(long revision, string lastKey, string prefix) =>
        Convert.ToBase64String(Encoding.UTF8.GetBytes(JsonSerializer.Serialize(new Payload("meta.k8s.io/v1", revision, lastKey[prefix.Length..]))))
            .TrimEnd('=').Replace('+', '-').Replace('/', '_');

    public static (long Revision, string StartAfter) Decode(string token, string prefix)
    {
        try
        {
            var b64 = token.Replace('-', '+').Replace('_', '/');
            b64 = b64.PadRight(b64.Length + (4 - b64.Length % 4) % 4, '=');
            var payload = JsonSerializer.Deserialize<Payload>(Convert.FromBase64String(b64))!;
            if (payload.V != "meta.k8s.io/v1" || payload.Rv <= 0 || payload.Start.Contains("..", StringComparison.Ordinal)) throw new FormatException();
            return (payload.Rv, prefix + payload.Start);
        }
        catch (Exception ex) when (ex is FormatException or JsonException or ArgumentException or NullReferenceException)
        {
            throw new StatusException(StatusErrors.BadRequest("continue key is not valid: incorrect encoded start resourceVersion (version meta.k8s.io/v1)"));
        }
    }
}
