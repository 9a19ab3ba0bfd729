using System.Globalization;
using k8s.Models;

namespace MiniKube.Scheduler.Plugins.NodeAffinity;

/// <summary>
/// Matches a node against node selector terms (upstream <c>nodeaffinity.NodeSelector</c>): the terms are ORed, the
/// requirements inside a term ANDed; matchExpressions look at labels (In, NotIn, Exists, DoesNotExist, Gt, Lt),
/// matchFields at fields (only metadata.name exists).
/// Concept: https://kubernetes.io/docs/concepts/scheduling-eviction/assign-pod-node/#node-affinity
/// </summary>
public static class NodeSelectorMatcher
{
    /// <summary>Does the node satisfy the pod's spec.nodeSelector and required node affinity?</summary>
    public static bool PodMatchesNode(V1Pod pod, V1Node node) =>
        MatchesNodeSelector(pod.Spec.NodeSelector, node)
        && (pod.Spec.Affinity?.NodeAffinity?.RequiredDuringSchedulingIgnoredDuringExecution is not { } required || MatchesAnyTerm(required.NodeSelectorTerms, node));

    public static bool MatchesNodeSelector(IDictionary<string, string>? selector, V1Node node)
    {
        if (selector is null || selector.Count == 0) return true;
        var labels = node.Metadata.Labels;
        foreach (var (key, value) in selector)
        {
            if (labels is null || !labels.TryGetValue(key, out var actual) || actual != value) return false;
        }
        return true;
    }

    /// <summary>True when any term matches; a term with no requirements matches nothing, as upstream.</summary>
    public static bool MatchesAnyTerm(IList<V1NodeSelectorTerm>? terms, V1Node node)
    {
        foreach (var term in terms ?? []) if (MatchesTerm(term, node)) return true;
        return false;
    }

    public static bool MatchesTerm(V1NodeSelectorTerm term, V1Node node)
    {
        if ((term.MatchExpressions?.Count ?? 0) == 0 && (term.MatchFields?.Count ?? 0) == 0) return false;
        foreach (var requirement in term.MatchExpressions ?? [])
        {
            string? value = null;
            var has = node.Metadata.Labels?.TryGetValue(requirement.Key, out value) == true;
            if (!Matches(requirement, has, value)) return false;
        }
        foreach (var requirement in term.MatchFields ?? [])
        {
            // Only metadata.name is a supported field (upstream validation rejects others).
            var has = requirement.Key == "metadata.name";
            if (!Matches(requirement, has, has ? node.Metadata.Name : null)) return false;
        }
        return true;
    }

    private static bool Matches(V1NodeSelectorRequirement requirement, bool has, string? value) => requirement.OperatorProperty switch
    {
        "In" => has && (requirement.Values ?? []).Contains(value!),
        "NotIn" => !has || !(requirement.Values ?? []).Contains(value!),
        "Exists" => has,
        "DoesNotExist" => !has,
        "Gt" => has && Compare(value!, requirement.Values) is > 0,
        "Lt" => has && Compare(value!, requirement.Values) is < 0,
        _ => false,
    };

    // Gt/Lt compare integers; a label or value that is not one never matches.
    private static int? Compare(string value, IList<string>? values)
    {
        if (values is not { Count: 1 } || !long.TryParse(values[0], CultureInfo.InvariantCulture, out var limit)) return null;
        return long.TryParse(value, CultureInfo.InvariantCulture, out var actual) ? actual.CompareTo(limit) : null;
    }
}
