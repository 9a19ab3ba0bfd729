using k8s;
using k8s.Models;
using Microsoft.Extensions.Logging;
using MiniKube.ApiMachinery.Client;
using MiniKube.ApiMachinery.Controllers;
using MiniKube.ApiMachinery.Errors;
using MiniKube.ApiMachinery.Labels;
using MiniKube.ControllerManager.Pods;

namespace MiniKube.ControllerManager.ReplicaSet;

/// <summary>
/// The ReplicaSet controller: keeps <c>spec.replicas</c> pods matching a ReplicaSet's selector running, creating
/// pods from its template and deleting the least useful ones (<see cref="ActivePods"/>). The same class runs
/// ReplicationControllers (<see cref="ReplicationControllerKind"/>), as upstream's ReplicationManager does.
/// A sync: read the set from the cache → claim pods (adopt orphans, release pods that stopped matching) → if the
/// creations and deletions of the last sync have all come back through the informer (<see cref="ControllerExpectations"/>),
/// create or delete the difference → always write status.
/// Concept: https://kubernetes.io/docs/concepts/workloads/controllers/replicaset/
/// </summary>
public sealed class ReplicaSetController<TSet> : Controller where TSet : class, IKubernetesObject<V1ObjectMeta>
{
    /// <summary>At most this many pods are created or deleted in one sync (upstream's BurstReplicas).</summary>
    public const int BurstReplicas = 500;

    /// <summary>The first batch of a slow start: 1, then 2, 4, 8… (upstream's SlowStartInitialBatchSize).</summary>
    public const int SlowStartInitialBatchSize = 1;

    private readonly IReplicaSetKind<TSet> _kind;
    private readonly Kubernetes _client;
    private readonly Informer<TSet> _sets;
    private readonly Informer<V1Pod> _pods;
    private readonly PodControl _podControl;
    private readonly ControllerExpectations _expectations = new();
    private readonly ILogger _logger;

    public ReplicaSetController(ControllerContext context, IReplicaSetKind<TSet> kind)
        : this(context, kind, context.LoggerFactory.CreateLogger(kind.LoggerCategory))
    {
    }

    private ReplicaSetController(ControllerContext context, IReplicaSetKind<TSet> kind, ILogger logger) : base(kind.ControllerName, logger)
    {
        _kind = kind;
        _logger = logger;
        _client = context.Client;
        _sets = context.Informers.InformerFor<TSet>();
        _pods = context.Informers.InformerFor<V1Pod>();
        var recorder = context.CreateEventRecorder(kind.EventComponent);
        recorder.WriteError += ex => ReplicaSetControllerLog.EventWriteFailed(_logger, ex);
        _podControl = new PodControl(_client, recorder);

        // Handlers only enqueue keys; SyncAsync reads the newest state from the cache.
        _sets.AddEventHandler(new ResourceEventHandler<TSet>
        {
            OnAdd = set => Enqueue(set),
            // Any update is a reason to sync: a changed replicas count, but also a status someone else overwrote.
            OnUpdate = (_, set) => Enqueue(set),
            OnDelete = set =>
            {
                _expectations.DeleteExpectations(MetaNamespaceKey.For(set));
                Enqueue(set);
            },
        });
        _pods.AddEventHandler(new ResourceEventHandler<V1Pod> { OnAdd = AddPod, OnUpdate = UpdatePod, OnDelete = DeletePod });
    }

    protected override Task WaitForCacheSyncAsync(CancellationToken cancellationToken) =>
        Task.WhenAll(_sets.WaitForCacheSyncAsync(cancellationToken), _pods.WaitForCacheSyncAsync(cancellationToken));

    private void Enqueue(TSet set) => Queue.Add(MetaNamespaceKey.For(set));

    // The set a pod's controller ownerReference names, if it is one of ours and still the same object (same uid).
    private TSet? ResolveControllerRef(string? ns, V1OwnerReference? controllerRef)
    {
        if (controllerRef is null || controllerRef.Kind != _kind.Kind || controllerRef.ApiVersion.Split('/')[0] != _kind.ApiVersion.Split('/')[0]) return null;
        var set = _sets.Indexer.Get(ns, controllerRef.Name);
        return set?.Metadata.Uid == controllerRef.Uid ? set : null;
    }

    // Sets in the pod's namespace whose selector matches it: the candidates to adopt an orphan.
    private IEnumerable<TSet> SetsSelecting(V1Pod pod) =>
        pod.Metadata.Labels is not { Count: > 0 } ? [] : _sets.Indexer.ByIndex(Indexers.Namespace, pod.Metadata.NamespaceProperty)
            .Where(set => _kind.Selector(set) is { IsEverything: false } selector && selector.Matches(pod.Metadata.Labels));

    private void AddPod(V1Pod pod)
    {
        if (pod.Metadata.DeletionTimestamp is not null)
        {
            // After a restart a pod may first appear already being deleted: count it as a deletion, not a creation.
            DeletePod(pod);
            return;
        }
        if (ControllerRef.Of(pod) is { } controllerRef)
        {
            if (ResolveControllerRef(pod.Metadata.NamespaceProperty, controllerRef) is not { } set) return;
            var key = MetaNamespaceKey.For(set);
            _expectations.CreationObserved(key);
            Queue.Add(key);
            return;
        }
        // An orphan: wake every set that might adopt it. Only one will (the first to patch it).
        foreach (var set in SetsSelecting(pod)) Enqueue(set);
    }

    private void UpdatePod(V1Pod old, V1Pod pod)
    {
        if (old.Metadata.ResourceVersion == pod.Metadata.ResourceVersion) return;
        var labelsChanged = !LabelsEqual(old.Metadata.Labels, pod.Metadata.Labels);
        if (pod.Metadata.DeletionTimestamp is not null)
        {
            // Graceful deletion shows up as an update first. Count the deletion now, so a set waiting for it can
            // act without waiting for the grace period; the final delete event is then a no-op.
            DeletePod(pod);
            if (labelsChanged) DeletePod(old);
            return;
        }
        var oldRef = ControllerRef.Of(old);
        var newRef = ControllerRef.Of(pod);
        var refChanged = oldRef?.Uid != newRef?.Uid;
        if (refChanged && ResolveControllerRef(old.Metadata.NamespaceProperty, oldRef) is { } oldSet) Enqueue(oldSet);
        if (newRef is not null)
        {
            if (ResolveControllerRef(pod.Metadata.NamespaceProperty, newRef) is not { } set) return;
            Enqueue(set);
            // Ready now: it becomes available minReadySeconds later, and nothing else will wake us then.
            var minReady = _kind.MinReadySeconds(set);
            if (minReady > 0 && !PodConditions.IsPodReady(old) && PodConditions.IsPodReady(pod))
                Queue.AddAfter(MetaNamespaceKey.For(set), TimeSpan.FromSeconds(minReady + 1));
            return;
        }
        if (labelsChanged || refChanged)
        {
            foreach (var set in SetsSelecting(pod)) Enqueue(set);
        }
    }

    private void DeletePod(V1Pod pod)
    {
        if (ResolveControllerRef(pod.Metadata.NamespaceProperty, ControllerRef.Of(pod)) is not { } set) return;
        var key = MetaNamespaceKey.For(set);
        _expectations.DeletionObserved(key, MetaNamespaceKey.For(pod));
        Queue.Add(key);
    }

    private static bool LabelsEqual(IDictionary<string, string>? a, IDictionary<string, string>? b) =>
        (a?.Count ?? 0) == (b?.Count ?? 0) && (a is null || a.All(kv => b!.TryGetValue(kv.Key, out var v) && v == kv.Value));

    protected override async Task SyncAsync(string key, CancellationToken cancellationToken)
    {
        var (ns, _) = MetaNamespaceKey.Split(key);
        // Step 1: read from the cache. Gone means deleted: its pods are the garbage collector's business.
        if (_sets.Indexer.GetByKey(key) is not { } set)
        {
            ReplicaSetControllerLog.Deleted(_logger, _kind.Kind, key);
            _expectations.DeleteExpectations(key);
            return;
        }
        var selector = _kind.Selector(set);
        // Read expectations before listing pods: a pod seen in the list is then certainly counted.
        var needsSync = _expectations.SatisfiedExpectations(key);

        // Step 2: the pods this set controls, after adopting and releasing.
        var active = _pods.Indexer.ByIndex(Indexers.Namespace, ns!).Where(PodConditions.IsPodActive);
        var refManager = new ControllerRefManager<V1Pod>(set, _kind.ApiVersion, _kind.Kind, selector,
            ct => RecheckDeletionAsync(set, ct),
            (pod, patch, ct) => _client.CoreV1.PatchNamespacedPodAsync(patch, pod.Metadata.Name, pod.Metadata.NamespaceProperty, cancellationToken: ct));
        var pods = selector.IsEverything ? [] : await refManager.ClaimAsync(active, cancellationToken);

        // Step 3: act, unless our own last creations or deletions are still on their way to the cache.
        Exception? manageReplicasError = null;
        if (needsSync && set.Metadata.DeletionTimestamp is null && !selector.IsEverything)
        {
            try { await ManageReplicasAsync(key, pods, set, cancellationToken); }
            catch (Exception ex) when (ex is not OperationCanceledException) { manageReplicasError = ex; }
        }

        // Step 4: always write status, including a ReplicaFailure condition when creating or deleting failed.
        var status = CalculateStatus(set, pods, manageReplicasError);
        var updated = await UpdateStatusAsync(set, status, cancellationToken);

        // Ready pods become available minReadySeconds later; look again then.
        var minReady = _kind.MinReadySeconds(updated);
        var updatedStatus = _kind.Status(updated);
        if (manageReplicasError is null && minReady > 0 && updatedStatus.ReadyReplicas == _kind.Replicas(updated)
            && updatedStatus.AvailableReplicas != _kind.Replicas(updated))
        {
            Queue.AddAfter(key, TimeSpan.FromSeconds(minReady));
        }
        if (manageReplicasError is not null) throw manageReplicasError;
    }

    // Upstream's RecheckDeletionTimestamp: a fresh read, not the cache, before adopting anything.
    private async Task RecheckDeletionAsync(TSet set, CancellationToken cancellationToken)
    {
        var fresh = await _kind.ReadAsync(_client, set.Metadata.NamespaceProperty, set.Metadata.Name, cancellationToken);
        if (fresh.Metadata.Uid != set.Metadata.Uid)
            throw new InvalidOperationException($"original {_kind.Kind} {set.Metadata.NamespaceProperty}/{set.Metadata.Name} is gone: got uid {fresh.Metadata.Uid}, wanted {set.Metadata.Uid}");
        if (fresh.Metadata.DeletionTimestamp is not null)
            throw new InvalidOperationException($"{set.Metadata.NamespaceProperty}/{set.Metadata.Name} has just been deleted at {fresh.Metadata.DeletionTimestamp:O}");
    }

    private async Task ManageReplicasAsync(string key, List<V1Pod> pods, TSet set, CancellationToken cancellationToken)
    {
        var wanted = _kind.Replicas(set);
        var diff = pods.Count - wanted;
        if (diff < 0)
        {
            var creating = Math.Min(-diff, BurstReplicas);
            // Record what we are about to do before doing it: the informer may deliver the first new pod before
            // CreateNamespacedPodAsync even returns.
            _expectations.ExpectCreations(key, creating);
            ReplicaSetControllerLog.TooFewReplicas(_logger, _kind.Kind, key, wanted, creating);
            var template = _kind.Template(set) ?? throw new InvalidOperationException($"{_kind.Kind} {key} has no pod template");
            var controllerRef = ControllerRef.New(set, _kind.ApiVersion, _kind.Kind);
            var (created, error) = await SlowStartBatchAsync(creating, SlowStartInitialBatchSize,
                () => _podControl.CreatePodAsync(template, set, controllerRef, cancellationToken));
            // The pods we gave up on will never arrive: stop waiting for them.
            for (var skipped = creating - created; skipped > 0; skipped--) _expectations.CreationObserved(key);
            if (error is not null) throw error;
        }
        else if (diff > 0)
        {
            var deleting = Math.Min(diff, BurstReplicas);
            ReplicaSetControllerLog.TooManyReplicas(_logger, _kind.Kind, key, wanted, deleting);
            var victims = ActivePods.ToDelete(RankByRelatedPodsOnSameNode(set, pods), deleting);
            _expectations.ExpectDeletions(key, [.. victims.Select(MetaNamespaceKey.For)]);
            var errors = new List<Exception>();
            await Task.WhenAll(victims.Select(async pod =>
            {
                try
                {
                    // Already gone: its deletion may have been reported before we expected it, so stop expecting it.
                    if (!await _podControl.DeletePodAsync(pod.Metadata.NamespaceProperty, pod.Metadata.Name, set, cancellationToken))
                        _expectations.DeletionObserved(key, MetaNamespaceKey.For(pod));
                }
                catch (Exception ex) when (ex is not OperationCanceledException)
                {
                    // This deletion will not show up in the informer: stop expecting it.
                    _expectations.DeletionObserved(key, MetaNamespaceKey.For(pod));
                    lock (errors) errors.Add(ex);
                }
            }));
            if (errors.Count > 0) throw new AggregateException($"deleting pods of {_kind.Kind} {key}", errors);
        }
    }

    /// <summary>
    /// Runs <paramref name="count"/> calls in batches of 1, 2, 4, …: if the first pod fails (quota, admission,
    /// a bad template) we find out after one request instead of hundreds failing together. Stops at the first
    /// batch with an error; returns how many calls succeeded.
    /// </summary>
    private static async Task<(int Succeeded, Exception? Error)> SlowStartBatchAsync(int count, int initialBatchSize, Func<Task> call)
    {
        var succeeded = 0;
        var remaining = count;
        for (var batch = Math.Min(remaining, initialBatchSize); batch > 0; batch = Math.Min(2 * batch, remaining))
        {
            var tasks = Enumerable.Range(0, batch).Select(_ => call()).ToList();
            try { await Task.WhenAll(tasks); }
            catch (Exception) { /* inspected below, task by task */ }
            succeeded += tasks.Count(t => t.IsCompletedSuccessfully);
            if (tasks.FirstOrDefault(t => t.IsFaulted) is { } failed) return (succeeded, failed.Exception!.InnerException);
            if (tasks.Any(t => t.IsCanceled)) throw new OperationCanceledException();
            remaining -= batch;
        }
        return (succeeded, null);
    }

    // Each pod's rank is how many pods of the same workload (this set and its siblings under one Deployment) run on
    // its node: pods on crowded nodes go first, so the survivors stay spread out.
    private List<(V1Pod Pod, int Rank)> RankByRelatedPodsOnSameNode(TSet set, List<V1Pod> pods)
    {
        var related = RelatedPods(set);
        var perNode = related.Where(p => !string.IsNullOrEmpty(p.Spec?.NodeName)).GroupBy(p => p.Spec.NodeName).ToDictionary(g => g.Key, g => g.Count());
        return [.. pods.Select(p => (p, string.IsNullOrEmpty(p.Spec?.NodeName) ? 0 : perNode.GetValueOrDefault(p.Spec.NodeName)))];
    }

    // Upstream's getIndirectlyRelatedPods: active pods of every set that shares this set's controller.
    private IEnumerable<V1Pod> RelatedPods(TSet set)
    {
        var owner = ControllerRef.Of(set)?.Uid;
        var sets = owner is null ? [set] : _sets.Indexer.ByIndex(Indexers.Owner, owner);
        return sets.SelectMany(s => _pods.Indexer.ByIndex(Indexers.Owner, s.Metadata.Uid)).Where(PodConditions.IsPodActive);
    }

    private V1ReplicaSetStatus CalculateStatus(TSet set, List<V1Pod> pods, Exception? manageReplicasError)
    {
        var templateLabels = _kind.Template(set)?.Metadata?.Labels ?? new Dictionary<string, string>();
        var minReady = _kind.MinReadySeconds(set);
        var now = DateTime.UtcNow;
        var old = _kind.Status(set);
        var status = new V1ReplicaSetStatus
        {
            Replicas = pods.Count,
            // Pods carrying every template label: the Deployment controller waits on this when it relabels.
            FullyLabeledReplicas = pods.Count(p => templateLabels.All(l => p.Metadata.Labels?.TryGetValue(l.Key, out var v) == true && v == l.Value)),
            ReadyReplicas = pods.Count(PodConditions.IsPodReady),
            AvailableReplicas = pods.Count(p => PodConditions.IsPodAvailable(p, minReady, now)),
            ObservedGeneration = old.ObservedGeneration,
            Conditions = old.Conditions?.ToList(),
        };
        var failure = status.Conditions?.FirstOrDefault(c => c.Type == ReplicaFailure);
        if (manageReplicasError is not null && failure is null)
        {
            var diff = pods.Count - _kind.Replicas(set);
            status.Conditions ??= [];
            status.Conditions.Add(new V1ReplicaSetCondition
            {
                Type = ReplicaFailure,
                Status = "True",
                Reason = diff < 0 ? PodControl.FailedCreatePodReason : PodControl.FailedDeletePodReason,
                Message = ApiErrors.Message(manageReplicasError is AggregateException { InnerExceptions.Count: > 0 } agg ? agg.InnerExceptions[0] : manageReplicasError),
                LastTransitionTime = now,
            });
        }
        else if (manageReplicasError is null && failure is not null)
        {
            status.Conditions!.Remove(failure);
        }
        if (status.Conditions is { Count: 0 }) status.Conditions = null;
        return status;
    }

    /// <summary>The ReplicaSet condition type for "pods could not be created or deleted".</summary>
    public const string ReplicaFailure = "ReplicaFailure";

    private async Task<TSet> UpdateStatusAsync(TSet set, V1ReplicaSetStatus status, CancellationToken cancellationToken)
    {
        var old = _kind.Status(set);
        if (old.Replicas == status.Replicas && (old.FullyLabeledReplicas ?? 0) == (status.FullyLabeledReplicas ?? 0)
            && (old.ReadyReplicas ?? 0) == (status.ReadyReplicas ?? 0) && (old.AvailableReplicas ?? 0) == (status.AvailableReplicas ?? 0)
            && old.ObservedGeneration == set.Metadata.Generation
            && KubernetesJson.Serialize(old.Conditions ?? []) == KubernetesJson.Serialize(status.Conditions ?? []))
        {
            return set;
        }
        status.ObservedGeneration = set.Metadata.Generation;
        // One retry on a fresh copy (upstream's statusUpdateRetries): status is ours alone, so a conflict only
        // means the spec or metadata moved on.
        try
        {
            return await _kind.ReplaceStatusAsync(_client, set, status, cancellationToken);
        }
        catch (Exception ex) when (ApiErrors.IsConflict(ex))
        {
            var fresh = await _kind.ReadAsync(_client, set.Metadata.NamespaceProperty, set.Metadata.Name, cancellationToken);
            status.ObservedGeneration = fresh.Metadata.Generation;
            return await _kind.ReplaceStatusAsync(_client, fresh, status, cancellationToken);
        }
    }
}
