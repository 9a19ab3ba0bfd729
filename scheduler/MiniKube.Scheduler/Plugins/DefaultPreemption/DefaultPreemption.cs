using System.Text.Json;
using k8s;
using k8s.Models;
using MiniKube.ApiMachinery.Client;
using MiniKube.Scheduler.Framework;

namespace MiniKube.Scheduler.Plugins.DefaultPreemption;

/// <summary>
/// DefaultPreemption: when no node fits a pod, looks for a node where evicting lower-priority pods would make it
/// fit (re-running Filter on a copy of the node without them), keeps as few victims as possible (adding back
/// every pod whose removal was not needed), picks the node whose victims matter least, deletes them, and nominates
/// the pod to that node (status.nominatedNodeName) so it is placed there once they are gone.
/// Concept: https://kubernetes.io/docs/concepts/scheduling-eviction/pod-priority-preemption/#preemption
/// Upstream difference: PodDisruptionBudgets are not considered, every node is evaluated (upstream samples at
/// least 100 nodes or 10%), and lower-priority pods nominated to the chosen node keep their nomination.
/// </summary>
public sealed class DefaultPreemption(IFrameworkHandle handle) : IPostFilterPlugin
{
    public const string Name = "DefaultPreemption";
    public const string ErrReasonNotEligiblePolicyNever = "not eligible due to preemptionPolicy=Never.";
    public const string ErrReasonNotEligibleTerminating = "not eligible due to a terminating pod on the nominated node.";
    public const string ErrReasonNotHelpful = "Preemption is not helpful for scheduling";
    public const string ErrReasonNoVictims = "No preemption victims found for incoming pod";

    string IPlugin.Name => Name;

    public async Task<(PostFilterResult? Result, Status Status)> PostFilterAsync(CycleState state, V1Pod pod, NodeToStatus filteredNodeStatus,
        CancellationToken cancellationToken)
    {
        var snapshot = handle.Snapshot;
        if (Eligible(pod, snapshot) is { } notEligible) return (null, Status.Unschedulable($"preemption: {notEligible}"));

        var statuses = new NodeToStatus { AbsentNodesStatus = Status.UnschedulableAndUnresolvable(ErrReasonNotHelpful) };
        var candidates = new List<Candidate>();
        foreach (var node in snapshot.NodeInfoList)
        {
            // A node rejected for a reason no eviction can change (labels, taints) is not worth a what-if run.
            if (filteredNodeStatus.Get(node.Name).Code == StatusCode.UnschedulableAndUnresolvable)
            {
                statuses.Set(node.Name, Status.UnschedulableAndUnresolvable(ErrReasonNotHelpful));
                continue;
            }
            var (victims, status) = SelectVictimsOnNode(state, pod, node);
            if (victims is null) statuses.Set(node.Name, status);
            else candidates.Add(new Candidate(node.Name, victims));
        }
        if (candidates.Count == 0)
        {
            var diagnosis = new Diagnosis();
            foreach (var (name, status) in statuses.Explicit) diagnosis.NodeToStatus.Set(name, status);
            diagnosis.NodeToStatus.AbsentNodesStatus = statuses.AbsentNodesStatus;
            return (null, Status.Unschedulable($"preemption: {new FitError(pod, snapshot.NumNodes, diagnosis).Message}"));
        }

        var best = PickOneNodeForPreemption(candidates);
        foreach (var victim in best.Victims) await EvictAsync(victim.Pod, pod, best.NodeName, cancellationToken);
        return (new PostFilterResult(best.NodeName), Status.Success);
    }

    // Upstream PodEligibleToPreemptOthers: preemptionPolicy Never opts out; a pod already nominated to a node where
    // lower-priority pods are still terminating waits for them instead of evicting more.
    private static string? Eligible(V1Pod pod, Snapshot snapshot)
    {
        if (pod.Spec.PreemptionPolicy == "Never") return ErrReasonNotEligiblePolicyNever;
        if (pod.Status?.NominatedNodeName is { Length: > 0 } nominated && snapshot.Get(nominated) is { } node)
        {
            var priority = pod.Spec.Priority ?? 0;
            if (node.Pods.Any(p => p.Pod.Metadata.DeletionTimestamp is not null && p.Priority < priority)) return ErrReasonNotEligibleTerminating;
        }
        return null;
    }

    /// <summary>
    /// Upstream SelectVictimsOnNode: remove every lower-priority pod from a copy of the node; if the pod still does not
    /// fit, this node cannot help. Otherwise add them back, most important first, keeping each one that still leaves
    /// room ("reprieve"); the rest are the victims.
    /// </summary>
    public (List<PodInfo>? Victims, Status Status) SelectVictimsOnNode(CycleState cycleState, V1Pod pod, NodeInfo original)
    {
        var state = cycleState.Clone();
        var node = original.Clone();
        var priority = pod.Spec.Priority ?? 0;
        var potential = node.Pods.Where(p => p.Priority < priority).ToList();
        if (potential.Count == 0) return (null, Status.UnschedulableAndUnresolvable(ErrReasonNoVictims));
        foreach (var p in potential)
        {
            node.RemovePod(p.Uid);
            var status = handle.RunPreFilterExtensionRemovePod(state, pod, p, node);
            if (!status.IsSuccess) return (null, status);
        }
        var fits = handle.RunFilterPlugins(state, pod, node);
        if (!fits.IsSuccess) return (null, fits);

        var victims = new List<PodInfo>();
        // Most important first: higher priority, then started earlier (upstream MoreImportantPod).
        foreach (var p in potential.OrderByDescending(p => p.Priority).ThenBy(p => p.Pod.Status?.StartTime ?? DateTime.MaxValue))
        {
            node.AddPod(p);
            handle.RunPreFilterExtensionAddPod(state, pod, p, node);
            if (handle.RunFilterPlugins(state, pod, node).IsSuccess) continue;
            node.RemovePod(p.Uid);
            handle.RunPreFilterExtensionRemovePod(state, pod, p, node);
            victims.Add(p);
        }
        return (victims, Status.Success);
    }

    /// <summary>Upstream pickOneNodeForPreemption: lowest highest-victim priority, then lowest priority sum, then fewest victims.</summary>
    private static Candidate PickOneNodeForPreemption(List<Candidate> candidates) =>
        candidates
            .OrderBy(c => c.Victims.Count == 0 ? int.MinValue : c.Victims.Max(v => v.Priority))
            .ThenBy(c => c.Victims.Sum(v => (long)v.Priority))
            .ThenBy(c => c.Victims.Count)
            .First();

    private async Task EvictAsync(V1Pod victim, V1Pod preemptor, string nodeName, CancellationToken cancellationToken)
    {
        // Upstream first records why the pod goes (a DisruptionTarget condition), then deletes it.
        var condition = new
        {
            status = new
            {
                conditions = (victim.Status?.Conditions ?? []).Where(c => c.Type != "DisruptionTarget").Select(c => (object)c).Append(new
                {
                    type = "DisruptionTarget",
                    status = "True",
                    reason = "PreemptionByScheduler",
                    message = $"{handle.ProfileName}: preempting to accommodate a higher priority pod",
                    lastTransitionTime = DateTime.UtcNow.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", System.Globalization.CultureInfo.InvariantCulture),
                }),
            },
        };
        try
        {
            var patch = new V1Patch(KubernetesJson.Serialize(condition), V1Patch.PatchType.MergePatch);
            await handle.Client.CoreV1.PatchNamespacedPodStatusAsync(patch, victim.Metadata.Name, victim.Metadata.NamespaceProperty, cancellationToken: cancellationToken);
            await handle.Client.CoreV1.DeleteNamespacedPodAsync(victim.Metadata.Name, victim.Metadata.NamespaceProperty, cancellationToken: cancellationToken);
        }
        catch (k8s.Autorest.HttpOperationException ex) when (ex.Response.StatusCode == System.Net.HttpStatusCode.NotFound)
        {
            return; // already gone: that is what we wanted
        }
        await handle.EventRecorder.EventAsync(victim, EventType.Normal, "Preempted",
            $"Preempted by pod {preemptor.Metadata.Uid} on node {nodeName}", cancellationToken);
    }

    private sealed record Candidate(string NodeName, List<PodInfo> Victims);
}
