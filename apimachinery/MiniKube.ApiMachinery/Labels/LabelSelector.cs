using k8s.Models;

namespace MiniKube.ApiMachinery.Labels;

/// <summary>
/// A label selector: the query language that ties Services to Pods and ReplicaSets to their Pods
/// (<c>app=web,tier!=db,env in (prod,staging),!legacy</c>). Parsed once, matched against many label maps.
/// Concept: https://kubernetes.io/docs/concepts/overview/working-with-objects/labels/#label-selectors
/// </summary>
public sealed class LabelSelector
{
    private readonly IReadOnlyList<Requirement> _requirements;

    private LabelSelector(IReadOnlyList<Requirement> requirements) => _requirements = requirements;

    /// <summary>Selects everything (an empty selector string).</summary>
    public static LabelSelector Everything { get; } = new([]);

    public bool IsEverything => _requirements.Count == 0;

    public IReadOnlyList<Requirement> Requirements => _requirements;

    public bool Matches(IDictionary<string, string>? labels) => _requirements.All(r => r.Matches(labels));

    /// <summary>Parses the string form used by <c>?labelSelector=</c> and <c>kubectl -l</c>.</summary>
    /// <exception cref="FormatException">with a message saying what is wrong, for a 400 answer.</exception>
    public static LabelSelector Parse(string? selector)
    {
        if (string.IsNullOrWhiteSpace(selector)) return Everything;
        var requirements = new List<Requirement>();
        foreach (var term in SplitTopLevel(selector))
        {
            requirements.Add(ParseTerm(term.Trim(), selector));
        }
        return new LabelSelector(requirements);
    }

    /// <summary>The structured form in a Deployment's or ReplicaSet's <c>spec.selector</c>.</summary>
    public static LabelSelector FromV1(V1LabelSelector? selector)
    {
        if (selector is null) return Everything;
        var requirements = new List<Requirement>();
        foreach (var (key, value) in selector.MatchLabels ?? new Dictionary<string, string>())
        {
            requirements.Add(new Requirement(key, SelectorOperator.Equals, [value]));
        }
        foreach (var expression in selector.MatchExpressions ?? [])
        {
            var op = expression.OperatorProperty switch
            {
                "In" => SelectorOperator.In,
                "NotIn" => SelectorOperator.NotIn,
                "Exists" => SelectorOperator.Exists,
                "DoesNotExist" => SelectorOperator.DoesNotExist,
                _ => throw new FormatException($"\"{expression.OperatorProperty}\" is not a valid label selector operator"),
            };
            requirements.Add(new Requirement(expression.Key, op, expression.Values?.ToList() ?? []));
        }
        return new LabelSelector(requirements);
    }

    public override string ToString() => string.Join(",", _requirements);

    // Commas separate terms, except inside the parentheses of "in (a,b)".
    private static IEnumerable<string> SplitTopLevel(string selector)
    {
        var depth = 0;
        var start = 0;
        for (var i = 0; i < selector.Length; i++)
        {
            if (selector[i] == '(') depth++;
            else if (selector[i] == ')') depth--;
            else if (selector[i] == ',' && depth == 0)
            {
                yield return selector[start..i];
                start = i + 1;
            }
        }
        yield return selector[start..];
    }

    private static Requirement ParseTerm(string term, string whole)
    {
        if (term.Length == 0) throw new FormatException($"unable to parse requirement: found '', expected: identifier in \"{whole}\"");
        if (term.StartsWith('!')) return new Requirement(ValidKey(term[1..].Trim(), whole), SelectorOperator.DoesNotExist, []);

        foreach (var (token, op) in new[] { ("!=", SelectorOperator.NotEquals), ("==", SelectorOperator.Equals), ("=", SelectorOperator.Equals) })
        {
            var at = term.IndexOf(token, StringComparison.Ordinal);
            if (at > 0) return new Requirement(ValidKey(term[..at].Trim(), whole), op, [term[(at + token.Length)..].Trim()]);
        }

        var words = term.Split(' ', 2, StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        if (words.Length == 2)
        {
            var rest = words[1];
            var setOp = rest.StartsWith("notin", StringComparison.Ordinal) ? SelectorOperator.NotIn
                : rest.StartsWith("in", StringComparison.Ordinal) ? SelectorOperator.In
                : throw new FormatException($"unable to parse requirement: found '{rest}', expected: in, notin, =, ==, !=, gt, lt in \"{whole}\"");
            var list = rest[(setOp == SelectorOperator.NotIn ? 5 : 2)..].Trim();
            if (!list.StartsWith('(') || !list.EndsWith(')')) throw new FormatException($"unable to parse requirement: expected '(' in \"{whole}\"");
            var values = list[1..^1].Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
            return new Requirement(ValidKey(words[0], whole), setOp, values);
        }
        return new Requirement(ValidKey(term, whole), SelectorOperator.Exists, []);
    }

    private static string ValidKey(string key, string whole) =>
        key.Length > 0 && key.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.' or '/')
            ? key
            : throw new FormatException($"unable to parse requirement: invalid label key \"{key}\" in \"{whole}\"");
}

public enum SelectorOperator { Equals, NotEquals, In, NotIn, Exists, DoesNotExist }

/// <summary>One term of a selector, e.g. <c>env in (prod,staging)</c>.</summary>
public sealed record Requirement(string Key, SelectorOperator Operator, IReadOnlyList<string> Values)
{
    public bool Matches(IDictionary<string, string>? labels)
    {
        string? value = null;
        var has = labels is not null && labels.TryGetValue(Key, out value);
        return Operator switch
        {
            SelectorOperator.Equals or SelectorOperator.In => has && Values.Contains(value!),
            // As upstream: "!=" and "notin" also match objects that do not have the label at all.
            SelectorOperator.NotEquals or SelectorOperator.NotIn => !has || !Values.Contains(value!),
            SelectorOperator.Exists => has,
            SelectorOperator.DoesNotExist => !has,
            _ => false,
        };
    }

    public override string ToString() => Operator switch
    {
        SelectorOperator.Equals => $"{Key}={Values[0]}",
        SelectorOperator.NotEquals => $"{Key}!={Values[0]}",
        SelectorOperator.In => $"{Key} in ({string.Join(",", Values)})",
        SelectorOperator.NotIn => $"{Key} notin ({string.Join(",", Values)})",
        SelectorOperator.Exists => Key,
        _ => $"!{Key}",
    };
}
