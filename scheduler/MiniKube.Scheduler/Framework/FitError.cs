using k8s.Models;

namespace MiniKube.Scheduler.Framework;

/// <summary>
/// "No node fits this pod", with the diagnosis that becomes the FailedScheduling Event and the PodScheduled=False
/// condition (upstream <c>FitError</c>). <see cref="Message"/> has upstream's exact form, e.g.
/// <c>0/3 nodes are available: 1 Insufficient cpu, 2 node(s) didn't match Pod's node affinity/selector. preemption: 0/3 nodes are available: 1 No preemption victims found for incoming pod, 2 Preemption is not helpful for scheduling.</c>
/// </summary>
public sealed class FitError(V1Pod pod, int numAllNodes, Diagnosis diagnosis)
{
    /// <summary>Upstream NoNodeAvailableMsg.</summary>
    public const string NoNodeAvailableMsg = "0/{0} nodes are available";

    public V1Pod Pod { get; } = pod;
    public int NumAllNodes { get; } = numAllNodes;
    public Diagnosis Diagnosis { get; } = diagnosis;

    /// <summary>
    /// "0/N nodes are available: &lt;PreFilter message&gt;." or "…: &lt;count reason, …&gt;." (counts per reason,
    /// sorted as strings, as upstream), then " &lt;PostFilter message&gt;" when preemption ran.
    /// </summary>
    public string Message
    {
        get
        {
            var message = $"0/{NumAllNodes} nodes are available:"; // NoNodeAvailableMsg + ":"
            if (Diagnosis.PreFilterMsg is { Length: > 0 } preFilter)
            {
                // PreFilter rejected the pod for every node: its message alone says why (counting it per node would repeat it).
                message += $" {preFilter}.";
            }
            else
            {
                var reasons = new Dictionary<string, int>(StringComparer.Ordinal);
                foreach (var (_, status) in Diagnosis.NodeToStatus.Explicit)
                {
                    foreach (var reason in status.Reasons) reasons[reason] = reasons.GetValueOrDefault(reason) + 1;
                }
                var absent = NumAllNodes - Diagnosis.NodeToStatus.Count;
                if (absent > 0)
                {
                    foreach (var reason in Diagnosis.NodeToStatus.AbsentNodesStatus.Reasons) reasons[reason] = reasons.GetValueOrDefault(reason) + absent;
                }
                var histogram = reasons.Select(r => $"{r.Value} {r.Key}").ToList();
                histogram.Sort(StringComparer.Ordinal);
                if (histogram.Count > 0) message += $" {string.Join(", ", histogram)}.";
            }
            if (Diagnosis.PostFilterMsg is { Length: > 0 } postFilter) message += $" {postFilter}";
            return message;
        }
    }

    public override string ToString() => Message;
}

/// <summary>What went wrong for each node, which plugins rejected the pod, and what PreFilter/PostFilter said.</summary>
public sealed class Diagnosis
{
    public NodeToStatus NodeToStatus { get; } = new();

    /// <summary>Plugins that rejected the pod somewhere: the queue retries it on the events these registered.</summary>
    public HashSet<string> UnschedulablePlugins { get; } = new(StringComparer.Ordinal);

    public string? PreFilterMsg { get; set; }

    public string? PostFilterMsg { get; set; }
}
