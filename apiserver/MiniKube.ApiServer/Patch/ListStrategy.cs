using MiniKube.ApiServer.OpenApi;

namespace MiniKube.ApiServer.Patch;

/// <summary>
/// How one list field of an API type merges. Upstream writes this twice on each Go field, and we keep both:
/// <list type="bullet">
/// <item>for strategic merge patch, the struct tags <c>patchStrategy:"merge"</c> and <c>patchMergeKey:"name"</c>
/// (<see cref="PatchMerge"/>, <see cref="PatchMergeKey"/>);</item>
/// <item>for server-side apply, the markers <c>+listType=atomic|set|map</c> and <c>+listMapKey=...</c>
/// (<see cref="ListType"/>, <see cref="MapKeys"/>).</item>
/// </list>
/// They usually agree, but not always: container ports merge by containerPort in a strategic merge patch, yet are
/// keyed by containerPort and protocol for apply, and Job conditions merge by type in a patch but are atomic for apply.
/// The tags themselves live in one table, <see cref="UpstreamFieldFacts"/>, which the OpenAPI documents publish too.
/// Concept: https://kubernetes.io/docs/reference/using-api/server-side-apply/#merge-strategy
/// </summary>
internal sealed record ListStrategy(ListType ListType, IReadOnlyList<ListMapKey> MapKeys, string? PatchMergeKey, bool PatchMerge)
{
    /// <summary>The default for any list we know nothing about: replaced as a whole by patches, owned as a whole by apply.</summary>
    public static readonly ListStrategy Atomic = new(ListType.Atomic, [], PatchMergeKey: null, PatchMerge: false);

    /// <summary>
    /// The strategy the upstream facts give a list field (<paramref name="fact"/>, null if it has none: atomic).
    /// <paramref name="itemDefinition"/> names the items' type ("io.k8s.api.core.v1.ContainerPort"), whose facts hold
    /// the defaults of the map keys.
    /// </summary>
    public static ListStrategy From(FieldFact? fact, string? itemDefinition)
    {
        if (fact is null)
        {
            return Atomic;
        }
        var listType = fact.ListType switch
        {
            "map" => ListType.Map,
            "set" => ListType.Set,
            _ => ListType.Atomic, // "atomic", or no +listType at all
        };
        var mapKeys = (fact.ListMapKeys ?? [])
            .Select(key => new ListMapKey(key, itemDefinition is null ? null : UpstreamFieldFacts.For(itemDefinition, key)?.Default))
            .ToList();
        // patchStrategy is "merge", "retainKeys" or both ("merge,retainKeys"); only "merge" merges list items.
        var patchMerge = fact.PatchStrategy?.Split(',').Contains("merge") == true;
        return new(listType, mapKeys, fact.PatchMergeKey, patchMerge);
    }
}

/// <summary>Server-side apply's <c>+listType</c>: how apply tracks ownership of a list's items.</summary>
internal enum ListType
{
    /// <summary>The whole list is one value with one owner; applying it replaces it.</summary>
    Atomic,

    /// <summary>A list of scalars where each distinct value can have its own owner (<c>v:"value"</c> in managedFields).</summary>
    Set,

    /// <summary>A list of objects identified by key fields (<c>k:{"name":"main"}</c> in managedFields).</summary>
    Map,
}

/// <summary>
/// One <c>+listMapKey</c> field. <paramref name="Default"/> is the value used when an item leaves the field out,
/// as upstream does for protocol ("TCP") on ports, so <c>{containerPort: 80}</c> is the item <c>80/TCP</c>.
/// </summary>
internal sealed record ListMapKey(string Name, string? Default = null);
