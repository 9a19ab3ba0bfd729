namespace MiniKube.ApiServer.OpenApi;

/// <summary>
/// One field's list/map semantics and whether it is required, as Kubernetes declares them with markers on the Go type
/// (+listType=map, +listMapKey=name, +patchStrategy=merge, +patchMergeKey=name, +mapType=atomic, +optional).
/// Concept: https://kubernetes.io/docs/reference/using-api/server-side-apply/#merge-strategy
/// </summary>
/// <param name="ListType">"atomic" (replace whole list), "set" (unique scalars) or "map" (items keyed by <paramref name="ListMapKeys"/>).</param>
/// <param name="PatchStrategy">"merge", "retainKeys" or "merge,retainKeys": how a strategic merge patch treats the field.</param>
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
    bool MicroTime = false);
