namespace MiniKube.ApiMachinery.Fields;

/// <summary>
/// A field selector (<c>?fieldSelector=spec.nodeName=node-1,status.phase!=Succeeded</c>): selects objects by the value of
/// a few well-known fields. Each resource decides which fields it supports (every resource supports
/// metadata.name and metadata.namespace); the kubelet uses spec.nodeName to watch only its own Pods.
/// Concept: https://kubernetes.io/docs/concepts/overview/working-with-objects/field-selectors/
/// </summary>
public sealed class FieldSelector
{
    private FieldSelector(IReadOnlyList<FieldRequirement> requirements) => Requirements = requirements;

    public static FieldSelector Everything { get; } = new([]);

    public IReadOnlyList<FieldRequirement> Requirements { get; }

    public bool IsEverything => Requirements.Count == 0;

    /// <summary>The value this selector demands for <paramref name="field"/> with "=", if any (used to narrow a storage scan).</summary>
    public string? RequiredValue(string field) =>
        Requirements.FirstOrDefault(r => r.Field == field && !r.Negated)?.Value;

    /// <summary>Matches using <paramref name="fieldValue"/> to read a field of the object (null for an absent field).</summary>
    public bool Matches(Func<string, string?> fieldValue) =>
        Requirements.All(r => (fieldValue(r.Field) ?? "") == r.Value != r.Negated);

    /// <exception cref="FormatException">for a malformed selector (a 400 answer).</exception>
    public static FieldSelector Parse(string? selector)
    {
        if (string.IsNullOrWhiteSpace(selector)) return Everything;
        var requirements = new List<FieldRequirement>();
        foreach (var term in selector.Split(','))
        {
            var (op, at) = term.IndexOf("!=", StringComparison.Ordinal) is var ne and > 0 ? ("!=", ne)
                : term.IndexOf("==", StringComparison.Ordinal) is var ee and > 0 ? ("==", ee)
                : term.IndexOf('=', StringComparison.Ordinal) is var e and > 0 ? ("=", e)
                : throw new FormatException($"invalid selector: '{selector}'; can't understand '{term}'");
            requirements.Add(new FieldRequirement(term[..at].Trim(), term[(at + op.Length)..].Trim(), op == "!="));
        }
        return new FieldSelector(requirements);
    }

    public override string ToString() => string.Join(",", Requirements);
}

/// <summary>One term: <c>field=value</c> or <c>field!=value</c>.</summary>
public sealed record FieldRequirement(string Field, string Value, bool Negated)
{
    public override string ToString() => $"{Field}{(Negated ? "!=" : "=")}{Value}";
}
