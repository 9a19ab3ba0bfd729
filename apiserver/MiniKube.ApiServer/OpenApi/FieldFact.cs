namespace MiniKube.ApiServer.OpenApi;

/// <summary>
/// One field's list/map semantics and whether it is required, as Kubernetes declares them with markers on the Go type
/// (+listType=map, +listMapKey=name, +patchStrategy=merge, +patchMergeKey=name, +mapType=atomic, +optional, +default).
/// The OpenAPI documents publish these facts, and our strategic merge patch and server-side apply (Patch/SchemaNode)
/// merge by them, so both read this one table.
/// Concept: https://kubernetes.io/docs/reference/using-api/server-side-apply/#merge-strategy
/// </summary>
/// <param name="ListType">"atomic" (replace whole list), "set" (unique scalars) or "map" (items keyed by <paramref name="ListMapKeys"/>).</param>
/// <param name="PatchStrategy">"merge", "retainKeys" or "merge,retainKeys": how a strategic merge patch treats the field.</param>
/// <param name="PatchMergeKey">The field a strategic merge patch matches list items by. Usually the same as
/// <paramref name="ListMapKeys"/>, but not always: container ports merge by containerPort in a patch, yet apply keys
/// them by containerPort and protocol.</param>
/// <param name="Default">The field's "+default" value, recorded only where apply needs it: for a list map key that an
/// item may leave out (ports' protocol is "TCP"), so <c>{containerPort: 80}</c> is the item 80/TCP.</param>
/// <param name="MicroTime">The timestamp has microseconds (metav1.MicroTime) instead of seconds (metav1.Time).</param>
internal sealed record FieldFact(
    string Definition,
    string Field,
    bool Required = false,
    string? ListType = null,
    IReadOnlyList<string>? ListMapKeys = null,
    string? PatchStrategy = null,
    string? PatchMergeKey = null,
    string? MapType = null,
    string? Default = null,
    bool MicroTime = false);
