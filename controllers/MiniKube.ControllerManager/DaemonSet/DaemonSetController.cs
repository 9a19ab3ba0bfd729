using System.Globalization;
using k8s;
using k8s.Models;
using Microsoft.Extensions.Logging;
using MiniKube.ApiMachinery.Client;
using MiniKube.ApiMachinery.Controllers;
using MiniKube.ApiMachinery.Labels;
using MiniKube.ControllerManager.History;
using MiniKube.ControllerManager.Pods;

namespace MiniKube.ControllerManager.DaemonSet;

/// <summary>
/// The DaemonSet controller: one Pod on every node that qualifies (see <see cref="DaemonSetPredicates"/>). It
/// follows the nodes: a new or relabelled node that now qualifies gets a Pod, and the Pod goes when its node stops
/// qualifying or is deleted. As upstream, it does not bind the Pods itself: each Pod gets a required node affinity
/// "metadata.name In [node]" and the default scheduler places it, so scheduling rules (resources, ports) apply to
/// daemons too. A template change rolls out node by node, at most maxUnavailable nodes without a ready Pod at once.
/// Concept: https://kubernetes.io/docs/concepts/workloads/controllers/daemonset/
/// </summary>
public sealed partial class DaemonSetController : Controller
{
    public const string ControllerName = "daemonset-controller";

    /// <summary>The DaemonSet generation a Pod was made from (upstream: the deprecated <c>pod-template-generation</c> label, still set).</summary>
    public const string PodTemplateGenerationLabel = "pod-template-generation";

    private const string ApiVersion = "apps/v1";
    private const string Kind = "DaemonSet";

    private readonly IKubernetes _client;
    private readonly ILogger _logger;
    private readonly EventRecorder _recorder;
    private readonly PodControl _podControl;
    private readonly ControllerHistory _history;
    private readonly ControllerExpectations _expectations = new();
    private readonly Informer<V1DaemonSet> _daemonSets;
    private readonly Informer<V1Pod> _pods;
    private readonly Informer<V1Node> _nodes;
    private readonly Informer<V1ControllerRevision> _revisions;

    public DaemonSetController(ControllerContext context)
        : base(ControllerName, context.LoggerFactory.CreateLogger<DaemonSetController>())
    {
        _client = context.Client;
        _logger = context.LoggerFactory.CreateLogger<DaemonSetController>();
        _recorder = context.CreateEventRecorder(ControllerName);
        _podControl = new PodControl(context.Client, _recorder);
        _history = new ControllerHistory(context.Client);
        _daemonSets = context.Informers.InformerFor<V1DaemonSet>();
        _pods = context.Informers.InformerFor<V1Pod>();
        _nodes = context.Informers.InformerFor<V1Node>();
        _revisions = context.Informers.InformerFor<V1ControllerRevision>();

        _daemonSets.AddEventHandler(new ResourceEventHandler<V1DaemonSet>
        {
            OnAdd = ds => Queue.Add(MetaNamespaceKey.For(ds)),
            OnUpdate = (_, ds) => Queue.Add(MetaNamespaceKey.For(ds)),
            OnDelete = ds =>
            {
                _expectations.DeleteExpectations(MetaNamespaceKey.For(ds));
                Queue.Add(MetaNamespaceKey.For(ds));
            },
        });
        _pods.AddEventHandler(new ResourceEventHandler<V1Pod> { OnAdd = AddPod, OnUpdate = (_, pod) => UpdatePod(pod), OnDelete = DeletePod });
        // Any node change that can change where daemons belong is a reason to look at every DaemonSet again.
        _nodes.AddEventHandler(new ResourceEventHandler<V1Node>
        {
            OnAdd = _ => EnqueueAll(),
            OnUpdate = (old, node) => { if (NodeChangedForDaemons(old, node)) EnqueueAll(); },
            OnDelete = _ => EnqueueAll(),
        });
    }

    protected override async Task WaitForCacheSyncAsync(CancellationToken cancellationToken) =>
        await Task.WhenAll(_daemonSets.WaitForCacheSyncAsync(cancellationToken), _pods.WaitForCacheSyncAsync(cancellationToken),
            _nodes.WaitForCacheSyncAsync(cancellationToken), _revisions.WaitForCacheSyncAsync(cancellationToken));

    private void AddPod(V1Pod pod)
    {
        if (pod.Metadata.DeletionTimestamp is not null)
        {
            // After a restart a pod may first appear already being deleted: count it as a deletion, not a creation.
            DeletePod(pod);
            return;
        }
        if (OwnerKey(pod) is not { } key) return;
        _expectations.CreationObserved(key);
        Queue.Add(key);
    }

    private void UpdatePod(V1Pod pod)
    {
        // A graceful deletion shows up first as an update with deletionTimestamp: count the deletion now, so the
        // node gets its replacement without waiting out the grace period.
        if (pod.Metadata.DeletionTimestamp is not null) DeletePod(pod);
        else if (OwnerKey(pod) is { } key) Queue.Add(key);
    }

    private void DeletePod(V1Pod pod)
    {
        if (OwnerKey(pod) is not { } key) return;
        _expectations.DeletionObserved(key, MetaNamespaceKey.For(pod));
        Queue.Add(key);
    }

    private static string? OwnerKey(V1Pod pod) =>
        ControllerRef.Of(pod) is { Kind: Kind } owner ? MetaNamespaceKey.For(pod.Metadata.NamespaceProperty, owner.Name) : null;

    private void EnqueueAll()
    {
        foreach (var key in _daemonSets.Indexer.ListKeys()) Queue.Add(key);
    }

    // Heartbeats and status reports change a node all the time; only labels, taints and existence decide where
    // daemon Pods belong (upstream: shouldIgnoreNodeUpdate).
    private static bool NodeChangedForDaemons(V1Node old, V1Node node) =>
        KubernetesJson.Serialize(old.Metadata.Labels ?? new Dictionary<string, string>()) != KubernetesJson.Serialize(node.Metadata.Labels ?? new Dictionary<string, string>())
        || KubernetesJson.Serialize(old.Spec?.Taints ?? []) != KubernetesJson.Serialize(node.Spec?.Taints ?? []);

    /// <summary>
    /// One pass over a DaemonSet (upstream: <c>syncDaemonSet</c>): find the revision for the current template;
    /// unless earlier creations and deletions are still on their way to the cache, create the missing daemon Pods
    /// and delete the ones that must go (<c>manage</c>), then roll out the template (<c>rollingUpdate</c>); always
    /// write .status.
    /// </summary>
    protected override async Task SyncAsync(string key, CancellationToken cancellationToken)
    {
        if (_daemonSets.Indexer.GetByKey(key) is not { } ds || ds.Metadata.DeletionTimestamp is not null) return;
        var revisions = _revisions.Indexer.ByIndex(Indexers.Owner, ds.Metadata.Uid);
        var current = await _history.GetOrCreateUpdateRevisionAsync(ds, ApiVersion, Kind, ds.Spec.Template, revisions, ds.Status?.CollisionCount, cancellationToken);
        var hash = current.Metadata.Labels[ControllerHistory.ControllerRevisionHashLabel];

        if (_expectations.SatisfiedExpectations(key))
        {
            await ManageAsync(key, ds, hash, cancellationToken);
            // Roll out only once manage's own creations and deletions have come back: the rollout counts pods.
            if (ds.Spec.UpdateStrategy?.Type != "OnDelete" && _expectations.SatisfiedExpectations(key)) await RollingUpdateAsync(key, ds, hash, cancellationToken);
            var live = new HashSet<string>(NodeToDaemonPods(ds).Values.SelectMany(p => p)
                .Select(p => $"{ds.Metadata.Name}-{HashOf(p)}"))
            {
                current.Metadata.Name,
            };
            await _history.TruncateHistoryAsync(_revisions.Indexer.ByIndex(Indexers.Owner, ds.Metadata.Uid), live, ds.Spec.RevisionHistoryLimit ?? 10, cancellationToken);
        }
        await UpdateDaemonSetStatusAsync(ds, hash, cancellationToken);
    }

    /// <summary>The DaemonSet's Pods by the node they are for (upstream: <c>getNodesToDaemonPods</c>).</summary>
    private Dictionary<string, List<V1Pod>> NodeToDaemonPods(V1DaemonSet ds)
    {
        var selector = LabelSelector.FromV1(ds.Spec.Selector);
        var result = new Dictionary<string, List<V1Pod>>();
        foreach (var pod in _pods.Indexer.ByIndex(Indexers.Owner, ds.Metadata.Uid))
        {
            if (!selector.Matches(pod.Metadata.Labels) || DaemonSetPredicates.TargetNodeName(pod) is not { } node) continue;
            if (!result.TryGetValue(node, out var list)) result[node] = list = [];
            list.Add(pod);
        }
        return result;
    }

    // The template's Pod spec as it would run on a node: with the daemon tolerations, for the predicates.
    private static V1PodSpec DaemonPodSpec(V1DaemonSet ds)
    {
        var spec = ObjectCopy.DeepCopy(ds.Spec.Template.Spec);
        spec.Tolerations = DaemonSetPredicates.AddOrUpdateDaemonPodTolerations(spec.Tolerations, spec.HostNetwork == true);
        return spec;
    }

    private async Task ManageAsync(string key, V1DaemonSet ds, string hash, CancellationToken cancellationToken)
    {
        var nodeToPods = NodeToDaemonPods(ds);
        var spec = DaemonPodSpec(ds);
        var nodesNeedingPods = new List<string>();
        var podsToDelete = new List<V1Pod>();
        var nodes = _nodes.Indexer.List();
        foreach (var node in nodes)
        {
            var (shouldRun, shouldContinueRunning) = DaemonSetPredicates.NodeShouldRunDaemonPod(node, spec);
            var pods = nodeToPods.GetValueOrDefault(node.Metadata.Name) ?? [];
            if (shouldRun && pods.Count == 0)
            {
                nodesNeedingPods.Add(node.Metadata.Name);
            }
            else if (shouldContinueRunning)
            {
                var alive = new List<V1Pod>();
                foreach (var pod in pods.Where(p => !PodConditions.IsTerminating(p)))
                {
                    if (pod.Status?.Phase == "Failed")
                    {
                        // A failed daemon Pod is replaced: deleted now, created again by a later pass.
                        await _recorder.EventAsync(ds, EventType.Warning, "FailedDaemonPod",
                            $"Found failed daemon pod {pod.Metadata.NamespaceProperty}/{pod.Metadata.Name} on node {node.Metadata.Name}, will try to kill it", cancellationToken);
                        podsToDelete.Add(pod);
                    }
                    else
                    {
                        alive.Add(pod);
                    }
                }
                // More than one daemon Pod on a node: keep the oldest, which is most likely the one serving.
                podsToDelete.AddRange(alive.OrderBy(p => p.Metadata.CreationTimestamp).Skip(1));
            }
            else
            {
                podsToDelete.AddRange(pods.Where(p => !PodConditions.IsTerminating(p)));
            }
        }
        // Pods for nodes that no longer exist.
        // Upstream difference: upstream deletes only the unscheduled ones here and leaves bound Pods of a deleted
        // node to the pod garbage collector (PodGC), which MiniKube does not have.
        var nodeNames = nodes.Select(n => n.Metadata.Name).ToHashSet();
        podsToDelete.AddRange(nodeToPods.Where(p => !nodeNames.Contains(p.Key)).SelectMany(p => p.Value).Where(p => !PodConditions.IsTerminating(p)));

        if (nodesNeedingPods.Count > 0 || podsToDelete.Count > 0)
        {
            Log.Syncing(_logger, key, nodesNeedingPods.Count, podsToDelete.Count);
        }
        await SyncNodesAsync(key, ds, podsToDelete, nodesNeedingPods, hash, cancellationToken);
    }

    /// <summary>Creates a Pod for each node that needs one and deletes the given Pods (upstream: <c>syncNodes</c>).</summary>
    private async Task SyncNodesAsync(string key, V1DaemonSet ds, List<V1Pod> podsToDelete, List<string> nodesNeedingPods, string hash,
        CancellationToken cancellationToken)
    {
        // Both at once, before acting: the informer may report the first new pod before the create call returns,
        // and the sync must wait for the creations and the deletions alike.
        _expectations.SetExpectations(key, nodesNeedingPods.Count, [.. podsToDelete.Select(MetaNamespaceKey.For)]);
        // Upstream difference: upstream creates in batches of 1, 2, 4… ("slow start") so that a template the API
        // server rejects fails once rather than once per node; we create one at a time and stop at the first error.
        for (var i = 0; i < nodesNeedingPods.Count; i++)
        {
            try
            {
                await _podControl.CreatePodAsync(NewDaemonPod(ds, nodesNeedingPods[i], hash), ds, cancellationToken);
            }
            catch
            {
                // The creations that will not happen are not waited for, nor the deletions not yet asked for.
                for (var j = i; j < nodesNeedingPods.Count; j++) _expectations.CreationObserved(key);
                foreach (var pod in podsToDelete) _expectations.DeletionObserved(key, MetaNamespaceKey.For(pod));
                throw;
            }
        }
        for (var i = 0; i < podsToDelete.Count; i++)
        {
            var pod = podsToDelete[i];
            Log.DeletingPod(_logger, key, pod.Metadata.Name, DaemonSetPredicates.TargetNodeName(pod) ?? "");
            try
            {
                // Already gone: its deletion may have been reported before we expected it.
                if (!await _podControl.DeletePodAsync(pod.Metadata.NamespaceProperty, pod.Metadata.Name, ds, cancellationToken))
                    _expectations.DeletionObserved(key, MetaNamespaceKey.For(pod));
            }
            catch
            {
                // This deletion and the ones after it will not show up in the informer.
                foreach (var rest in podsToDelete.Skip(i)) _expectations.DeletionObserved(key, MetaNamespaceKey.For(rest));
                throw;
            }
        }
    }

    /// <summary>
    /// The daemon Pod for one node: the template with the daemon tolerations, the revision labels, and a required
    /// node affinity to that node, left for the scheduler to bind.
    /// </summary>
    internal static V1Pod NewDaemonPod(V1DaemonSet ds, string nodeName, string hash)
    {
        var pod = PodControl.GetPodFromTemplate(ds.Spec.Template, ds, ControllerRef.New(ds, ApiVersion, Kind));
        pod.Metadata.Labels[ControllerHistory.PodRevisionLabel] = hash;
        pod.Metadata.Labels[PodTemplateGenerationLabel] = (ds.Metadata.Generation ?? 1).ToString(CultureInfo.InvariantCulture);
        pod.Spec.Tolerations = DaemonSetPredicates.AddOrUpdateDaemonPodTolerations(pod.Spec.Tolerations, pod.Spec.HostNetwork == true);
        pod.Spec.Affinity = DaemonSetPredicates.ReplaceDaemonSetPodNodeNameNodeAffinity(pod.Spec.Affinity, nodeName);
        return pod;
    }

    /// <summary>
    /// Replaces Pods of older templates (upstream: <c>rollingUpdate</c> with maxSurge 0): an old Pod that is not
    /// available goes at once (it serves nothing); an available one only while fewer than maxUnavailable nodes are
    /// without an available daemon. The next pass creates the new Pods on the emptied nodes.
    /// </summary>
    private async Task RollingUpdateAsync(string key, V1DaemonSet ds, string hash, CancellationToken cancellationToken)
    {
        var nodeToPods = NodeToDaemonPods(ds);
        var spec = DaemonPodSpec(ds);
        var now = DateTime.UtcNow;
        var minReadySeconds = ds.Spec.MinReadySeconds ?? 0;
        var desired = _nodes.Indexer.List().Where(n => DaemonSetPredicates.NodeShouldRunDaemonPod(n, spec).ShouldRun).Select(n => n.Metadata.Name).ToList();
        var maxUnavailable = MaxUnavailable(ds, desired.Count);
        var unavailable = 0;
        var oldAvailable = new List<V1Pod>();
        var toDelete = new List<V1Pod>();
        foreach (var node in desired)
        {
            var pods = (nodeToPods.GetValueOrDefault(node) ?? []).Where(p => !PodConditions.IsTerminating(p)).ToList();
            var available = pods.FirstOrDefault(p => PodConditions.IsPodAvailable(p, minReadySeconds, now));
            if (available is null) unavailable++;
            foreach (var old in pods.Where(p => HashOf(p) != hash))
            {
                if (PodConditions.IsPodAvailable(old, minReadySeconds, now)) oldAvailable.Add(old);
                else toDelete.Add(old);
            }
        }
        foreach (var old in oldAvailable)
        {
            if (unavailable >= maxUnavailable) break;
            toDelete.Add(old);
            unavailable++;
        }
        if (toDelete.Count == 0) return;
        Log.RollingUpdate(_logger, key, toDelete.Count, maxUnavailable);
        await SyncNodesAsync(key, ds, toDelete, [], hash, cancellationToken);
    }

    private static string? HashOf(V1Pod pod) =>
        pod.Metadata.Labels is { } labels && labels.TryGetValue(ControllerHistory.PodRevisionLabel, out var hash) ? hash : null;

    // maxUnavailable as a number of nodes: an int, or a percentage of the desired nodes rounded up (at least 1).
    private static int MaxUnavailable(V1DaemonSet ds, int desired)
    {
        var value = ds.Spec.UpdateStrategy?.RollingUpdate?.MaxUnavailable?.Value;
        if (value is null) return 1;
        if (value.EndsWith('%') && int.TryParse(value.AsSpan(0, value.Length - 1), NumberStyles.Integer, CultureInfo.InvariantCulture, out var percent))
        {
            return Math.Max(1, (int)Math.Ceiling(desired * percent / 100.0));
        }
        return int.TryParse(value, NumberStyles.Integer, CultureInfo.InvariantCulture, out var count) ? Math.Max(1, count) : 1;
    }

    private async Task UpdateDaemonSetStatusAsync(V1DaemonSet ds, string hash, CancellationToken cancellationToken)
    {
        var nodeToPods = NodeToDaemonPods(ds);
        var spec = DaemonPodSpec(ds);
        var now = DateTime.UtcNow;
        int desired = 0, current = 0, misscheduled = 0, ready = 0, available = 0, updated = 0;
        foreach (var node in _nodes.Indexer.List())
        {
            var shouldRun = DaemonSetPredicates.NodeShouldRunDaemonPod(node, spec).ShouldRun;
            var pods = nodeToPods.GetValueOrDefault(node.Metadata.Name) ?? [];
            if (shouldRun)
            {
                desired++;
                if (pods.Count == 0) continue;
                current++;
                var oldest = pods.OrderBy(p => p.Metadata.CreationTimestamp).First();
                if (PodConditions.IsPodReady(oldest))
                {
                    ready++;
                    if (PodConditions.IsPodAvailable(oldest, ds.Spec.MinReadySeconds ?? 0, now)) available++;
                }
                if (pods.Any(p => HashOf(p) == hash)) updated++;
            }
            else if (pods.Count > 0)
            {
                misscheduled++;
            }
        }
        var status = new V1DaemonSetStatus
        {
            ObservedGeneration = ds.Metadata.Generation,
            DesiredNumberScheduled = desired,
            CurrentNumberScheduled = current,
            NumberMisscheduled = misscheduled,
            NumberReady = ready,
            NumberAvailable = available,
            NumberUnavailable = desired - available,
            UpdatedNumberScheduled = updated,
            CollisionCount = ds.Status?.CollisionCount,
            Conditions = ds.Status?.Conditions,
        };
        if (ds.Status is not null && KubernetesJson.Serialize(status) == KubernetesJson.Serialize(ds.Status)) return;
        var copy = ObjectCopy.DeepCopy(ds);
        copy.Status = status;
        await _client.AppsV1.ReplaceNamespacedDaemonSetStatusAsync(copy, ds.Metadata.Name, ds.Metadata.NamespaceProperty, cancellationToken: cancellationToken);
        // Availability needs minReadySeconds to pass; nothing else would bring us back when it has.
        if (ds.Spec.MinReadySeconds is > 0 and var wait && ready != available) Queue.AddAfter(MetaNamespaceKey.For(ds), TimeSpan.FromSeconds(wait));
    }
}
