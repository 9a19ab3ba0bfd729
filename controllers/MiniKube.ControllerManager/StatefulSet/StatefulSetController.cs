using System.Globalization;
using k8s;
using k8s.Models;
using Microsoft.Extensions.Logging;
using MiniKube.ApiMachinery.Client;
using MiniKube.ApiMachinery.Controllers;
using MiniKube.ApiMachinery.Errors;
using MiniKube.ApiMachinery.Labels;
using MiniKube.ControllerManager.History;
using MiniKube.ControllerManager.Pods;

namespace MiniKube.ControllerManager.StatefulSet;

/// <summary>
/// The StatefulSet controller: Pods with a stable identity. Replica N is always the Pod "&lt;set&gt;-N" with its own
/// PersistentVolumeClaims "&lt;template&gt;-&lt;set&gt;-N", which outlive the Pod, so a recreated web-0 gets web-0's
/// data back. With podManagementPolicy OrderedReady (the default) Pods start one at a time in ordinal order, each
/// only once all lower ones are Running and Ready, and go away from the highest ordinal down; Parallel starts and
/// stops them all at once. A template change rolls out from the highest ordinal down, one Pod at a time, to ordinals
/// at or above the partition; each template is kept as a ControllerRevision.
/// Concept: https://kubernetes.io/docs/concepts/workloads/controllers/statefulset/
/// </summary>
public sealed partial class StatefulSetController : Controller
{
    public const string ControllerName = "statefulset-controller";

    /// <summary>The Pod's own name as a label, so a Service can select exactly one replica.</summary>
    public const string StatefulSetPodNameLabel = "statefulset.kubernetes.io/pod-name";

    /// <summary>The Pod's ordinal as a label (upstream: PodIndexLabel, on by default since 1.28).</summary>
    public const string PodIndexLabel = "apps.kubernetes.io/pod-index";

    private const string ApiVersion = "apps/v1";
    private const string Kind = "StatefulSet";

    private readonly IKubernetes _client;
    private readonly ILogger _logger;
    private readonly EventRecorder _recorder;
    private readonly ControllerHistory _history;
    private readonly Informer<V1StatefulSet> _sets;
    private readonly Informer<V1Pod> _pods;
    private readonly Informer<V1PersistentVolumeClaim> _claims;
    private readonly Informer<V1ControllerRevision> _revisions;

    public StatefulSetController(ControllerContext context)
        : base(ControllerName, context.LoggerFactory.CreateLogger<StatefulSetController>())
    {
        _client = context.Client;
        _logger = context.LoggerFactory.CreateLogger<StatefulSetController>();
        _recorder = context.CreateEventRecorder(ControllerName);
        _history = new ControllerHistory(context.Client);
        _sets = context.Informers.InformerFor<V1StatefulSet>();
        _pods = context.Informers.InformerFor<V1Pod>();
        _claims = context.Informers.InformerFor<V1PersistentVolumeClaim>();
        _revisions = context.Informers.InformerFor<V1ControllerRevision>();

        _sets.AddEventHandler(new ResourceEventHandler<V1StatefulSet>
        {
            OnAdd = set => Queue.Add(MetaNamespaceKey.For(set)),
            OnUpdate = (_, set) => Queue.Add(MetaNamespaceKey.For(set)),
            OnDelete = set => Queue.Add(MetaNamespaceKey.For(set)),
        });
        // A Pod's change (created, Ready, deleted) is a reason to look at its set again: that is what moves an
        // OrderedReady set on to the next ordinal.
        _pods.AddEventHandler(new ResourceEventHandler<V1Pod>
        {
            OnAdd = EnqueueOwner,
            OnUpdate = (_, pod) => EnqueueOwner(pod),
            OnDelete = EnqueueOwner,
        });
    }

    protected override async Task WaitForCacheSyncAsync(CancellationToken cancellationToken) =>
        await Task.WhenAll(_sets.WaitForCacheSyncAsync(cancellationToken), _pods.WaitForCacheSyncAsync(cancellationToken),
            _claims.WaitForCacheSyncAsync(cancellationToken), _revisions.WaitForCacheSyncAsync(cancellationToken));

    private void EnqueueOwner(V1Pod pod)
    {
        if (ControllerRef.Of(pod) is { Kind: Kind } owner) Queue.Add(MetaNamespaceKey.For(pod.Metadata.NamespaceProperty, owner.Name));
    }

    /// <summary>
    /// One pass over a StatefulSet (upstream: <c>syncStatefulSet</c> → <c>UpdateStatefulSet</c>):
    /// 1. read the set and the Pods and revisions it controls from the cache;
    /// 2. make sure a ControllerRevision exists for the current template;
    /// 3. create missing ordinals, replace failed Pods, remove ordinals above spec.replicas, roll out the template;
    /// 4. always write .status.
    /// </summary>
    protected override async Task SyncAsync(string key, CancellationToken cancellationToken)
    {
        // Step 1: the newest state from the cache; a set that is gone or going needs nothing from us (the garbage
        // collector removes its Pods through their ownerReferences).
        if (_sets.Indexer.GetByKey(key) is not { } set || set.Metadata.DeletionTimestamp is not null) return;
        var selector = LabelSelector.FromV1(set.Spec.Selector);
        // Upstream difference: upstream also adopts orphan Pods that match the selector and releases owned ones that
        // no longer match; we only manage the Pods that name this set as their controller.
        var pods = _pods.Indexer.ByIndex(Indexers.Owner, set.Metadata.Uid).Where(p => selector.Matches(p.Metadata.Labels)).ToList();
        var revisions = _revisions.Indexer.ByIndex(Indexers.Owner, set.Metadata.Uid);

        // Step 2: the revision Pods should be updated to, and the one the set is rolling out from.
        var updateRevision = await _history.GetOrCreateUpdateRevisionAsync(set, ApiVersion, Kind, set.Spec.Template, revisions,
            set.Status?.CollisionCount, cancellationToken);
        var currentRevision = revisions.FirstOrDefault(r => r.Metadata.Name == set.Status?.CurrentRevision) ?? updateRevision;

        // Step 3.
        await UpdateStatefulSetAsync(set, pods, currentRevision, updateRevision, cancellationToken);

        // Step 4: status from what the cache shows now; the Pods just created or deleted show up in the next pass.
        var status = ComputeStatus(set, pods, currentRevision, updateRevision);
        await UpdateStatusAsync(set, status, cancellationToken);

        var live = new HashSet<string>(pods.Select(RevisionOf).OfType<string>()) { status.CurrentRevision, status.UpdateRevision };
        await _history.TruncateHistoryAsync(_revisions.Indexer.ByIndex(Indexers.Owner, set.Metadata.Uid), live,
            set.Spec.RevisionHistoryLimit ?? 10, cancellationToken);

        // Availability needs minReadySeconds to pass; nothing else would bring us back when it has.
        if (set.Spec.MinReadySeconds is > 0 and var wait && status.ReadyReplicas != status.AvailableReplicas)
        {
            Queue.AddAfter(key, TimeSpan.FromSeconds(wait));
        }
    }

    private async Task UpdateStatefulSetAsync(V1StatefulSet set, List<V1Pod> pods, V1ControllerRevision currentRevision,
        V1ControllerRevision updateRevision, CancellationToken cancellationToken)
    {
        var replicaCount = set.Spec.Replicas ?? 1;
        // OrderedReady is "monotonic": one Pod at a time, and never past a Pod that is not Running and Ready.
        var monotonic = set.Spec.PodManagementPolicy != "Parallel";
        var replicas = new V1Pod?[replicaCount];
        var condemned = new List<(int Ordinal, V1Pod Pod)>();
        foreach (var pod in pods)
        {
            var ordinal = OrdinalOf(set, pod);
            if (ordinal < 0) continue;
            if (ordinal < replicaCount) replicas[ordinal] = pod;
            else condemned.Add((ordinal, pod));
        }
        condemned.Sort((a, b) => b.Ordinal.CompareTo(a.Ordinal));

        // Replicas [0, spec.replicas): create what is missing, replace what has failed, in ordinal order.
        for (var ordinal = 0; ordinal < replicaCount; ordinal++)
        {
            var pod = replicas[ordinal];
            if (pod is null)
            {
                var revision = UsesCurrentRevision(set, ordinal) ? currentRevision : updateRevision;
                await CreateStatefulPodAsync(set, ordinal, revision, cancellationToken);
                if (monotonic) return;
                continue;
            }
            if (PodConditions.IsPodTerminal(pod) && !PodConditions.IsTerminating(pod))
            {
                // A Pod that has finished (its restartPolicy gave up) is deleted; the next pass creates it again
                // with the same name and the same claims.
                Log.RecreatingFailedPod(_logger, MetaNamespaceKey.For(pod), pod.Status?.Phase ?? "");
                await DeleteStatefulPodAsync(set, pod, cancellationToken);
                if (monotonic) return;
                continue;
            }
            if (monotonic && !PodConditions.IsRunningAndReady(pod))
            {
                Log.WaitingForPod(_logger, MetaNamespaceKey.For(set), pod.Metadata.Name);
                return;
            }
            // A Pod created before its claims were (or whose claim was deleted) gets them now.
            await CreateMissingClaimsAsync(set, ordinal, pod.Metadata.Name, cancellationToken);
        }

        // Ordinals at or above spec.replicas: remove them from the highest down.
        foreach (var (_, pod) in condemned)
        {
            if (PodConditions.IsTerminating(pod))
            {
                if (monotonic) return; // wait until it is really gone before the next one goes
                continue;
            }
            if (monotonic && replicas.Any(p => p is null || !PodConditions.IsRunningAndReady(p)))
            {
                return; // OrderedReady scales down only a healthy set
            }
            Log.ScalingDown(_logger, MetaNamespaceKey.For(set), pod.Metadata.Name);
            await DeleteStatefulPodAsync(set, pod, cancellationToken);
            if (monotonic) return;
        }

        // Rolling update: from the highest ordinal down to the partition, one Pod at a time; each is deleted and
        // then recreated (by the loop above, on a later pass) from the update revision.
        if (set.Spec.UpdateStrategy?.Type == "OnDelete") return;
        var partition = set.Spec.UpdateStrategy?.RollingUpdate?.Partition ?? 0;
        for (var ordinal = replicaCount - 1; ordinal >= partition; ordinal--)
        {
            if (replicas[ordinal] is not { } pod) return;
            if (RevisionOf(pod) != updateRevision.Metadata.Name && !PodConditions.IsTerminating(pod))
            {
                Log.UpdatingPod(_logger, MetaNamespaceKey.For(set), pod.Metadata.Name, updateRevision.Metadata.Name);
                await DeleteStatefulPodAsync(set, pod, cancellationToken);
                return;
            }
            if (!PodConditions.IsRunningAndReady(pod)) return; // the updated Pod must be Ready before the next goes
        }
    }

    // Below the partition, Pods are (re)created from the current revision: the partition holds them back.
    private static bool UsesCurrentRevision(V1StatefulSet set, int ordinal) =>
        set.Spec.UpdateStrategy?.Type != "OnDelete" && ordinal < (set.Spec.UpdateStrategy?.RollingUpdate?.Partition ?? 0);

    /// <summary>Creates the Pod for <paramref name="ordinal"/>, its claims first (upstream: <c>CreateStatefulPod</c>).</summary>
    private async Task CreateStatefulPodAsync(V1StatefulSet set, int ordinal, V1ControllerRevision revision, CancellationToken cancellationToken)
    {
        var pod = NewStatefulSetPod(set, ordinal, revision);
        await CreateMissingClaimsAsync(set, ordinal, pod.Metadata.Name, cancellationToken);
        try
        {
            await _client.CoreV1.CreateNamespacedPodAsync(pod, pod.Metadata.NamespaceProperty, cancellationToken: cancellationToken);
        }
        catch (Exception ex) when (ApiErrors.IsAlreadyExists(ex))
        {
            return; // created by an earlier pass whose Pod the cache has not shown yet
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            await _recorder.EventAsync(set, EventType.Warning, PodControl.FailedCreatePodReason,
                $"create Pod {pod.Metadata.Name} in StatefulSet {set.Metadata.Name} failed error: {ApiErrors.Message(ex)}", cancellationToken);
            throw;
        }
        Log.CreatedPod(_logger, MetaNamespaceKey.For(set), pod.Metadata.Name, revision.Metadata.Name);
        await _recorder.EventAsync(set, EventType.Normal, PodControl.SuccessfulCreatePodReason,
            $"create Pod {pod.Metadata.Name} in StatefulSet {set.Metadata.Name} successful", cancellationToken);
    }

    private async Task DeleteStatefulPodAsync(V1StatefulSet set, V1Pod pod, CancellationToken cancellationToken)
    {
        try
        {
            await _client.CoreV1.DeleteNamespacedPodAsync(pod.Metadata.Name, pod.Metadata.NamespaceProperty, cancellationToken: cancellationToken);
        }
        catch (Exception ex) when (ApiErrors.IsNotFound(ex))
        {
            return;
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            await _recorder.EventAsync(set, EventType.Warning, PodControl.FailedDeletePodReason,
                $"delete Pod {pod.Metadata.Name} in StatefulSet {set.Metadata.Name} failed error: {ApiErrors.Message(ex)}", cancellationToken);
            throw;
        }
        await _recorder.EventAsync(set, EventType.Normal, PodControl.SuccessfulDeletePodReason,
            $"delete Pod {pod.Metadata.Name} in StatefulSet {set.Metadata.Name} successful", cancellationToken);
    }

    /// <summary>
    /// Creates the PersistentVolumeClaims from spec.volumeClaimTemplates that do not exist yet for this ordinal.
    /// They are not owned by the set (the default persistentVolumeClaimRetentionPolicy, Retain): scaling down or
    /// deleting the set keeps the data, and a Pod that comes back finds its claim.
    /// </summary>
    private async Task CreateMissingClaimsAsync(V1StatefulSet set, int ordinal, string podName, CancellationToken cancellationToken)
    {
        foreach (var template in set.Spec.VolumeClaimTemplates ?? [])
        {
            var name = ClaimName(set, template, ordinal);
            if (_claims.Indexer.Get(set.Metadata.NamespaceProperty, name) is not null) continue;
            var labels = template.Metadata?.Labels is { } l ? new Dictionary<string, string>(l) : [];
            foreach (var (k, v) in set.Spec.Selector?.MatchLabels ?? new Dictionary<string, string>()) labels[k] = v;
            var claim = new V1PersistentVolumeClaim
            {
                ApiVersion = "v1",
                Kind = "PersistentVolumeClaim",
                Metadata = new V1ObjectMeta
                {
                    Name = name,
                    NamespaceProperty = set.Metadata.NamespaceProperty,
                    Labels = labels,
                    Annotations = template.Metadata?.Annotations is { } a ? new Dictionary<string, string>(a) : null,
                },
                Spec = ObjectCopy.DeepCopy(template.Spec),
            };
            try
            {
                await _client.CoreV1.CreateNamespacedPersistentVolumeClaimAsync(claim, claim.Metadata.NamespaceProperty, cancellationToken: cancellationToken);
            }
            catch (Exception ex) when (ApiErrors.IsAlreadyExists(ex))
            {
                continue; // already there, the cache had not caught up
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                await _recorder.EventAsync(set, EventType.Warning, PodControl.FailedCreatePodReason,
                    $"create Claim {name} for Pod {podName} in StatefulSet {set.Metadata.Name} failed error: {ApiErrors.Message(ex)}", cancellationToken);
                throw;
            }
            Log.CreatedClaim(_logger, MetaNamespaceKey.For(set), name, podName);
            await _recorder.EventAsync(set, EventType.Normal, PodControl.SuccessfulCreatePodReason,
                $"create Claim {name} Pod {podName} in StatefulSet {set.Metadata.Name} success", cancellationToken);
        }
    }

    /// <summary>
    /// The Pod for one ordinal (upstream: <c>newVersionedStatefulSetPod</c>): the revision's template with the
    /// stable name, hostname and subdomain (its DNS name through the headless Service), identity labels, and each
    /// claim template's volume pointing at this ordinal's claim.
    /// </summary>
    internal static V1Pod NewStatefulSetPod(V1StatefulSet set, int ordinal, V1ControllerRevision revision)
    {
        var template = ControllerHistory.TemplateOf(revision);
        var name = $"{set.Metadata.Name}-{ordinal}";
        var pod = PodControl.GetPodFromTemplate(template, set, ControllerRef.New(set, ApiVersion, Kind));
        pod.Metadata.GenerateName = null;
        pod.Metadata.Name = name;
        pod.Metadata.Labels[StatefulSetPodNameLabel] = name;
        pod.Metadata.Labels[PodIndexLabel] = ordinal.ToString(CultureInfo.InvariantCulture);
        pod.Metadata.Labels[ControllerHistory.PodRevisionLabel] = revision.Metadata.Name;
        pod.Spec.Hostname = name;
        pod.Spec.Subdomain = string.IsNullOrEmpty(set.Spec.ServiceName) ? null : set.Spec.ServiceName;
        var volumes = pod.Spec.Volumes?.ToList() ?? [];
        foreach (var claimTemplate in set.Spec.VolumeClaimTemplates ?? [])
        {
            volumes.RemoveAll(v => v.Name == claimTemplate.Metadata.Name);
            volumes.Add(new V1Volume
            {
                Name = claimTemplate.Metadata.Name,
                PersistentVolumeClaim = new V1PersistentVolumeClaimVolumeSource { ClaimName = ClaimName(set, claimTemplate, ordinal) },
            });
        }
        pod.Spec.Volumes = volumes.Count > 0 ? volumes : null;
        return pod;
    }

    /// <summary>"&lt;template&gt;-&lt;set&gt;-&lt;ordinal&gt;", e.g. data-web-0 (upstream: <c>getPersistentVolumeClaimName</c>).</summary>
    internal static string ClaimName(V1StatefulSet set, V1PersistentVolumeClaim template, int ordinal) =>
        $"{template.Metadata.Name}-{set.Metadata.Name}-{ordinal}";

    /// <summary>The ordinal in "&lt;set&gt;-&lt;ordinal&gt;", or -1 for a name of another shape.</summary>
    internal static int OrdinalOf(V1StatefulSet set, V1Pod pod)
    {
        var prefix = set.Metadata.Name + "-";
        var name = pod.Metadata.Name;
        return name.StartsWith(prefix, StringComparison.Ordinal)
            && int.TryParse(name.AsSpan(prefix.Length), NumberStyles.None, CultureInfo.InvariantCulture, out var ordinal) ? ordinal : -1;
    }

    private static string? RevisionOf(V1Pod pod) =>
        pod.Metadata.Labels is { } labels && labels.TryGetValue(ControllerHistory.PodRevisionLabel, out var revision) ? revision : null;

    private static V1StatefulSetStatus ComputeStatus(V1StatefulSet set, List<V1Pod> pods, V1ControllerRevision currentRevision,
        V1ControllerRevision updateRevision)
    {
        var now = DateTime.UtcNow;
        var status = new V1StatefulSetStatus
        {
            ObservedGeneration = set.Metadata.Generation,
            Replicas = pods.Count,
            ReadyReplicas = pods.Count(PodConditions.IsRunningAndReady),
            AvailableReplicas = pods.Count(p => p.Status?.Phase == "Running" && PodConditions.IsPodAvailable(p, set.Spec.MinReadySeconds ?? 0, now)),
            CurrentReplicas = pods.Count(p => RevisionOf(p) == currentRevision.Metadata.Name),
            UpdatedReplicas = pods.Count(p => RevisionOf(p) == updateRevision.Metadata.Name),
            CurrentRevision = currentRevision.Metadata.Name,
            UpdateRevision = updateRevision.Metadata.Name,
            CollisionCount = set.Status?.CollisionCount ?? 0,
            Conditions = set.Status?.Conditions,
        };
        // The rollout is complete once every Pod runs the update revision and is Ready: it becomes the current one.
        if (set.Spec.UpdateStrategy?.Type != "OnDelete" && status.UpdatedReplicas == status.Replicas && status.ReadyReplicas == status.Replicas)
        {
            status.CurrentRevision = status.UpdateRevision;
            status.CurrentReplicas = status.UpdatedReplicas;
        }
        return status;
    }

    private async Task UpdateStatusAsync(V1StatefulSet set, V1StatefulSetStatus status, CancellationToken cancellationToken)
    {
        if (set.Status is not null && KubernetesJson.Serialize(status) == KubernetesJson.Serialize(set.Status)) return;
        // Never modify the cached object: write a copy.
        var copy = ObjectCopy.DeepCopy(set);
        copy.Status = status;
        await _client.AppsV1.ReplaceNamespacedStatefulSetStatusAsync(copy, set.Metadata.Name, set.Metadata.NamespaceProperty, cancellationToken: cancellationToken);
    }
}
