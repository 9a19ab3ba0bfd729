using k8s.Models;
using MiniKube.ApiMachinery.Labels;

namespace MiniKube.Scheduler.Framework;

/// <summary>
/// One pod (anti-)affinity term, parsed once (upstream framework <c>AffinityTerm</c>): which pods it is about (label
/// selector and namespaces) and over which topology (nodes sharing the same value of <see cref="TopologyKey"/>).
/// Concept: https://kubernetes.io/docs/concepts/scheduling-eviction/assign-pod-node/#inter-pod-affinity-and-anti-affinity
/// Upstream difference: a non-empty namespaceSelector would need the namespaces' labels; we only support the empty
/// one ({} = all namespaces) and treat others as selecting no extra namespaces.
/// </summary>
public sealed class AffinityTerm
{
    public AffinityTerm(V1Pod owner, V1PodAffinityTerm term, int weight = 0)
    {
        Selector = LabelSelector.FromV1(term.LabelSelector);
        // A null labelSelector selects nothing (upstream); an empty one selects everything.
        SelectsNothing = term.LabelSelector is null;
        TopologyKey = term.TopologyKey ?? "";
        AllNamespaces = term.NamespaceSelector is { MatchLabels: null or { Count: 0 }, MatchExpressions: null or { Count: 0 } };
        Namespaces = term.Namespaces is { Count: > 0 } || term.NamespaceSelector is not null
            ? new HashSet<string>(term.Namespaces ?? [], StringComparer.Ordinal)
            : new HashSet<string>(StringComparer.Ordinal) { owner.Metadata.NamespaceProperty ?? "default" };
        Weight = weight;
    }

    public LabelSelector Selector { get; }
    public bool SelectsNothing { get; }
    public HashSet<string> Namespaces { get; }
    public bool AllNamespaces { get; }
    public string TopologyKey { get; }

    /// <summary>For preferred terms: how much a match is worth (1-100); negative for anti-affinity in scoring.</summary>
    public int Weight { get; }

    public bool Matches(V1Pod pod) =>
        !SelectsNothing
        && (AllNamespaces || Namespaces.Contains(pod.Metadata.NamespaceProperty ?? "default"))
        && Selector.Matches(pod.Metadata.Labels);
}
