using System.Collections.Concurrent;
using k8s;
using k8s.Models;
using Microsoft.Extensions.Logging;
using MiniKube.ApiMachinery.Client;
using MiniKube.ApiMachinery.Controllers;
using MiniKube.ApiMachinery.Errors;

namespace MiniKube.ControllerManager.NodeLifecycle;

/// <summary>
/// The taint-eviction controller (formerly the node lifecycle controller's "taint manager"): a Pod bound to a Node
/// with a NoExecute taint it does not tolerate is deleted at once; one that tolerates every such taint for a limited
/// time (<c>tolerationSeconds</c>, 300 by default from the DefaultTolerationSeconds admission plugin) is deleted
/// when the shortest of those times runs out, unless the taint goes first. A toleration without tolerationSeconds
/// tolerates forever.
/// Concept: https://kubernetes.io/docs/concepts/scheduling-eviction/taint-and-toleration/#taint-based-evictions
/// Upstream difference: the timers are the work queue's delayed adds (AddAfter) rather than a separate timed
/// worker queue; the outcome is the same.
/// </summary>
public sealed partial class TaintEvictionController : Controller
{
    public const string ControllerName = "taint-eviction-controller";

    private readonly Kubernetes _client;
    private readonly Informer<V1Node> _nodes;
    private readonly Informer<V1Pod> _pods;
    private readonly EventRecorder _recorder;
    private readonly ILogger _logger;
    // Pod key → when its eviction was scheduled and when it fires (upstream: the taintEvictionQueue's workers).
    private readonly ConcurrentDictionary<string, ScheduledEviction> _scheduled = new(StringComparer.Ordinal);

    public TaintEvictionController(ControllerContext context)
        : base(ControllerName, context.LoggerFactory.CreateLogger<TaintEvictionController>())
    {
        _client = context.Client;
        _logger = context.LoggerFactory.CreateLogger<TaintEvictionController>();
        _recorder = context.CreateEventRecorder(ControllerName);
        _nodes = context.Informers.InformerFor<V1Node>();
        _pods = context.Informers.InformerFor<V1Pod>();
        // Keys are pods: "must this pod go, and when?"
        _pods.AddEventHandler(new ResourceEventHandler<V1Pod>
        {
            OnAdd = EnqueueIfBound,
            OnUpdate = (_, p) => EnqueueIfBound(p),
            OnDelete = p => Queue.Add(MetaNamespaceKey.For(p)),
        });
        _nodes.AddEventHandler(new ResourceEventHandler<V1Node>
        {
            OnAdd = EnqueuePodsOn,
            OnUpdate = (old, node) =>
            {
                // Only a change of NoExecute taints changes anything for the node's pods.
                if (NoExecuteSignature(old) != NoExecuteSignature(node)) EnqueuePodsOn(node);
            },
            OnDelete = EnqueuePodsOn,
        });
    }

    protected override Task WaitForCacheSyncAsync(CancellationToken cancellationToken) =>
        Task.WhenAll(_nodes.WaitForCacheSyncAsync(cancellationToken), _pods.WaitForCacheSyncAsync(cancellationToken));

    private void EnqueueIfBound(V1Pod pod)
    {
        if (!string.IsNullOrEmpty(pod.Spec?.NodeName)) Queue.Add(MetaNamespaceKey.For(pod));
    }

    private void EnqueuePodsOn(V1Node node)
    {
        foreach (var pod in _pods.Indexer.ByIndex(Indexers.NodeName, node.Metadata.Name)) Queue.Add(MetaNamespaceKey.For(pod));
    }

    protected override async Task SyncAsync(string key, CancellationToken cancellationToken)
    {
        var pod = _pods.Indexer.GetByKey(key);
        if (pod is null || pod.Metadata.DeletionTimestamp is not null)
        {
            _scheduled.TryRemove(key, out _); // gone or already going: nothing to evict
            return;
        }
        var node = string.IsNullOrEmpty(pod.Spec?.NodeName) ? null : _nodes.Indexer.Get(null, pod.Spec.NodeName);
        var taints = node?.Spec?.Taints?.Where(t => t.Effect == NodeTaints.NoExecute).ToList() ?? [];
        if (taints.Count == 0)
        {
            await CancelAsync(pod, cancellationToken);
            return;
        }

        var tolerations = pod.Spec!.Tolerations ?? [];
        var used = new List<V1Toleration>();
        foreach (var taint in taints)
        {
            var toleration = tolerations.FirstOrDefault(t => NodeTaints.Tolerates(t, taint));
            if (toleration is null)
            {
                // A NoExecute taint the pod does not tolerate at all: it goes now.
                Log.NotTolerated(_logger, key, taint.Key, node!.Metadata.Name);
                await EvictAsync(pod, cancellationToken);
                return;
            }
            used.Add(toleration);
        }
        if (MinTolerationTime(used) is not { } tolerationTime)
        {
            await CancelAsync(pod, cancellationToken); // tolerates them all forever
            return;
        }
        var now = DateTime.UtcNow;
        // An eviction already scheduled keeps its start: later syncs (pod status updates) must not push it back.
        var scheduled = _scheduled.GetOrAdd(key, _ => new ScheduledEviction(now));
        var fireAt = scheduled.CreatedAt + tolerationTime;
        if (now >= fireAt)
        {
            await EvictAsync(pod, cancellationToken);
            return;
        }
        if (scheduled.CreatedAt == now) Log.Scheduled(_logger, key, tolerationTime.TotalSeconds);
        Queue.AddAfter(key, fireAt - now);
    }

    /// <summary>
    /// Upstream getMinTolerationTime: the shortest tolerationSeconds among the tolerations used (zero or negative
    /// means now); null when none of them is limited, i.e. the pod stays forever.
    /// </summary>
    private static TimeSpan? MinTolerationTime(List<V1Toleration> tolerations)
    {
        TimeSpan? min = null;
        foreach (var seconds in tolerations.Select(t => t.TolerationSeconds).OfType<long>())
        {
            var time = TimeSpan.FromSeconds(Math.Max(0, seconds));
            if (min is null || time < min) min = time;
        }
        return min;
    }

    private async Task EvictAsync(V1Pod pod, CancellationToken cancellationToken)
    {
        var key = MetaNamespaceKey.For(pod);
        _scheduled.TryRemove(key, out _);
        await _recorder.EventAsync(pod, EventType.Normal, "TaintManagerEviction", $"Marking for deletion Pod {key}", cancellationToken);
        try
        {
            await _client.CoreV1.DeleteNamespacedPodAsync(pod.Metadata.Name, pod.Metadata.NamespaceProperty, cancellationToken: cancellationToken);
        }
        catch (Exception ex) when (ApiErrors.IsNotFound(ex))
        {
            return;
        }
        Log.Evicted(_logger, key, pod.Spec?.NodeName ?? "");
    }

    private async Task CancelAsync(V1Pod pod, CancellationToken cancellationToken)
    {
        var key = MetaNamespaceKey.For(pod);
        if (!_scheduled.TryRemove(key, out _)) return;
        Log.Cancelled(_logger, key);
        await _recorder.EventAsync(pod, EventType.Normal, "TaintManagerEviction", $"Cancelling deletion of Pod {key}", cancellationToken);
    }

    private static string NoExecuteSignature(V1Node node) => string.Join(";",
        (node.Spec?.Taints ?? []).Where(t => t.Effect == NodeTaints.NoExecute).Select(t => $"{t.Key}={t.Value}").Order(StringComparer.Ordinal));

    private sealed record ScheduledEviction(DateTime CreatedAt);

    private static partial class Log
    {
        [LoggerMessage(EventId = 2771, Level = LogLevel.Information, Message = "Pod {Pod} does not tolerate NoExecute taint {Taint} of node {Node}")]
        public static partial void NotTolerated(ILogger logger, string pod, string taint, string node);

        [LoggerMessage(EventId = 2772, Level = LogLevel.Information, Message = "Pod {Pod} tolerates its node's NoExecute taints for {Seconds}s; eviction scheduled")]
        public static partial void Scheduled(ILogger logger, string pod, double seconds);

        [LoggerMessage(EventId = 2773, Level = LogLevel.Information, Message = "Evicted pod {Pod} from node {Node}")]
        public static partial void Evicted(ILogger logger, string pod, string node);

        [LoggerMessage(EventId = 2774, Level = LogLevel.Information, Message = "Cancelled the eviction of pod {Pod}: the NoExecute taints are gone or tolerated")]
        public static partial void Cancelled(ILogger logger, string pod);
    }
}
