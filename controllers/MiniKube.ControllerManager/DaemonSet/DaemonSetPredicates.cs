using System.Globalization;
using k8s.Models;

namespace MiniKube.ControllerManager.DaemonSet;

/// <summary>
/// Which nodes a DaemonSet's Pod belongs on (upstream: <c>NodeShouldRunDaemonPod</c> and the node-affinity and
/// taint helpers it calls). A node qualifies when it has the template's nodeName (if any), matches its nodeSelector
/// and required node affinity, and has no NoSchedule or NoExecute taint the Pod does not tolerate. A Pod already
/// running may stay on a node that gained a NoSchedule taint, but not one with an untolerated NoExecute taint.
/// Pure functions: they read the objects they are given and nothing else.
/// Concept: https://kubernetes.io/docs/concepts/workloads/controllers/daemonset/#how-daemon-pods-are-scheduled
/// </summary>
public static class DaemonSetPredicates
{
    /// <summary>
    /// The tolerations every daemon Pod gets (upstream: <c>AddOrUpdateDaemonPodTolerations</c>), so that node
    /// problems which would keep ordinary Pods away (not ready, unreachable, resource pressure, cordoned) do not
    /// evict or block the node's own agents; network-unavailable only for hostNetwork Pods, which do not need the
    /// Pod network.
    /// </summary>
    public static IList<V1Toleration> AddOrUpdateDaemonPodTolerations(IList<V1Toleration>? tolerations, bool hostNetwork)
    {
        var result = tolerations?.ToList() ?? [];
        void Add(string key, string effect)
        {
            result.RemoveAll(t => t.Key == key && t.Effect == effect);
            result.Add(new V1Toleration { Key = key, OperatorProperty = "Exists", Effect = effect });
        }
        Add("node.kubernetes.io/not-ready", "NoExecute");
        Add("node.kubernetes.io/unreachable", "NoExecute");
        Add("node.kubernetes.io/disk-pressure", "NoSchedule");
        Add("node.kubernetes.io/memory-pressure", "NoSchedule");
        Add("node.kubernetes.io/pid-pressure", "NoSchedule");
        Add("node.kubernetes.io/unschedulable", "NoSchedule");
        if (hostNetwork) Add("node.kubernetes.io/network-unavailable", "NoSchedule");
        return result;
    }

    /// <summary>(ShouldRun, ShouldContinueRunning) for the daemon Pod <paramref name="pod"/> on <paramref name="node"/>.</summary>
    public static (bool ShouldRun, bool ShouldContinueRunning) NodeShouldRunDaemonPod(V1Node node, V1PodSpec pod)
    {
        if (!string.IsNullOrEmpty(pod.NodeName) && pod.NodeName != node.Metadata.Name) return (false, false);
        if (!MatchesNodeSelector(node, pod)) return (false, false);
        var untolerated = (node.Spec?.Taints ?? []).Where(t => t.Effect is "NoSchedule" or "NoExecute" && !Tolerated(t, pod.Tolerations)).ToList();
        if (untolerated.Count == 0) return (true, true);
        return (false, !untolerated.Any(t => t.Effect == "NoExecute"));
    }

    /// <summary>spec.nodeSelector and the required node affinity (upstream: <c>GetRequiredNodeAffinity(pod).Match(node)</c>).</summary>
    public static bool MatchesNodeSelector(V1Node node, V1PodSpec pod)
    {
        var labels = node.Metadata.Labels ?? new Dictionary<string, string>();
        if (pod.NodeSelector?.Any(s => !labels.TryGetValue(s.Key, out var v) || v != s.Value) == true) return false;
        var required = pod.Affinity?.NodeAffinity?.RequiredDuringSchedulingIgnoredDuringExecution;
        // The terms are ORed; within a term every expression must hold; a term with nothing in it matches nothing.
        return required is null || required.NodeSelectorTerms.Any(term =>
            (term.MatchExpressions is { Count: > 0 } || term.MatchFields is { Count: > 0 })
            && (term.MatchExpressions ?? []).All(r => Matches(r, labels.TryGetValue(r.Key, out var v) ? v : null))
            && (term.MatchFields ?? []).All(r => r.Key == "metadata.name" && Matches(r, node.Metadata.Name)));
    }

    private static bool Matches(V1NodeSelectorRequirement requirement, string? value) => requirement.OperatorProperty switch
    {
        "In" => value is not null && requirement.Values.Contains(value),
        "NotIn" => value is null || !requirement.Values.Contains(value),
        "Exists" => value is not null,
        "DoesNotExist" => value is null,
        "Gt" => long.TryParse(value, NumberStyles.Integer, CultureInfo.InvariantCulture, out var gt)
            && long.TryParse(requirement.Values.FirstOrDefault(), NumberStyles.Integer, CultureInfo.InvariantCulture, out var gtLimit) && gt > gtLimit,
        "Lt" => long.TryParse(value, NumberStyles.Integer, CultureInfo.InvariantCulture, out var lt)
            && long.TryParse(requirement.Values.FirstOrDefault(), NumberStyles.Integer, CultureInfo.InvariantCulture, out var ltLimit) && lt < ltLimit,
        _ => false,
    };

    /// <summary>Whether one of the tolerations tolerates the taint (upstream: <c>Toleration.ToleratesTaint</c>).</summary>
    public static bool Tolerated(V1Taint taint, IEnumerable<V1Toleration>? tolerations) =>
        (tolerations ?? []).Any(t =>
            (string.IsNullOrEmpty(t.Effect) || t.Effect == taint.Effect)
            && ((t.OperatorProperty ?? "Equal") switch
            {
                // An empty key with Exists tolerates every taint.
                "Exists" => string.IsNullOrEmpty(t.Key) || t.Key == taint.Key,
                "Equal" => t.Key == taint.Key && (t.Value ?? "") == (taint.Value ?? ""),
                _ => false,
            }));

    /// <summary>
    /// The node a daemon Pod is for: its nodeName once bound, before that the node its required affinity names
    /// (upstream: <c>GetTargetNodeName</c>).
    /// </summary>
    public static string? TargetNodeName(V1Pod pod)
    {
        if (!string.IsNullOrEmpty(pod.Spec?.NodeName)) return pod.Spec.NodeName;
        var terms = pod.Spec?.Affinity?.NodeAffinity?.RequiredDuringSchedulingIgnoredDuringExecution?.NodeSelectorTerms;
        return terms?.SelectMany(t => t.MatchFields ?? [])
            .FirstOrDefault(f => f.Key == "metadata.name" && f.OperatorProperty == "In" && f.Values?.Count == 1)?.Values[0];
    }

    /// <summary>
    /// The required node affinity that pins a daemon Pod to one node for the scheduler (upstream:
    /// <c>ReplaceDaemonSetPodNodeNameNodeAffinity</c>): a single term "metadata.name In [node]" replaces the
    /// template's required terms, which the controller has already checked against this node.
    /// </summary>
    public static V1Affinity ReplaceDaemonSetPodNodeNameNodeAffinity(V1Affinity? affinity, string nodeName)
    {
        affinity ??= new V1Affinity();
        affinity.NodeAffinity ??= new V1NodeAffinity();
        affinity.NodeAffinity.RequiredDuringSchedulingIgnoredDuringExecution = new V1NodeSelector
        {
            NodeSelectorTerms =
            [
                new V1NodeSelectorTerm
                {
                    MatchFields = [new V1NodeSelectorRequirement { Key = "metadata.name", OperatorProperty = "In", Values = [nodeName] }],
                },
            ],
        };
        return affinity;
    }
}
