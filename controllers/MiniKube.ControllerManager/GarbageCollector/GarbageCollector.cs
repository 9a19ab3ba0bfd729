using System.Text.Json.Nodes;
using k8s;
using k8s.Models;
using Microsoft.Extensions.Logging;
using MiniKube.ApiMachinery.Client;
using MiniKube.ApiMachinery.Controllers;
using MiniKube.ApiMachinery.Errors;

namespace MiniKube.ControllerManager.GarbageCollector;

/// <summary>
/// The garbage collector: deletes objects whose owners are all gone (a ReplicaSet's Pods after the ReplicaSet),
/// and carries out the propagation policy a deletion asked for:
/// <list type="bullet">
/// <item>Background (the default): the owner goes at once; its dependents are deleted afterwards, here.</item>
/// <item>Foreground: the owner stays, with a deletionTimestamp and the foregroundDeletion finalizer, until its
/// dependents are deleted (it waits for those whose ownerReference says blockOwnerDeletion); then the finalizer
/// is removed and the owner goes.</item>
/// <item>Orphan: the orphan finalizer makes the collector remove the ownerReferences to the owner from its
/// dependents, which stay; then the finalizer is removed.</item>
/// </list>
/// The graph of owners and dependents comes from informers (<see cref="GraphBuilder"/>); before deleting anything
/// the collector checks with a live GET by uid that the owner is really gone, because a cache can lag.
/// Concept: https://kubernetes.io/docs/concepts/architecture/garbage-collection/
/// Upstream difference: upstream watches every resource discovery lists that supports list, watch and delete
/// (custom resources too), through metadata-only informers; we watch a fixed list of built-in types that carry
/// ownerReferences in practice, those of them the server serves.
/// </summary>
public sealed partial class GarbageCollector : Controller
{
    public const string ControllerName = "garbage-collector-controller";
    public const string AttemptToDelete = "attemptToDelete";
    public const string AttemptToOrphan = "attemptToOrphan";

    private const int AbsentOwnerCacheSize = 500;

    private readonly ControllerContext _context;
    private readonly DiscoveryClient _discovery;
    private readonly MetadataClient _metadata;
    private readonly GraphBuilder _graph;
    private readonly ILogger _logger;
    private readonly List<Task> _monitorsSynced = [];
    private RestMapper _restMapper = new([]);
    // Owners a live GET found missing, by uid (upstream: absentOwnerCache), so each is asked about only once.
    private readonly Lock _absentLock = new();
    private readonly Queue<string> _absentOrder = new();
    private readonly HashSet<string> _absentOwners = new(StringComparer.Ordinal);

    public GarbageCollector(ControllerContext context)
        : base(ControllerName, context.LoggerFactory.CreateLogger<GarbageCollector>())
    {
        _context = context;
        _logger = context.LoggerFactory.CreateLogger<GarbageCollector>();
        _discovery = new DiscoveryClient(context.Client);
        _metadata = new MetadataClient(context.Client);
        _graph = new GraphBuilder(_logger) { Enqueue = (uid, what) => Queue.Add($"{what}/{uid}") };
    }

    /// <summary>
    /// Discovers what the server serves, starts a monitor (informer) for each watched type it has, and waits for
    /// their first lists (upstream: the collector's resyncMonitors + WaitForCacheSync).
    /// </summary>
    protected override async Task WaitForCacheSyncAsync(CancellationToken cancellationToken)
    {
        for (var attempt = 1; ; attempt++)
        {
            var (resources, failed) = await TryDiscoverAsync(cancellationToken);
            if (resources is not null)
            {
                _restMapper = new RestMapper(resources);
                if (failed.Count > 0) Log.DiscoveryPartial(_logger, string.Join(", ", failed));
                break;
            }
            await Task.Delay(TimeSpan.FromSeconds(Math.Min(attempt, 10)), cancellationToken);
        }
        var watched = new List<string>();
        void Watch<T>(string group, string plural) where T : class, IKubernetesObject<V1ObjectMeta>
        {
            if (!_restMapper.Has(group, plural)) return; // e.g. controllerrevisions on a server without them
            var informer = _context.Informers.InformerFor<T>();
            _graph.Monitor(informer);
            _monitorsSynced.Add(informer.WaitForCacheSyncAsync(cancellationToken));
            watched.Add(group.Length == 0 ? plural : $"{plural}.{group}");
        }
        Watch<V1Pod>("", "pods");
        Watch<V1ReplicationController>("", "replicationcontrollers");
        Watch<V1PersistentVolumeClaim>("", "persistentvolumeclaims");
        Watch<V1ConfigMap>("", "configmaps");
        Watch<V1Secret>("", "secrets");
        Watch<V1Service>("", "services");
        Watch<V1Endpoints>("", "endpoints");
        Watch<V1ServiceAccount>("", "serviceaccounts");
        Watch<V1ReplicaSet>("apps", "replicasets");
        Watch<V1Deployment>("apps", "deployments");
        Watch<V1StatefulSet>("apps", "statefulsets");
        Watch<V1DaemonSet>("apps", "daemonsets");
        Watch<V1ControllerRevision>("apps", "controllerrevisions");
        Watch<V1Job>("batch", "jobs");
        // Informers asked for only now (after the manager started the others) start here; the rest are running.
        _context.Informers.Start(cancellationToken);
        await Task.WhenAll(_monitorsSynced);
        Log.Monitoring(_logger, string.Join(", ", watched));
    }

    private async Task<(IReadOnlyList<ApiResource>? Resources, IReadOnlyList<string> Failed)> TryDiscoverAsync(CancellationToken cancellationToken)
    {
        try { return await _discovery.ServerPreferredResourcesAsync(cancellationToken); }
        catch (Exception ex) when (ex is ApiStatusException or HttpRequestException)
        {
            Log.DiscoveryFailed(_logger, ex);
            return (null, []);
        }
    }

    /// <summary>The graph builder's loop runs beside the workers.</summary>
    protected override Task RunBackgroundAsync(CancellationToken cancellationToken) => _graph.RunAsync(cancellationToken);

    protected override Task SyncAsync(string key, CancellationToken cancellationToken)
    {
        var slash = key.IndexOf('/', StringComparison.Ordinal);
        var (what, uid) = (key[..slash], key[(slash + 1)..]);
        var node = _graph.Get(uid);
        if (node is null) return Task.CompletedTask; // left the graph meanwhile: nothing to do
        return what == AttemptToOrphan ? AttemptToOrphanAsync(node, cancellationToken) : AttemptToDeleteItemAsync(node, cancellationToken);
    }

    /// <summary>
    /// Upstream attemptToDeleteItem: decide whether one object must go, from the live state of its owners.
    /// </summary>
    private async Task AttemptToDeleteItemAsync(GraphNode item, CancellationToken cancellationToken)
    {
        GraphNode[] dependents;
        bool beingDeleted, deletingDependents;
        lock (_graph.GraphLock) (dependents, beingDeleted, deletingDependents) = ([.. item.Dependents], item.BeingDeleted, item.DeletingDependents);
        // Someone else is deleting it (and it is not waiting on us for its dependents): nothing to do.
        if (beingDeleted && !deletingDependents) return;

        var resource = _restMapper.Map(item.Identity.ApiVersion, item.Identity.Kind);
        var latest = await _metadata.GetAsync(resource, item.Identity.Namespace, item.Identity.Name, cancellationToken);
        if (latest is null || latest.Metadata.Uid != item.Identity.Uid)
        {
            // Gone (or replaced by a namesake): tell the graph, whose dependents then get checked.
            _graph.EnqueueVirtualDelete(item.Identity);
            return;
        }
        if (deletingDependents)
        {
            await ProcessDeletingDependentsItemAsync(item, cancellationToken);
            return;
        }
        var ownerReferences = latest.Metadata.OwnerReferences ?? [];
        if (ownerReferences.Count == 0) return; // no owners: nothing to collect (an owner we checked and found alive)

        var (solid, dangling, waiting) = await ClassifyReferencesAsync(item, ownerReferences, cancellationToken);
        if (solid.Count > 0)
        {
            if (dangling.Count == 0 && waiting.Count == 0) return;
            // Still owned by someone alive: only drop the references to owners that are gone or being deleted in the
            // foreground, so this object is not deleted with them.
            var dropped = dangling.Concat(waiting).Select(o => o.Uid).ToHashSet(StringComparer.Ordinal);
            await PatchOwnerReferencesAsync(resource, latest, [.. ownerReferences.Where(o => !dropped.Contains(o.Uid))], cancellationToken);
            Log.RemovedOwnerReferences(_logger, item.Identity.ToString(), dropped.Count);
            return;
        }
        string policy;
        if (waiting.Count > 0 && dependents.Length > 0)
        {
            // An owner is being deleted in the foreground and this object has dependents of its own: delete it in
            // the foreground too, so the whole tree goes bottom-up.
            policy = "Foreground";
        }
        else
        {
            var finalizers = latest.Metadata.Finalizers ?? [];
            policy = finalizers.Contains(GraphBuilder.OrphanFinalizer) ? "Orphan"
                : finalizers.Contains(GraphBuilder.ForegroundFinalizer) ? "Foreground" : "Background";
        }
        Log.Deleting(_logger, item.Identity.ToString(), string.Join(", ", ownerReferences.Select(o => $"{o.Kind} {o.Name}")), policy);
        await _metadata.DeleteAsync(resource, item.Identity.Namespace, item.Identity.Name,
            new V1DeleteOptions { PropagationPolicy = policy, Preconditions = new V1Preconditions { Uid = item.Identity.Uid } }, cancellationToken);
    }

    /// <summary>
    /// Sorts an object's owners (upstream: classifyReferences) by asking the API server, never the cache: solid
    /// (alive), dangling (gone, or a new object with the same name), waiting (alive but being deleted in the
    /// foreground, i.e. waiting for this very dependent to go).
    /// </summary>
    private async Task<(List<V1OwnerReference> Solid, List<V1OwnerReference> Dangling, List<V1OwnerReference> Waiting)> ClassifyReferencesAsync(
        GraphNode item, IList<V1OwnerReference> owners, CancellationToken cancellationToken)
    {
        List<V1OwnerReference> solid = [], dangling = [], waiting = [];
        foreach (var owner in owners)
        {
            if (IsAbsent(owner.Uid))
            {
                dangling.Add(owner);
                continue;
            }
            var resource = _restMapper.Map(owner.ApiVersion, owner.Kind);
            var live = await _metadata.GetAsync(resource, resource.Namespaced ? item.Identity.Namespace : null, owner.Name, cancellationToken);
            if (live is null || live.Metadata.Uid != owner.Uid)
            {
                MarkAbsent(owner.Uid);
                dangling.Add(owner);
            }
            else if (live.Metadata.DeletionTimestamp is not null && live.Metadata.Finalizers?.Contains(GraphBuilder.ForegroundFinalizer) == true)
            {
                waiting.Add(owner);
            }
            else
            {
                solid.Add(owner);
            }
        }
        return (solid, dangling, waiting);
    }

    /// <summary>
    /// An owner in foreground deletion (upstream: processDeletingDependentsItem): once no dependent blocks it any
    /// more, remove its foregroundDeletion finalizer so the API server deletes it; until then make sure the
    /// blocking dependents are being deleted.
    /// </summary>
    private async Task ProcessDeletingDependentsItemAsync(GraphNode item, CancellationToken cancellationToken)
    {
        GraphNode[] blocking;
        lock (_graph.GraphLock) blocking = [.. item.BlockingDependents];
        if (blocking.Length == 0)
        {
            await RemoveFinalizerAsync(item, GraphBuilder.ForegroundFinalizer, cancellationToken);
            return;
        }
        Log.WaitingForDependents(_logger, item.Identity.ToString(), blocking.Length);
        foreach (var dependent in blocking)
        {
            bool deletingItsOwn;
            lock (_graph.GraphLock) deletingItsOwn = dependent.DeletingDependents;
            if (!deletingItsOwn) Queue.Add($"{AttemptToDelete}/{dependent.Identity.Uid}");
        }
    }

    /// <summary>
    /// Orphan propagation (upstream: attemptToOrphanWorker): remove the ownerReferences to the owner from every
    /// dependent, then the orphan finalizer from the owner.
    /// </summary>
    private async Task AttemptToOrphanAsync(GraphNode owner, CancellationToken cancellationToken)
    {
        GraphNode[] dependents;
        lock (_graph.GraphLock) dependents = [.. owner.Dependents];
        foreach (var dependent in dependents)
        {
            var resource = _restMapper.Map(dependent.Identity.ApiVersion, dependent.Identity.Kind);
            var latest = await _metadata.GetAsync(resource, dependent.Identity.Namespace, dependent.Identity.Name, cancellationToken);
            if (latest is null || latest.Metadata.Uid != dependent.Identity.Uid) continue;
            var references = latest.Metadata.OwnerReferences ?? [];
            if (references.All(r => r.Uid != owner.Identity.Uid)) continue;
            await PatchOwnerReferencesAsync(resource, latest, [.. references.Where(r => r.Uid != owner.Identity.Uid)], cancellationToken);
            Log.Orphaned(_logger, dependent.Identity.ToString(), owner.Identity.ToString());
        }
        await RemoveFinalizerAsync(owner, GraphBuilder.OrphanFinalizer, cancellationToken);
    }

    private async Task RemoveFinalizerAsync(GraphNode item, string finalizer, CancellationToken cancellationToken)
    {
        var resource = _restMapper.Map(item.Identity.ApiVersion, item.Identity.Kind);
        var latest = await _metadata.GetAsync(resource, item.Identity.Namespace, item.Identity.Name, cancellationToken);
        if (latest is null || latest.Metadata.Uid != item.Identity.Uid) return;
        var finalizers = latest.Metadata.Finalizers ?? [];
        if (!finalizers.Contains(finalizer)) return;
        // Conditional on the resourceVersion read: if someone changed the finalizers meanwhile, the 409 requeues us.
        var patch = new JsonObject
        {
            ["metadata"] = new JsonObject
            {
                ["resourceVersion"] = latest.Metadata.ResourceVersion,
                ["finalizers"] = new JsonArray([.. finalizers.Where(f => f != finalizer).Select(f => JsonValue.Create(f))]),
            },
        };
        try
        {
            await _metadata.PatchAsync(resource, item.Identity.Namespace, item.Identity.Name, patch.ToJsonString(), cancellationToken);
        }
        catch (ApiStatusException ex) when (ApiErrors.IsNotFound(ex))
        {
            return;
        }
        Log.RemovedFinalizer(_logger, finalizer, item.Identity.ToString());
    }

    private async Task PatchOwnerReferencesAsync(ApiResource resource, PartialObjectMetadata latest, List<V1OwnerReference> keep, CancellationToken cancellationToken)
    {
        var patch = new JsonObject
        {
            ["metadata"] = new JsonObject
            {
                ["resourceVersion"] = latest.Metadata.ResourceVersion,
                ["ownerReferences"] = JsonNode.Parse(KubernetesJson.Serialize(keep)),
            },
        };
        try
        {
            await _metadata.PatchAsync(resource, latest.Metadata.NamespaceProperty, latest.Metadata.Name, patch.ToJsonString(), cancellationToken);
        }
        catch (ApiStatusException ex) when (ApiErrors.IsNotFound(ex))
        {
            // Deleted meanwhile: no references left to fix.
        }
    }

    private bool IsAbsent(string uid)
    {
        lock (_absentLock) return _absentOwners.Contains(uid);
    }

    private void MarkAbsent(string uid)
    {
        lock (_absentLock)
        {
            if (!_absentOwners.Add(uid)) return;
            _absentOrder.Enqueue(uid);
            if (_absentOrder.Count > AbsentOwnerCacheSize) _absentOwners.Remove(_absentOrder.Dequeue());
        }
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = 2721, Level = LogLevel.Information, Message = "Garbage collector monitoring {Resources}")]
        public static partial void Monitoring(ILogger logger, string resources);

        [LoggerMessage(EventId = 2722, Level = LogLevel.Warning, Message = "Discovery failed; the garbage collector retries before it starts")]
        public static partial void DiscoveryFailed(ILogger logger, Exception exception);

        [LoggerMessage(EventId = 2723, Level = LogLevel.Warning, Message = "Discovery failed for some groups: {Groups}")]
        public static partial void DiscoveryPartial(ILogger logger, string groups);

        [LoggerMessage(EventId = 2724, Level = LogLevel.Information, Message = "Deleting {Object}: its owners ({Owners}) are gone or being deleted; propagationPolicy={Policy}")]
        public static partial void Deleting(ILogger logger, string @object, string owners, string policy);

        [LoggerMessage(EventId = 2725, Level = LogLevel.Information, Message = "Removed {Count} ownerReferences to absent or deleting owners from {Object}")]
        public static partial void RemovedOwnerReferences(ILogger logger, string @object, int count);

        [LoggerMessage(EventId = 2726, Level = LogLevel.Information, Message = "{Object} waits for {Count} blocking dependents to be deleted")]
        public static partial void WaitingForDependents(ILogger logger, string @object, int count);

        [LoggerMessage(EventId = 2727, Level = LogLevel.Information, Message = "Removed finalizer {Finalizer} from {Object}")]
        public static partial void RemovedFinalizer(ILogger logger, string finalizer, string @object);

        [LoggerMessage(EventId = 2728, Level = LogLevel.Information, Message = "Orphaned {Object}: removed its ownerReference to {Owner}")]
        public static partial void Orphaned(ILogger logger, string @object, string owner);
    }
}
