using k8s;
using k8s.Models;
using Microsoft.Extensions.Logging;
using MiniKube.ApiMachinery.Client;
using MiniKube.ApiMachinery.Controllers;
using MiniKube.ApiMachinery.Labels;
using MiniKube.ControllerManager.Pods;

namespace MiniKube.ControllerManager.Deployment;

/// <summary>
/// The Deployment controller: turns a Deployment into ReplicaSets, one per pod template ("revision"). A new
/// template gets a new ReplicaSet named after the template's hash, which is scaled up while the old ones are scaled
/// down, within maxSurge and maxUnavailable (RollingUpdate), or after they are gone (Recreate). The ReplicaSet
/// controller does the pods. Old ReplicaSets are kept at zero for rollbacks, up to revisionHistoryLimit.
/// A sync: read the Deployment → claim its ReplicaSets → paused or scaled? only resize → otherwise roll out by
/// strategy → write status (replicas counts and the Progressing and Available conditions).
/// Concept: https://kubernetes.io/docs/concepts/workloads/controllers/deployment/
/// </summary>
public sealed partial class DeploymentController : Controller
{
    /// <summary>The Events' source component, as upstream.</summary>
    public const string ControllerName = "deployment-controller";

    private readonly Kubernetes _client;
    private readonly Informer<V1Deployment> _deployments;
    private readonly Informer<V1ReplicaSet> _replicaSets;
    private readonly Informer<V1Pod> _pods;
    private readonly EventRecorder _recorder;
    private readonly ILogger _logger;

    public DeploymentController(ControllerContext context) : this(context, context.LoggerFactory.CreateLogger<DeploymentController>())
    {
    }

    private DeploymentController(ControllerContext context, ILogger logger) : base(ControllerName, logger)
    {
        _logger = logger;
        _client = context.Client;
        _deployments = context.Informers.InformerFor<V1Deployment>();
        _replicaSets = context.Informers.InformerFor<V1ReplicaSet>();
        _pods = context.Informers.InformerFor<V1Pod>();
        _recorder = context.CreateEventRecorder(ControllerName);
        _recorder.WriteError += ex => Log.EventWriteFailed(_logger, ex);

        _deployments.AddEventHandler(new ResourceEventHandler<V1Deployment>
        {
            OnAdd = Enqueue,
            OnUpdate = (_, d) => Enqueue(d),
            OnDelete = Enqueue,
        });
        _replicaSets.AddEventHandler(new ResourceEventHandler<V1ReplicaSet> { OnAdd = AddReplicaSet, OnUpdate = UpdateReplicaSet, OnDelete = DeleteReplicaSet });
        // Only deletions matter: Recreate waits until every old pod is gone.
        _pods.AddEventHandler(new ResourceEventHandler<V1Pod> { OnDelete = DeletePod });
    }

    protected override Task WaitForCacheSyncAsync(CancellationToken cancellationToken) => Task.WhenAll(
        _deployments.WaitForCacheSyncAsync(cancellationToken), _replicaSets.WaitForCacheSyncAsync(cancellationToken), _pods.WaitForCacheSyncAsync(cancellationToken));

    private void Enqueue(V1Deployment d) => Queue.Add(MetaNamespaceKey.For(d));

    private V1Deployment? ResolveControllerRef(string? ns, V1OwnerReference? controllerRef)
    {
        if (controllerRef is not { Kind: "Deployment" } || !controllerRef.ApiVersion.StartsWith("apps/", StringComparison.Ordinal)) return null;
        var d = _deployments.Indexer.Get(ns, controllerRef.Name);
        return d?.Metadata.Uid == controllerRef.Uid ? d : null;
    }

    // Deployments whose selector matches an orphan ReplicaSet: candidates to adopt it.
    private IEnumerable<V1Deployment> DeploymentsSelecting(V1ReplicaSet rs) =>
        rs.Metadata.Labels is not { Count: > 0 } ? [] : _deployments.Indexer.ByIndex(Indexers.Namespace, rs.Metadata.NamespaceProperty)
            .Where(d => LabelSelector.FromV1(d.Spec?.Selector) is { IsEverything: false } s && s.Matches(rs.Metadata.Labels));

    private void AddReplicaSet(V1ReplicaSet rs)
    {
        if (rs.Metadata.DeletionTimestamp is not null)
        {
            DeleteReplicaSet(rs);
            return;
        }
        if (ControllerRef.Of(rs) is { } controllerRef)
        {
            if (ResolveControllerRef(rs.Metadata.NamespaceProperty, controllerRef) is { } d) Enqueue(d);
            return;
        }
        foreach (var d in DeploymentsSelecting(rs)) Enqueue(d);
    }

    private void UpdateReplicaSet(V1ReplicaSet old, V1ReplicaSet rs)
    {
        if (old.Metadata.ResourceVersion == rs.Metadata.ResourceVersion) return;
        var oldRef = ControllerRef.Of(old);
        var newRef = ControllerRef.Of(rs);
        var refChanged = oldRef?.Uid != newRef?.Uid;
        if (refChanged && ResolveControllerRef(old.Metadata.NamespaceProperty, oldRef) is { } oldOwner) Enqueue(oldOwner);
        if (newRef is not null)
        {
            // Status changes of our ReplicaSets (pods ready, available) are how a rollout moves on.
            if (ResolveControllerRef(rs.Metadata.NamespaceProperty, newRef) is { } d) Enqueue(d);
            return;
        }
        var labelsChanged = KubernetesJson.Serialize(old.Metadata.Labels) != KubernetesJson.Serialize(rs.Metadata.Labels);
        if (labelsChanged || refChanged)
        {
            foreach (var d in DeploymentsSelecting(rs)) Enqueue(d);
        }
    }

    private void DeleteReplicaSet(V1ReplicaSet rs)
    {
        if (ResolveControllerRef(rs.Metadata.NamespaceProperty, ControllerRef.Of(rs)) is { } d) Enqueue(d);
    }

    private void DeletePod(V1Pod pod)
    {
        if (ControllerRef.Of(pod) is not { Kind: "ReplicaSet" } podRef) return;
        var rs = _replicaSets.Indexer.Get(pod.Metadata.NamespaceProperty, podRef.Name);
        if (rs is null || rs.Metadata.Uid != podRef.Uid) return;
        if (ResolveControllerRef(rs.Metadata.NamespaceProperty, ControllerRef.Of(rs)) is { } d
            && d.Spec?.Strategy?.Type == "Recreate")
        {
            Enqueue(d);
        }
    }

    protected override async Task SyncAsync(string key, CancellationToken cancellationToken)
    {
        // Step 1: read from the cache; gone means deleted (its ReplicaSets are the garbage collector's).
        if (_deployments.Indexer.GetByKey(key) is not { } cached)
        {
            Log.DeploymentDeleted(_logger, key);
            return;
        }
        // Never change the cache's object: everything below works on a copy.
        var d = ObjectCopy.DeepCopy(cached);
        d.Status ??= new V1DeploymentStatus();

        var selector = LabelSelector.FromV1(d.Spec.Selector);
        if (selector.IsEverything)
        {
            // A Deployment selecting everything would adopt every pod in the namespace: refuse, as upstream does.
            await _recorder.EventAsync(d, EventType.Warning, "SelectingAll", "This deployment is selecting all pods. A non-empty selector is required.", cancellationToken);
            if (d.Status.ObservedGeneration != d.Metadata.Generation)
            {
                d.Status.ObservedGeneration = d.Metadata.Generation;
                await UpdateStatusAsync(d, cancellationToken);
            }
            return;
        }

        // Step 2: the ReplicaSets this Deployment controls (adopting and releasing by selector), and their pods.
        var rsList = await GetReplicaSetsForDeploymentAsync(d, selector, cancellationToken);
        var podMap = GetPodMapForDeployment(d, selector, rsList);

        if (d.Metadata.DeletionTimestamp is not null)
        {
            await SyncStatusOnlyAsync(d, rsList, cancellationToken);
            return;
        }

        // Step 3: pausing and resuming show in the Progressing condition, so no deadline runs while paused.
        await CheckPausedConditionsAsync(d, cancellationToken);

        // Step 4: paused, or only the replicas count changed: resize, never roll out.
        if (d.Spec.Paused == true || await IsScalingEventAsync(d, rsList, cancellationToken))
        {
            await SyncAsync(d, rsList, cancellationToken);
            return;
        }

        // Step 5: roll out by strategy.
        if (d.Spec.Strategy?.Type == "Recreate") await RolloutRecreateAsync(d, rsList, podMap, cancellationToken);
        else await RolloutRollingAsync(d, rsList, cancellationToken);
    }

    // Upstream's getReplicaSetsForDeployment: every ReplicaSet in the namespace, claimed by selector.
    private Task<List<V1ReplicaSet>> GetReplicaSetsForDeploymentAsync(V1Deployment d, LabelSelector selector, CancellationToken cancellationToken)
    {
        var manager = new ControllerRefManager<V1ReplicaSet>(d, "apps/v1", "Deployment", selector,
            async ct =>
            {
                var fresh = await _client.AppsV1.ReadNamespacedDeploymentAsync(d.Metadata.Name, d.Metadata.NamespaceProperty, cancellationToken: ct);
                if (fresh.Metadata.Uid != d.Metadata.Uid)
                    throw new InvalidOperationException($"original Deployment {d.Metadata.NamespaceProperty}/{d.Metadata.Name} is gone: got uid {fresh.Metadata.Uid}, wanted {d.Metadata.Uid}");
                if (fresh.Metadata.DeletionTimestamp is not null)
                    throw new InvalidOperationException($"{d.Metadata.NamespaceProperty}/{d.Metadata.Name} has just been deleted at {fresh.Metadata.DeletionTimestamp:O}");
            },
            (rs, patch, ct) => _client.AppsV1.PatchNamespacedReplicaSetAsync(patch, rs.Metadata.Name, rs.Metadata.NamespaceProperty, cancellationToken: ct));
        return manager.ClaimAsync(_replicaSets.Indexer.ByIndex(Indexers.Namespace, d.Metadata.NamespaceProperty), cancellationToken);
    }

    // Pods selected by the Deployment, by the uid of the ReplicaSet that controls them (Recreate needs them).
    private Dictionary<string, List<V1Pod>> GetPodMapForDeployment(V1Deployment d, LabelSelector selector, List<V1ReplicaSet> rsList)
    {
        var map = rsList.ToDictionary(rs => rs.Metadata.Uid, _ => new List<V1Pod>());
        foreach (var pod in _pods.Indexer.ByIndex(Indexers.Namespace, d.Metadata.NamespaceProperty))
        {
            if (!selector.Matches(pod.Metadata.Labels)) continue;
            if (ControllerRef.Of(pod) is { } r && map.TryGetValue(r.Uid, out var pods)) pods.Add(pod);
        }
        return map;
    }

    private async Task UpdateStatusAsync(V1Deployment d, CancellationToken cancellationToken)
    {
        var updated = await _client.AppsV1.ReplaceNamespacedDeploymentStatusAsync(d, d.Metadata.Name, d.Metadata.NamespaceProperty, cancellationToken: cancellationToken);
        // Keep writing on the version we just made, so a second write in this sync does not conflict with ourselves.
        d.Metadata.ResourceVersion = updated.Metadata.ResourceVersion;
    }
}
