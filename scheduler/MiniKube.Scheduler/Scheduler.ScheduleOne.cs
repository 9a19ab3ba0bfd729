using System.Diagnostics;
using System.Globalization;
using k8s;
using k8s.Models;
using MiniKube.ApiMachinery.Client;
using MiniKube.Scheduler.Framework;

namespace MiniKube.Scheduler;

// The scheduling cycle and the binding cycle of one pod (upstream schedule_one.go).
public sealed partial class Scheduler
{
    /// <summary>Upstream minFeasibleNodesToFind: below this many nodes, every node is checked.</summary>
    public const int MinFeasibleNodesToFind = 100;

    /// <summary>Upstream minFeasibleNodesPercentageToFind: the adaptive percentage never goes below this.</summary>
    public const int MinFeasibleNodesPercentageToFind = 5;

    /// <summary>
    /// One pod: pop → scheduling cycle (synchronous, one pod at a time, on a snapshot) → assume on the chosen node →
    /// Reserve → Permit → binding cycle started in the background, so the next pod is scheduled while this one
    /// binds.
    /// </summary>
    private async Task ScheduleOneAsync(CancellationToken cancellationToken)
    {
        var qpi = await _queue.PopAsync(cancellationToken);
        var podSchedulingCycle = _queue.SchedulingCycle;
        var pod = qpi.Pod;
        // The queue may hold an older copy; read the newest from the informer and skip pods gone or bound meanwhile.
        if (_pods.Indexer.Get(pod.Metadata.NamespaceProperty, pod.Metadata.Name) is not { } latest || latest.Metadata.Uid != pod.Metadata.Uid
            || IsAssigned(latest) || latest.Metadata.DeletionTimestamp is not null)
        {
            return;
        }
        pod = latest;
        qpi.PodInfo = new PodInfo(pod);
        var fw = _profiles[pod.Spec.SchedulerName ?? Config.ConfigDefaults.DefaultSchedulerName];
        var started = Stopwatch.StartNew();
        var state = new CycleState();

        _cache.UpdateSnapshot(_snapshot);
        fw.Snapshot = _snapshot;
        var (host, fitError, error) = SchedulePod(fw, state, pod);
        if (host is null)
        {
            string? nominated = null;
            if (fitError is not null)
            {
                qpi.UnschedulablePlugins = fitError.Diagnosis.UnschedulablePlugins;
                // PostFilter (preemption) may make room; its verdict is added to the message either way.
                if (fw.PostFilterPlugins.Count > 0)
                {
                    var (result, status) = await fw.RunPostFilterPluginsAsync(state, pod, fitError.Diagnosis.NodeToStatus, cancellationToken);
                    if (status.Code == StatusCode.Error) Log.PostFilterFailed(_logger, MetaNamespaceKey.For(pod), status.Message);
                    else if (!status.IsSuccess) fitError.Diagnosis.PostFilterMsg = status.Message;
                    nominated = result?.NominatedNodeName;
                    if (nominated is not null) Log.Preempted(_logger, MetaNamespaceKey.For(pod), nominated);
                }
            }
            qpi.LastFailureWasError = fitError is null;
            await HandleSchedulingFailureAsync(fw, qpi, podSchedulingCycle, fitError?.Message ?? error!, fitError is null ? "SchedulerError" : "Unschedulable", nominated, cancellationToken);
            return;
        }

        // Assume: the pod counts on its node from now on, before the API server hears about it.
        var assumed = Clone(pod);
        assumed.Spec.NodeName = host;
        var assumedInfo = new PodInfo(assumed);
        _cache.AssumePod(assumedInfo);

        var reserve = fw.RunReservePluginsReserve(state, assumed, host);
        if (!reserve.IsSuccess)
        {
            fw.RunReservePluginsUnreserve(state, assumed, host);
            _cache.ForgetPod(assumedInfo.Uid);
            qpi.LastFailureWasError = reserve.Code == StatusCode.Error;
            qpi.UnschedulablePlugins = [reserve.Plugin ?? ""];
            await HandleSchedulingFailureAsync(fw, qpi, podSchedulingCycle, reserve.Message, "Unschedulable", null, cancellationToken);
            return;
        }
        var permit = fw.RunPermitPlugins(state, assumed, host);
        if (!permit.IsSuccess && permit.Code != StatusCode.Wait)
        {
            fw.RunReservePluginsUnreserve(state, assumed, host);
            _cache.ForgetPod(assumedInfo.Uid);
            qpi.LastFailureWasError = permit.Code == StatusCode.Error;
            qpi.UnschedulablePlugins = [permit.Plugin ?? ""];
            await HandleSchedulingFailureAsync(fw, qpi, podSchedulingCycle, permit.Message, "Unschedulable", null, cancellationToken);
            return;
        }
        Log.ScheduledPod(_logger, MetaNamespaceKey.For(pod), host, started.Elapsed.TotalMilliseconds);

        // Binding cycle: in the background, as upstream's goroutine; the scheduling loop goes on at once.
        _ = Task.Run(() => BindingCycleAsync(fw, state, qpi, assumed, assumedInfo, host, podSchedulingCycle, cancellationToken), CancellationToken.None);
    }

    private async Task BindingCycleAsync(FrameworkImpl fw, CycleState state, QueuedPodInfo qpi, V1Pod assumed, PodInfo assumedInfo, string host,
        long podSchedulingCycle, CancellationToken cancellationToken)
    {
        var key = MetaNamespaceKey.For(assumed);
        try
        {
            var status = await fw.WaitOnPermitAsync(assumed);
            if (status.IsSuccess) status = await fw.RunPreBindPluginsAsync(state, assumed, host, cancellationToken);
            if (status.IsSuccess) status = await fw.RunBindPluginsAsync(state, assumed, host, cancellationToken);
            if (!status.IsSuccess)
            {
                // A failed bind forgets the assumption, so the node's resources are free again, and retries the pod.
                fw.RunReservePluginsUnreserve(state, assumed, host);
                _cache.ForgetPod(assumedInfo.Uid);
                Log.BindingFailed(_logger, key, host, status.Message);
                qpi.LastFailureWasError = status.Code == StatusCode.Error;
                qpi.UnschedulablePlugins = status.IsRejected ? [status.Plugin ?? ""] : [];
                await HandleSchedulingFailureAsync(fw, qpi, podSchedulingCycle, status.Message, status.IsRejected ? "Unschedulable" : "SchedulerError", null, cancellationToken);
                return;
            }
            _cache.FinishBinding(assumedInfo.Uid);
            fw.RunPostBindPlugins(state, assumed, host);
            Log.Bound(_logger, key, host, qpi.Attempts);
            await fw.EventRecorder.EventAsync(assumed, EventType.Normal, "Scheduled", $"Successfully assigned {key} to {host}", cancellationToken);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
        }
    }

    /// <summary>
    /// Upstream schedulePod: PreFilter → Filter over (a share of) the nodes → if none fit, a FitError; if one fits,
    /// that node; else PreScore → Score → the highest total (ties broken at random).
    /// </summary>
    internal (string? Host, FitError? FitError, string? Error) SchedulePod(FrameworkImpl fw, CycleState state, V1Pod pod)
    {
        var nodes = _snapshot.NodeInfoList;
        if (nodes.Count == 0) return (null, null, "no nodes available to schedule pods");
        var (feasible, diagnosis, error) = FindNodesThatFitPod(fw, state, pod, nodes);
        if (error is not null) return (null, null, error);
        if (feasible.Count == 0) return (null, new FitError(pod, nodes.Count, diagnosis), null);
        if (feasible.Count == 1) return (feasible[0].Name, null, null);

        var preScore = fw.RunPreScorePlugins(state, pod, feasible);
        if (!preScore.IsSuccess) return (null, null, preScore.Message);
        var (totals, scoreStatus) = fw.RunScorePlugins(state, pod, feasible);
        if (!scoreStatus.IsSuccess) return (null, null, scoreStatus.Message);
        return (SelectHost(feasible, totals), null, null);
    }

    private (List<NodeInfo> Feasible, Diagnosis Diagnosis, string? Error) FindNodesThatFitPod(FrameworkImpl fw, CycleState state, V1Pod pod, List<NodeInfo> nodes)
    {
        var diagnosis = new Diagnosis();
        var preFilter = fw.RunPreFilterPlugins(state, pod, nodes);
        if (!preFilter.IsSuccess)
        {
            if (!preFilter.IsRejected) return ([], diagnosis, preFilter.Message);
            // Rejected for every node at once: the message is PreFilter's, every node shares the status.
            diagnosis.PreFilterMsg = preFilter.Message;
            diagnosis.NodeToStatus.AbsentNodesStatus = preFilter;
            if (preFilter.Plugin is { } plugin) diagnosis.UnschedulablePlugins.Add(plugin);
            return ([], diagnosis, null);
        }

        // A pod nominated by an earlier preemption tries that node first (upstream evaluateNominatedNode).
        if (pod.Status?.NominatedNodeName is { Length: > 0 } nominated && _snapshot.Get(nominated) is { } nominatedNode
            && fw.RunFilterPlugins(state, pod, nominatedNode).IsSuccess)
        {
            return ([nominatedNode], diagnosis, null);
        }

        // Upstream difference: real kube-scheduler runs Filter in parallel over 16 goroutines; we run it sequentially.
        var toFind = NumFeasibleNodesToFind(fw.PercentageOfNodesToScore ?? options.Configuration.PercentageOfNodesToScore ?? 0, nodes.Count);
        var feasible = new List<NodeInfo>(Math.Min(toFind, nodes.Count));
        var processed = 0;
        for (; processed < nodes.Count && feasible.Count < toFind; processed++)
        {
            // Start where the last cycle stopped, so every node gets its turn when only a share is checked.
            var node = nodes[(_nextStartNodeIndex + processed) % nodes.Count];
            var status = fw.RunFilterPlugins(state, pod, node);
            if (status.IsSuccess)
            {
                feasible.Add(node);
                continue;
            }
            if (status.Code == StatusCode.Error) return ([], diagnosis, status.Message);
            diagnosis.NodeToStatus.Set(node.Name, status);
            if (status.Plugin is { } plugin) diagnosis.UnschedulablePlugins.Add(plugin);
        }
        _nextStartNodeIndex = (_nextStartNodeIndex + processed) % nodes.Count;
        return (feasible, diagnosis, null);
    }

    /// <summary>
    /// Upstream numFeasibleNodesToFind: with fewer than 100 nodes, all; else percentageOfNodesToScore of them (0 =
    /// adaptive: 50% minus 1% per 125 nodes, at least 5%), but never fewer than 100.
    /// </summary>
    public static int NumFeasibleNodesToFind(int percentageOfNodesToScore, int numAllNodes)
    {
        if (numAllNodes < MinFeasibleNodesToFind) return numAllNodes;
        var percentage = percentageOfNodesToScore;
        if (percentage == 0)
        {
            percentage = 50 - numAllNodes / 125;
            if (percentage < MinFeasibleNodesPercentageToFind) percentage = MinFeasibleNodesPercentageToFind;
        }
        if (percentage >= 100) return numAllNodes;
        var numNodes = (int)((long)numAllNodes * percentage / 100);
        return Math.Max(numNodes, MinFeasibleNodesToFind);
    }

    /// <summary>The node with the highest total; among equal totals each is equally likely (reservoir sampling, as upstream).</summary>
    internal static string SelectHost(IReadOnlyList<NodeInfo> nodes, long[] totals)
    {
        var best = 0;
        var ties = 1;
        for (var i = 1; i < nodes.Count; i++)
        {
            if (totals[i] > totals[best])
            {
                best = i;
                ties = 1;
            }
            else if (totals[i] == totals[best] && Random.Shared.Next(++ties) == 0)
            {
                best = i;
            }
        }
        return nodes[best].Name;
    }

    /// <summary>
    /// Upstream handleSchedulingFailure: requeue the pod (unschedulable or backoff), then tell the user: a Warning
    /// FailedScheduling Event and the PodScheduled=False condition with the same message, and nominatedNodeName
    /// when preemption chose a node.
    /// </summary>
    private async Task HandleSchedulingFailureAsync(FrameworkImpl fw, QueuedPodInfo qpi, long podSchedulingCycle, string message, string reason,
        string? nominatedNodeName, CancellationToken cancellationToken)
    {
        var pod = qpi.Pod;
        var key = MetaNamespaceKey.For(pod);
        Log.UnableToSchedule(_logger, key, message);
        // Only if it is still pending and ours (it may have been deleted or bound meanwhile).
        if (_pods.Indexer.Get(pod.Metadata.NamespaceProperty, pod.Metadata.Name) is not { } latest || latest.Metadata.Uid != pod.Metadata.Uid || IsAssigned(latest)) return;
        _queue.AddUnschedulableIfNotPresent(qpi, podSchedulingCycle);
        await fw.EventRecorder.EventAsync(pod, EventType.Warning, "FailedScheduling", message, cancellationToken);
        await UpdatePodStatusAsync(latest, reason, message, nominatedNodeName, cancellationToken);
    }

    private async Task UpdatePodStatusAsync(V1Pod pod, string reason, string message, string? nominatedNodeName, CancellationToken cancellationToken)
    {
        var existing = pod.Status?.Conditions?.FirstOrDefault(c => c.Type == "PodScheduled");
        var sameCondition = existing is { Status: "False" } && existing.Reason == reason && existing.Message == message;
        var nominationChanges = nominatedNodeName is not null && pod.Status?.NominatedNodeName != nominatedNodeName;
        if (sameCondition && !nominationChanges) return; // nothing new to say: spare the API server a write
        var now = DateTime.UtcNow.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);
        var conditions = (pod.Status?.Conditions ?? []).Where(c => c.Type != "PodScheduled").Select(c => (object)c).Append(new
        {
            type = "PodScheduled",
            status = "False",
            reason,
            message,
            lastProbeTime = (string?)null,
            lastTransitionTime = existing is { Status: "False" } && existing.LastTransitionTime is { } t
                ? t.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture)
                : now,
        }).ToList();
        object status = nominatedNodeName is null
            ? new { status = new { conditions } }
            : new { status = new { conditions, nominatedNodeName } };
        try
        {
            var patch = new V1Patch(KubernetesJson.Serialize(status), V1Patch.PatchType.MergePatch);
            await _client.CoreV1.PatchNamespacedPodStatusAsync(patch, pod.Metadata.Name, pod.Metadata.NamespaceProperty, cancellationToken: cancellationToken);
        }
        catch (Exception ex) when (ex is k8s.Autorest.HttpOperationException or HttpRequestException)
        {
            Log.StatusUpdateFailed(_logger, MetaNamespaceKey.For(pod), ex.Message);
        }
    }

    private static V1Pod Clone(V1Pod pod) => KubernetesJson.Deserialize<V1Pod>(KubernetesJson.Serialize(pod));
}
