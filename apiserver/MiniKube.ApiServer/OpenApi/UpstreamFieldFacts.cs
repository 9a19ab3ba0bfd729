using System.Collections.Frozen;

namespace MiniKube.ApiServer.OpenApi;

/// <summary>
/// What the C# model types cannot tell us about a field: whether it is required, and how lists and maps merge.
/// kubectl's client-side apply reads x-kubernetes-patch-merge-key/-strategy to build a strategic merge patch
/// (containers are matched by name, not by position), and server-side apply reads x-kubernetes-list-type and
/// -list-map-keys to decide which manager owns which list item. Our own strategic merge patch and server-side apply
/// (Patch/SchemaNode) read the same facts here, just as upstream's apply reads them from the OpenAPI schema, so the
/// documents we serve and the merges we do cannot disagree. The facts are in UpstreamFieldFacts.Table.cs.
/// Concept: https://kubernetes.io/docs/reference/using-api/server-side-apply/#merge-strategy
/// </summary>
internal static partial class UpstreamFieldFacts
{
    private static readonly Lazy<FieldFact[]> s_all = new(Table);
    private static readonly Lazy<FrozenDictionary<(string Definition, string Field), FieldFact>> s_byField =
        new(() => s_all.Value.ToFrozenDictionary(f => (f.Definition, f.Field)));
    private static readonly Lazy<FrozenSet<string>> s_atomicStructs = new(() => AtomicStructs().ToFrozenSet(StringComparer.Ordinal));

    /// <summary>Every known fact, for tests that check the table against the model types.</summary>
    public static IReadOnlyList<FieldFact> All => s_all.Value;

    /// <summary>The facts about one field ("io.k8s.api.core.v1.PodSpec", "containers"), or null if it has none.</summary>
    public static FieldFact? For(string definition, string field) => s_byField.Value.GetValueOrDefault((definition, field));

    /// <summary>True for structs that server-side apply replaces as a whole, such as a LabelSelector.</summary>
    public static bool IsAtomicStruct(string definition) => s_atomicStructs.Value.Contains(definition);
}
