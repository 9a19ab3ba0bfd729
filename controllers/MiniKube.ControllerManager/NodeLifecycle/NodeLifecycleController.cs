using System.Collections.Concurrent;
using k8s;
using k8s.Models;
using Microsoft.Extensions.Logging;
using MiniKube.ApiMachinery.Client;
using MiniKube.ApiMachinery.Controllers;
using MiniKube.ApiMachinery.Errors;
using MiniKube.ControllerManager.Pods;

namespace MiniKube.ControllerManager.NodeLifecycle;

/// <summary>
/// The node lifecycle controller: watches node heartbeats (the kubelet renews its Lease in kube-node-lease every
/// 10s and posts its status now and then). Every <c>--node-monitor-period</c> it checks each Node; one that has not
/// been heard from for <c>--node-monitor-grace-period</c> (<c>--node-startup-grace-period</c> for a node that never
/// reported) gets all its conditions set to Unknown ("Kubelet stopped posting node status."), a NodeNotReady Event,
/// and its pods marked not Ready, so Services stop sending them traffic. Each node's taints then follow its Ready
/// condition: Unknown → <c>node.kubernetes.io/unreachable</c>, False → <c>node.kubernetes.io/not-ready</c>, each as
/// NoSchedule (the scheduler keeps new pods away) and NoExecute (the taint-eviction controller evicts running pods
/// that do not tolerate it). When the kubelet reports Ready again, the taints go.
/// Concept: https://kubernetes.io/docs/concepts/architecture/nodes/#node-controller
/// Upstream difference: NoExecute taints are applied at once, not through per-zone rate-limited queues (no
/// --node-eviction-rate, --unhealthy-zone-threshold, no "full disruption" mode).
/// </summary>
public sealed partial class NodeLifecycleController : Controller
{
    public const string ControllerName = "node-lifecycle-controller";
    public const string NodeLeaseNamespace = "kube-node-lease";

    private static readonly string[] MonitoredConditions = ["Ready", "MemoryPressure", "DiskPressure", "PIDPressure"];

    private readonly Kubernetes _client;
    private readonly Informer<V1Node> _nodes;
    private readonly Informer<V1Lease> _leases;
    private readonly Informer<V1Pod> _pods;
    private readonly EventRecorder _recorder;
    private readonly ControllerManagerOptions _options;
    private readonly ILogger _logger;
    // What we last saw of each node's heartbeat (upstream: nodeHealthMap), read and written by the monitor loop.
    private readonly ConcurrentDictionary<string, NodeHealthData> _nodeHealth = new(StringComparer.Ordinal);
    // Nodes whose pods could not all be marked not ready yet.
    private readonly ConcurrentDictionary<string, bool> _markPodsRetry = new(StringComparer.Ordinal);

    public NodeLifecycleController(ControllerContext context)
        : base(ControllerName, context.LoggerFactory.CreateLogger<NodeLifecycleController>())
    {
        _client = context.Client;
        _options = context.Options;
        _logger = context.LoggerFactory.CreateLogger<NodeLifecycleController>();
        _recorder = context.CreateEventRecorder("node-controller");
        _nodes = context.Informers.InformerFor<V1Node>();
        _leases = context.Informers.InformerFor<V1Lease>();
        _pods = context.Informers.InformerFor<V1Pod>();
        // The work queue holds node names whose taints must be made to match their conditions.
        _nodes.AddEventHandler(new ResourceEventHandler<V1Node>
        {
            OnAdd = n => Queue.Add(n.Metadata.Name),
            OnUpdate = (_, n) => Queue.Add(n.Metadata.Name),
            OnDelete = n => _nodeHealth.TryRemove(n.Metadata.Name, out _),
        });
    }

    protected override Task WaitForCacheSyncAsync(CancellationToken cancellationToken) => Task.WhenAll(
        _nodes.WaitForCacheSyncAsync(cancellationToken), _leases.WaitForCacheSyncAsync(cancellationToken), _pods.WaitForCacheSyncAsync(cancellationToken));

    /// <summary>Upstream: <c>go wait.Until(monitorNodeHealth, nodeMonitorPeriod)</c>.</summary>
    protected override async Task RunBackgroundAsync(CancellationToken cancellationToken)
    {
        using var timer = new PeriodicTimer(_options.NodeMonitorPeriod);
        do
        {
            foreach (var node in _nodes.Indexer.List())
            {
                try { await MonitorNodeHealthAsync(node, cancellationToken); }
                catch (Exception ex) when (ex is not OperationCanceledException)
                {
                    // One node failing must not stop the others; the next period tries again.
                    Log.MonitorFailed(_logger, node.Metadata.Name, ex);
                }
            }
        }
        while (await timer.WaitForNextTickAsync(cancellationToken));
    }

    private async Task MonitorNodeHealthAsync(V1Node cached, CancellationToken cancellationToken)
    {
        var node = ObjectCopy.DeepCopy(cached); // never modify the cache's copy
        var (observedReady, currentReady) = await TryUpdateNodeHealthAsync(node, cancellationToken);
        // Report once, when we are the ones who took the node out of Ready.
        var name = node.Metadata.Name;
        var becameNotReady = observedReady?.Status == "True" && currentReady?.Status != "True";
        if (becameNotReady)
        {
            Log.NodeNotReady(_logger, name, currentReady?.Status ?? "Unknown");
            await _recorder.EventAsync(node, EventType.Normal, "NodeNotReady", $"Node {name} status is now: NodeNotReady", cancellationToken);
        }
        // Upstream's needsRetry: if marking the pods failed last time, try again while the node is still not Ready.
        if (becameNotReady || (_markPodsRetry.ContainsKey(name) && currentReady?.Status != "True"))
        {
            _markPodsRetry[name] = true;
            await MarkPodsNotReadyAsync(name, cancellationToken);
            _markPodsRetry.TryRemove(name, out _);
        }
    }

    /// <summary>
    /// Upstream tryUpdateNodeHealth: the node was last heard from when its Ready condition's heartbeat changed or
    /// its Lease was renewed, whichever is later. Past the grace period every monitored condition becomes Unknown.
    /// Returns the Ready condition as the node reported it and as it is now.
    /// </summary>
    private async Task<(V1NodeCondition? Observed, V1NodeCondition? Current)> TryUpdateNodeHealthAsync(V1Node node, CancellationToken cancellationToken)
    {
        var now = DateTime.UtcNow;
        var name = node.Metadata.Name;
        var ready = Condition(node, "Ready");
        var observed = ready is null ? null : Copy(ready);
        // A node that never reported gets the (longer) startup grace period, counted from its creation.
        var gracePeriod = ready is null ? _options.NodeStartupGracePeriod : _options.NodeMonitorGracePeriod;
        var lease = _leases.Indexer.Get(NodeLeaseNamespace, name);
        var leaseRenew = lease?.Spec?.RenewTime;

        var health = _nodeHealth.AddOrUpdate(name,
            _ => new NodeHealthData(ready is null ? node.Metadata.CreationTimestamp ?? now : now, ready?.LastHeartbeatTime, leaseRenew),
            (_, saved) =>
            {
                var probe = saved.ProbeTimestamp;
                if (ready?.LastHeartbeatTime != saved.Heartbeat) probe = now;   // the kubelet posted status
                if (leaseRenew is { } renew && (saved.LeaseRenewTime is null || saved.LeaseRenewTime < renew)) probe = now; // lease renewed
                return new NodeHealthData(probe, ready?.LastHeartbeatTime, leaseRenew ?? saved.LeaseRenewTime);
            });

        if (now <= health.ProbeTimestamp + gracePeriod) return (observed, ready);

        var conditions = node.Status?.Conditions?.ToList() ?? [];
        foreach (var type in MonitoredConditions)
        {
            var condition = conditions.FirstOrDefault(c => c.Type == type);
            if (condition is null)
            {
                conditions.Add(new V1NodeCondition
                {
                    Type = type, Status = "Unknown", Reason = "NodeStatusNeverUpdated", Message = "Kubelet never posted node status.",
                    LastHeartbeatTime = node.Metadata.CreationTimestamp, LastTransitionTime = now,
                });
            }
            else if (condition.Status != "Unknown")
            {
                condition.Status = "Unknown";
                condition.Reason = "NodeStatusUnknown";
                condition.Message = "Kubelet stopped posting node status.";
                condition.LastTransitionTime = now;
            }
        }
        var current = conditions.First(c => c.Type == "Ready");
        if (observed is not null && observed.Status == current.Status && observed.Reason == current.Reason) return (observed, current);
        node.Status ??= new V1NodeStatus();
        node.Status.Conditions = conditions;
        await _client.CoreV1.ReplaceNodeStatusAsync(node, name, cancellationToken: cancellationToken);
        Log.NodeStatusUnknown(_logger, name, (now - health.ProbeTimestamp).TotalSeconds);
        return (observed, current);
    }

    /// <summary>Upstream MarkPodsNotReady: the pods on a node nobody hears from can no longer be trusted to serve.</summary>
    private async Task MarkPodsNotReadyAsync(string nodeName, CancellationToken cancellationToken)
    {
        var failed = 0;
        foreach (var cached in _pods.Indexer.ByIndex(Indexers.NodeName, nodeName))
        {
            if (cached.Status?.Conditions?.FirstOrDefault(c => c.Type == "Ready") is not { Status: not "False" }) continue;
            var pod = ObjectCopy.DeepCopy(cached);
            var condition = pod.Status.Conditions.First(c => c.Type == "Ready");
            condition.Status = "False";
            condition.LastTransitionTime = DateTime.UtcNow;
            try
            {
                await _client.CoreV1.ReplaceNamespacedPodStatusAsync(pod, pod.Metadata.Name, pod.Metadata.NamespaceProperty, cancellationToken: cancellationToken);
            }
            catch (Exception ex) when (ApiErrors.IsNotFound(ex))
            {
                continue; // deleted meanwhile
            }
            catch (Exception ex) when (ApiErrors.IsConflict(ex))
            {
                // Changed meanwhile (e.g. being evicted); the other pods still get marked, this one next period.
                failed++;
                continue;
            }
            Log.PodNotReady(_logger, MetaNamespaceKey.For(pod), nodeName);
            // After the update, so the Event is about a pod that still exists.
            await _recorder.EventAsync(pod, EventType.Warning, "NodeNotReady", "Node is not ready", cancellationToken);
        }
        if (failed > 0) throw new InvalidOperationException($"could not mark {failed} pods on node {nodeName} not ready (they changed meanwhile); retrying next period");
    }

    /// <summary>
    /// Makes the node's taints match its conditions (upstream: doNodeProcessingPass for NoSchedule and
    /// doNoExecuteTaintingPass for NoExecute), keeping every taint this controller does not own.
    /// </summary>
    protected override async Task SyncAsync(string key, CancellationToken cancellationToken)
    {
        var cached = _nodes.Indexer.Get(null, key);
        if (cached is null) return;
        var wanted = WantedTaints(cached);
        var existing = cached.Spec?.Taints ?? [];
        var ours = existing.Where(t => NodeTaints.Managed.Contains(t.Key)).ToList();
        if (ours.Count == wanted.Count && wanted.All(w => ours.Any(o => o.Key == w.Key && o.Effect == w.Effect))) return;

        var node = ObjectCopy.DeepCopy(cached);
        var now = DateTime.UtcNow;
        var taints = existing.Where(t => !NodeTaints.Managed.Contains(t.Key)).ToList();
        foreach (var (taintKey, effect) in wanted)
        {
            // Keep timeAdded of a taint already there: the taint-eviction controller's clocks do not restart.
            taints.Add(ours.FirstOrDefault(o => o.Key == taintKey && o.Effect == effect) ?? new V1Taint { Key = taintKey, Effect = effect, TimeAdded = now });
        }
        node.Spec ??= new V1NodeSpec();
        node.Spec.Taints = taints;
        // A stale resourceVersion is a 409: the key comes back and is computed again from the newer node.
        await _client.CoreV1.ReplaceNodeAsync(node, key, cancellationToken: cancellationToken);
        Log.TaintsUpdated(_logger, key, string.Join(",", wanted.Select(w => $"{w.Key}:{w.Effect}")));
    }

    private static List<(string Key, string Effect)> WantedTaints(V1Node node)
    {
        var wanted = new List<(string Key, string Effect)>();
        switch (Condition(node, "Ready")?.Status)
        {
            case "False":
                wanted.Add((NodeTaints.NotReady, NodeTaints.NoSchedule));
                wanted.Add((NodeTaints.NotReady, NodeTaints.NoExecute));
                break;
            case "Unknown":
                wanted.Add((NodeTaints.Unreachable, NodeTaints.NoSchedule));
                wanted.Add((NodeTaints.Unreachable, NodeTaints.NoExecute));
                break;
        }
        if (Condition(node, "MemoryPressure")?.Status == "True") wanted.Add((NodeTaints.MemoryPressure, NodeTaints.NoSchedule));
        if (Condition(node, "DiskPressure")?.Status == "True") wanted.Add((NodeTaints.DiskPressure, NodeTaints.NoSchedule));
        if (Condition(node, "PIDPressure")?.Status == "True") wanted.Add((NodeTaints.PidPressure, NodeTaints.NoSchedule));
        if (Condition(node, "NetworkUnavailable")?.Status == "True") wanted.Add((NodeTaints.NetworkUnavailable, NodeTaints.NoSchedule));
        if (node.Spec?.Unschedulable == true) wanted.Add((NodeTaints.Unschedulable, NodeTaints.NoSchedule));
        return wanted;
    }

    private static V1NodeCondition? Condition(V1Node node, string type) => node.Status?.Conditions?.FirstOrDefault(c => c.Type == type);

    private static V1NodeCondition Copy(V1NodeCondition c) => new()
    {
        Type = c.Type, Status = c.Status, Reason = c.Reason, Message = c.Message, LastHeartbeatTime = c.LastHeartbeatTime, LastTransitionTime = c.LastTransitionTime,
    };

    /// <summary>When we last heard from a node, and the heartbeat and lease renewal we last saw.</summary>
    private sealed record NodeHealthData(DateTime ProbeTimestamp, DateTime? Heartbeat, DateTime? LeaseRenewTime);

    private static partial class Log
    {
        [LoggerMessage(EventId = 2751, Level = LogLevel.Information, Message = "Node {Node} has not been heard from for {Seconds:0.#}s; its conditions are now Unknown")]
        public static partial void NodeStatusUnknown(ILogger logger, string node, double seconds);

        [LoggerMessage(EventId = 2752, Level = LogLevel.Information, Message = "Node {Node} is not ready (Ready={Status}); marking its pods not ready")]
        public static partial void NodeNotReady(ILogger logger, string node, string status);

        [LoggerMessage(EventId = 2753, Level = LogLevel.Information, Message = "Marked pod {Pod} on node {Node} not ready")]
        public static partial void PodNotReady(ILogger logger, string pod, string node);

        [LoggerMessage(EventId = 2754, Level = LogLevel.Information, Message = "Node {Node} controller taints are now [{Taints}]")]
        public static partial void TaintsUpdated(ILogger logger, string node, string taints);

        [LoggerMessage(EventId = 2755, Level = LogLevel.Warning, Message = "Checking the health of node {Node} failed; trying again next period")]
        public static partial void MonitorFailed(ILogger logger, string node, Exception exception);
    }
}
