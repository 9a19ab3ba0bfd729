using k8s;
using k8s.Models;
using Microsoft.Extensions.Logging;
using MiniKube.ApiMachinery.Client;
using MiniKube.ApiMachinery.LeaderElection;
using MiniKube.Scheduler.Cache;
using MiniKube.Scheduler.Config;
using MiniKube.Scheduler.Framework;
using MiniKube.Scheduler.Plugins;
using MiniKube.Scheduler.Queue;

namespace MiniKube.Scheduler;

/// <summary>
/// minikube-scheduler, like kube-scheduler: informers keep the cache (nodes, bound pods) and the queue (pending pods
/// of our profiles) up to date; one loop pops a pod, runs the scheduling cycle on a snapshot, assumes the pod on
/// the chosen node and starts its binding cycle in the background; then pops the next. With <c>--leader-elect</c>
/// (the default) only the holder of the kube-system/kube-scheduler Lease schedules.
/// Concept: https://kubernetes.io/docs/concepts/scheduling-eviction/kube-scheduler/
/// </summary>
public sealed partial class Scheduler(SchedulerOptions options, ILoggerFactory loggerFactory)
{
    private readonly ILogger _logger = loggerFactory.CreateLogger<Scheduler>();
    private readonly Dictionary<string, FrameworkImpl> _profiles = new(StringComparer.Ordinal);
    private readonly Snapshot _snapshot = new();
    private SchedulerCache _cache = null!;
    private SchedulingQueue _queue = null!;
    private Kubernetes _client = null!;
    private Informer<V1Pod> _pods = null!;
    private int _nextStartNodeIndex;

    /// <summary>Builds the profiles; every configuration problem is returned (the caller prints them and exits 1).</summary>
    public static List<string> Validate(KubeSchedulerConfiguration configuration, Kubernetes? client, ILoggerFactory loggerFactory,
        out Dictionary<string, FrameworkImpl> profiles)
    {
        var problems = ConfigLoader.Validate(configuration);
        profiles = new Dictionary<string, FrameworkImpl>(StringComparer.Ordinal);
        var registry = InTreeRegistry.Create();
        using var placeholder = client is null ? new Kubernetes(new KubernetesClientConfiguration { Host = "http://127.0.0.1:1" }) : null;
        foreach (var profile in configuration.Profiles!)
        {
            var c = client ?? placeholder!;
            var recorder = new EventRecorder(c, profile.SchedulerName!);
            profiles[profile.SchedulerName!] = FrameworkImpl.Create(registry, profile, c, recorder, loggerFactory, problems);
        }
        // Upstream requires every profile to use the same QueueSort plugin: there is one queue.
        if (profiles.Values.Where(p => p.QueueSort is not null).Select(p => p.QueueSort.Name).Distinct().Count() > 1)
        {
            problems.Add("profiles: all profiles must use the same queueSort plugin");
        }
        return problems;
    }

    public async Task<int> RunAsync(CancellationToken cancellationToken)
    {
        using var client = Kubeconfig.CreateClient(options.Kubeconfig, "minikube-scheduler");
        _client = client;
        var problems = Validate(options.Configuration, client, loggerFactory, out var profiles);
        if (problems.Count > 0)
        {
            foreach (var problem in problems) Log.InvalidConfiguration(_logger, problem);
            return 1;
        }
        foreach (var (name, profile) in profiles)
        {
            _profiles[name] = profile;
            profile.EventRecorder.WriteError += ex => Log.EventWriteFailed(_logger, ex.Message);
        }
        if (!options.LeaderElect)
        {
            await RunSchedulerAsync(cancellationToken);
            return 0;
        }
        var identity = $"{Environment.MachineName}_{Guid.NewGuid()}";
        var elector = new LeaderElector(new LeaderElectionConfig
        {
            Lock = new LeaseLock(client, options.LeaseNamespace, options.LeaseName, identity),
            LeaseDuration = options.LeaseDuration,
            RenewDeadline = options.RenewDeadline,
            RetryPeriod = options.RetryPeriod,
            OnStartedLeading = leading =>
            {
                Log.StartedLeading(_logger, identity);
                return RunSchedulerAsync(leading);
            },
            OnNewLeader = leader => Log.NewLeader(_logger, leader),
        });
        Log.Campaigning(_logger, options.LeaseNamespace, options.LeaseName, identity);
        await elector.RunAsync(cancellationToken);
        if (cancellationToken.IsCancellationRequested) return 0;
        // Upstream exits when it loses the lease: a fresh process starts with an empty cache and campaigns again.
        Log.LeaderElectionLost(_logger, identity);
        return 1;
    }

    private async Task RunSchedulerAsync(CancellationToken cancellationToken)
    {
        var first = _profiles.Values.First();
        var events = _profiles.Values.SelectMany(p => p.EventsToRegister()).GroupBy(e => e.Key)
            .ToDictionary(g => g.Key, g => (IReadOnlyList<ClusterEvent>)g.SelectMany(e => e.Value).ToList(), StringComparer.Ordinal);
        _cache = new SchedulerCache(options.AssumedPodTtl);
        using var queue = new SchedulingQueue(first.QueueSort.Less, plugin => events.GetValueOrDefault(plugin) ?? [],
            TimeSpan.FromSeconds(options.Configuration.PodInitialBackoffSeconds!.Value), TimeSpan.FromSeconds(options.Configuration.PodMaxBackoffSeconds!.Value));
        _queue = queue;

        var nodes = new Informer<V1Node>(_client);
        nodes.AddEventHandler(new ResourceEventHandler<V1Node> { OnAdd = OnNodeAdd, OnUpdate = OnNodeUpdate, OnDelete = OnNodeDelete });
        _pods = new Informer<V1Pod>(_client);
        _pods.AddEventHandler(new ResourceEventHandler<V1Pod> { OnAdd = OnPodAdd, OnUpdate = OnPodUpdate, OnDelete = OnPodDelete });
        nodes.WatchError += ex => Log.WatchFailed(_logger, "nodes", ex.Message);
        _pods.WatchError += ex => Log.WatchFailed(_logger, "pods", ex.Message);
        var informers = Task.WhenAll(Task.Run(() => nodes.RunAsync(cancellationToken), CancellationToken.None), Task.Run(() => _pods.RunAsync(cancellationToken), CancellationToken.None));
        await Task.WhenAll(nodes.WaitForCacheSyncAsync(cancellationToken), _pods.WaitForCacheSyncAsync(cancellationToken));
        Log.Started(_logger, string.Join(",", _profiles.Keys), _cache.NodeCount);

        var housekeeping = RunHousekeepingAsync(cancellationToken);
        try
        {
            while (!cancellationToken.IsCancellationRequested) await ScheduleOneAsync(cancellationToken);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
        }
        await housekeeping;
        try { await informers; } catch (OperationCanceledException) { }
    }

    // The queue's timers (upstream runs these as goroutines next to the scheduling loop) and the cache's TTL sweep.
    private async Task RunHousekeepingAsync(CancellationToken cancellationToken)
    {
        using var timer = new PeriodicTimer(TimeSpan.FromSeconds(1));
        var ticks = 0;
        try
        {
            while (await timer.WaitForNextTickAsync(cancellationToken))
            {
                _queue.FlushBackoffQCompleted();
                if (++ticks % 30 != 0) continue;
                _queue.FlushUnschedulablePodsLeftover();
                foreach (var uid in _cache.CleanupExpiredAssumedPods()) Log.AssumedPodExpired(_logger, uid);
            }
        }
        catch (OperationCanceledException)
        {
        }
    }

    private bool ResponsibleForPod(V1Pod pod) => _profiles.ContainsKey(pod.Spec.SchedulerName ?? ConfigDefaults.DefaultSchedulerName);

    private static bool IsAssigned(V1Pod pod) => !string.IsNullOrEmpty(pod.Spec.NodeName);

    private static bool IsTerminal(V1Pod pod) => pod.Status?.Phase is "Succeeded" or "Failed";

    private void OnNodeAdd(V1Node node)
    {
        _cache.AddOrUpdateNode(node);
        _queue.MoveAllToActiveOrBackoffQueue(ClusterEvent.NodeAdd);
    }

    private void OnNodeUpdate(V1Node old, V1Node node)
    {
        _cache.AddOrUpdateNode(node);
        // Only changes that could make a pod fit wake pods up (upstream nodeSchedulingPropertiesChange).
        var action = ActionType.None;
        if (!Equal(old.Status?.Allocatable, node.Status?.Allocatable)) action |= ActionType.UpdateNodeAllocatable;
        if (!Equal(old.Metadata.Labels, node.Metadata.Labels)) action |= ActionType.UpdateNodeLabel;
        if (KubernetesJson.Serialize(old.Spec?.Taints) != KubernetesJson.Serialize(node.Spec?.Taints) || old.Spec?.Unschedulable != node.Spec?.Unschedulable)
        {
            action |= ActionType.UpdateNodeTaint;
        }
        if (action != ActionType.None) _queue.MoveAllToActiveOrBackoffQueue(new ClusterEvent(EventResource.Node, action));
    }

    private static bool Equal<TValue>(IDictionary<string, TValue>? a, IDictionary<string, TValue>? b) =>
        (a?.Count ?? 0) == (b?.Count ?? 0) && (a is null || a.All(kv => b!.TryGetValue(kv.Key, out var v) && Equals(v?.ToString(), kv.Value?.ToString())));

    private void OnNodeDelete(V1Node node) => _cache.RemoveNode(node.Metadata.Name);

    private void OnPodAdd(V1Pod pod)
    {
        if (IsAssigned(pod))
        {
            if (IsTerminal(pod)) return;
            _cache.AddPod(pod);
            _queue.MoveAllToActiveOrBackoffQueue(new ClusterEvent(EventResource.AssignedPod, ActionType.Add));
        }
        else if (ResponsibleForPod(pod) && !IsTerminal(pod) && pod.Metadata.DeletionTimestamp is null)
        {
            _queue.Add(pod);
        }
        // Pods for another schedulerName are left alone: that scheduler places them.
    }

    private void OnPodUpdate(V1Pod old, V1Pod pod)
    {
        if (IsAssigned(pod))
        {
            if (!IsAssigned(old)) _queue.Delete(pod); // bound (by us or someone else): no longer pending
            if (IsTerminal(pod))
            {
                // A finished pod no longer uses the node's resources (upstream removes it from the cache).
                _cache.RemovePod(pod);
                _queue.MoveAllToActiveOrBackoffQueue(ClusterEvent.AssignedPodDelete);
                return;
            }
            _cache.UpdatePod(pod);
            if (!Equal(old.Metadata.Labels, pod.Metadata.Labels)) _queue.MoveAllToActiveOrBackoffQueue(new ClusterEvent(EventResource.AssignedPod, ActionType.UpdatePodLabel));
        }
        else if (ResponsibleForPod(pod))
        {
            // Our own status writes (PodScheduled=False, nominatedNodeName) come back as updates too: only spec and
            // label changes are worth a retry.
            if (KubernetesJson.Serialize(old.Spec) != KubernetesJson.Serialize(pod.Spec) || !Equal(old.Metadata.Labels, pod.Metadata.Labels)) _queue.Update(pod);
        }
    }

    private void OnPodDelete(V1Pod pod)
    {
        if (IsAssigned(pod))
        {
            _cache.RemovePod(pod);
            _queue.MoveAllToActiveOrBackoffQueue(ClusterEvent.AssignedPodDelete);
        }
        else
        {
            _queue.Delete(pod);
        }
    }
}
