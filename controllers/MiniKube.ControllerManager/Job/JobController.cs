using System.Collections.Concurrent;
using System.Text.Json.Nodes;
using k8s;
using k8s.Models;
using Microsoft.Extensions.Logging;
using MiniKube.ApiMachinery.Client;
using MiniKube.ApiMachinery.Controllers;
using MiniKube.ApiMachinery.Errors;
using MiniKube.ControllerManager.Pods;

namespace MiniKube.ControllerManager.Job;

/// <summary>
/// The Job controller: runs Pods until <c>completions</c> of them have succeeded, at most <c>parallelism</c> at a
/// time, and gives up once more than <c>backoffLimit</c> have failed (or <c>activeDeadlineSeconds</c> has passed).
/// Every Pod carries the <c>batch.kubernetes.io/job-tracking</c> finalizer, so it cannot vanish before the controller
/// has counted it: a finished Pod's uid goes into status.uncountedTerminatedPods, then the finalizer comes off, then
/// the uid moves into the succeeded or failed counter. When the Job's outcome is decided it first gets the
/// SuccessCriteriaMet or FailureTarget condition and its remaining Pods are deleted; Complete or Failed follows once
/// none is left running (as upstream does since 1.31).
/// Concept: https://kubernetes.io/docs/concepts/workloads/controllers/job/
/// </summary>
public sealed partial class JobController : Controller
{
    public const string ControllerName = "job-controller";
    public const string JobTrackingFinalizer = "batch.kubernetes.io/job-tracking";
    public const string ControllerUidLabel = "batch.kubernetes.io/controller-uid";
    public const string JobNameLabel = "batch.kubernetes.io/job-name";
    public const string LegacyControllerUidLabel = "controller-uid";
    public const string LegacyJobNameLabel = "job-name";

    public const string BackoffLimitExceededReason = "BackoffLimitExceeded";
    public const string BackoffLimitExceededMessage = "Job has reached the specified backoff limit";
    public const string DeadlineExceededReason = "DeadlineExceeded";
    public const string DeadlineExceededMessage = "Job was active longer than specified deadline";
    public const string CompletionsReachedReason = "CompletionsReached";
    public const string CompletionsReachedMessage = "Reached expected number of succeeded pods";

    // Upstream's DefaultJobPodFailureBackOff and MaxJobPodFailureBackOff: 10s, doubling per failure, at most 6 minutes.
    private static readonly TimeSpan PodFailureBackOff = TimeSpan.FromSeconds(10);
    private static readonly TimeSpan MaxPodFailureBackOff = TimeSpan.FromMinutes(6);

    private readonly IKubernetes _client;
    private readonly ILogger _logger;
    private readonly EventRecorder _recorder;
    private readonly PodControl _podControl;
    private readonly ControllerExpectations _expectations = new();
    // When each Job last counted a failed Pod: new Pods wait out the back-off from there.
    private readonly ConcurrentDictionary<string, DateTime> _lastFailure = new();
    private readonly Informer<V1Job> _jobs;
    private readonly Informer<V1Pod> _pods;

    public JobController(ControllerContext context)
        : base(ControllerName, context.LoggerFactory.CreateLogger<JobController>())
    {
        _client = context.Client;
        _logger = context.LoggerFactory.CreateLogger<JobController>();
        _recorder = context.CreateEventRecorder(ControllerName);
        _podControl = new PodControl(context.Client, _recorder);
        _jobs = context.Informers.InformerFor<V1Job>();
        _pods = context.Informers.InformerFor<V1Pod>();

        _jobs.AddEventHandler(new ResourceEventHandler<V1Job>
        {
            OnAdd = job => Queue.Add(MetaNamespaceKey.For(job)),
            OnUpdate = (_, job) => Queue.Add(MetaNamespaceKey.For(job)),
            OnDelete = job =>
            {
                _expectations.DeleteExpectations(MetaNamespaceKey.For(job));
                _lastFailure.TryRemove(MetaNamespaceKey.For(job), out _);
            },
        });
        _pods.AddEventHandler(new ResourceEventHandler<V1Pod> { OnAdd = AddPod, OnUpdate = (_, pod) => UpdatePod(pod), OnDelete = DeletePod });
    }

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
        // A graceful deletion shows up first as an update with deletionTimestamp: count the deletion now rather than
        // after the grace period (the pod no longer counts as active anyway).
        if (pod.Metadata.DeletionTimestamp is not null) DeletePod(pod);
        else if (OwnerKey(pod) is { } key) Queue.Add(key);
    }

    private void DeletePod(V1Pod pod)
    {
        if (OwnerKey(pod) is not { } key) return;
        _expectations.DeletionObserved(key, MetaNamespaceKey.For(pod));
        Queue.Add(key);
    }

    protected override async Task WaitForCacheSyncAsync(CancellationToken cancellationToken) =>
        await Task.WhenAll(_jobs.WaitForCacheSyncAsync(cancellationToken), _pods.WaitForCacheSyncAsync(cancellationToken));

    private static string? OwnerKey(V1Pod pod) =>
        ControllerRef.Of(pod) is { Kind: "Job" } owner ? MetaNamespaceKey.For(pod.Metadata.NamespaceProperty, owner.Name) : null;

    /// <summary>
    /// One pass over a Job (upstream: <c>syncJob</c>):
    /// 1. count the Pods that finished since the last pass (uncountedTerminatedPods → remove finalizer → counters);
    /// 2. decide whether the Job has succeeded or failed (completions, backoffLimit, activeDeadlineSeconds);
    /// 3. if not, create or delete Pods so that min(parallelism, remaining completions) are active;
    /// 4. always write .status.
    /// </summary>
    protected override async Task SyncAsync(string key, CancellationToken cancellationToken)
    {
        if (_jobs.Indexer.GetByKey(key) is not { } job) return;
        var pods = _pods.Indexer.ByIndex(Indexers.Owner, job.Metadata.Uid);
        if (IsFinished(job))
        {
            // A finished Job's Pods must not be held by our finalizer, whatever happens to them now.
            await RemoveTrackingFinalizersAsync(pods.Where(HasTrackingFinalizer), cancellationToken);
            return;
        }

        // Never modify the cached Job: work on a copy.
        var working = ObjectCopy.DeepCopy(job);
        var status = working.Status ??= new V1JobStatus();
        var now = DateTime.UtcNow;
        if (status.StartTime is null && working.Spec.Suspend != true) status.StartTime = now;

        // Step 1: count the Pods that finished.
        working = await TrackTerminatedPodsAsync(key, working, pods, cancellationToken);
        status = working.Status;

        var active = pods.Where(p => PodConditions.IsPodActive(p) && !IsCounted(p)).ToList();
        var terminating = pods.Count(p => PodConditions.IsTerminating(p) && !PodConditions.IsPodTerminal(p));
        var succeeded = status.Succeeded ?? 0;
        var failed = status.Failed ?? 0;

        // Step 2: decide. The target condition comes first; the final one once no Pod is left running.
        var conditions = status.Conditions ?? [];
        var target = conditions.FirstOrDefault(c => c.Type is "SuccessCriteriaMet" or "FailureTarget" && c.Status == "True");
        if (target is null)
        {
            if (failed > (working.Spec.BackoffLimit ?? 6))
            {
                target = Condition("FailureTarget", BackoffLimitExceededReason, BackoffLimitExceededMessage, now);
            }
            else if (working.Spec.ActiveDeadlineSeconds is { } deadline && status.StartTime is { } started && working.Spec.Suspend != true)
            {
                var due = started.ToUniversalTime().AddSeconds(deadline);
                if (due <= now) target = Condition("FailureTarget", DeadlineExceededReason, DeadlineExceededMessage, now);
                else Queue.AddAfter(key, due - now);
            }
            if (target is null && (working.Spec.Completions is { } completions ? succeeded >= completions : succeeded > 0 && active.Count == 0))
            {
                target = Condition("SuccessCriteriaMet", CompletionsReachedReason, CompletionsReachedMessage, now);
            }
            if (target is not null)
            {
                Log.TargetReached(_logger, key, target.Type, target.Reason);
                conditions.Add(target);
            }
        }

        if (target is not null)
        {
            // Decided: the Pods still running are no longer needed.
            await DeletePodsAsync(key, working, active, cancellationToken);
            if (active.Count == 0 && terminating == 0)
            {
                var final = target.Type == "SuccessCriteriaMet" ? "Complete" : "Failed";
                conditions.Add(Condition(final, target.Reason, target.Message, now));
                if (final == "Complete") status.CompletionTime = now;
                Log.Finished(_logger, key, final, target.Reason);
                await _recorder.EventAsync(job, final == "Complete" ? EventType.Normal : EventType.Warning,
                    final == "Complete" ? "Completed" : target.Reason, final == "Complete" ? "Job completed" : target.Message, cancellationToken);
            }
            active = [];
        }
        else if (_expectations.SatisfiedExpectations(key))
        {
            // Step 3: as many active Pods as parallelism allows and completions still need.
            var wantActive = working.Spec.Suspend == true ? 0
                : working.Spec.Completions is { } completions ? Math.Min(working.Spec.Parallelism ?? 1, completions - succeeded)
                : succeeded > 0 ? 0 : working.Spec.Parallelism ?? 1;
            if (active.Count < wantActive)
            {
                var backOff = BackOffRemaining(key, failed, now);
                if (backOff > TimeSpan.Zero)
                {
                    Log.BackingOff(_logger, key, backOff.TotalSeconds);
                    Queue.AddAfter(key, backOff);
                }
                else
                {
                    await CreatePodsAsync(key, working, wantActive - active.Count, cancellationToken);
                }
            }
            else if (active.Count > wantActive)
            {
                // Too many (parallelism lowered, suspended): the least useful go first, as when a ReplicaSet scales
                // down, but without ranking by node (upstream: sort.Sort(controller.ActivePods(...))).
                var extra = ActivePods.ToDelete([.. active.Select(p => (p, 0))], active.Count - wantActive);
                await DeletePodsAsync(key, working, extra, cancellationToken);
            }
        }

        // Step 4.
        status.Conditions = conditions.Count > 0 ? conditions : null;
        status.Active = active.Count;
        status.Ready = active.Count(PodConditions.IsPodReady);
        status.Terminating = terminating;
        await UpdateStatusAsync(job, working, cancellationToken);
    }

    private static bool IsFinished(V1Job job) =>
        job.Status?.Conditions?.Any(c => c.Type is "Complete" or "Failed" && c.Status == "True") == true;

    private static bool HasTrackingFinalizer(V1Pod pod) => pod.Metadata.Finalizers?.Contains(JobTrackingFinalizer) == true;

    // A Pod whose finalizer is gone has been counted already (or was never ours to count).
    private static bool IsCounted(V1Pod pod) => !HasTrackingFinalizer(pod);

    // Finished, or deleted before it could finish (which upstream also counts as a failure).
    private static bool IsFinishedPod(V1Pod pod) => PodConditions.IsPodTerminal(pod) || PodConditions.IsTerminating(pod);

    /// <summary>
    /// Counts finished Pods in three steps, each written before the next, so that a crash between any two neither
    /// loses nor double-counts a Pod (upstream: <c>trackJobStatusAndRemoveFinalizers</c>).
    /// </summary>
    private async Task<V1Job> TrackTerminatedPodsAsync(string key, V1Job job, IReadOnlyList<V1Pod> pods, CancellationToken cancellationToken)
    {
        var status = job.Status;
        var uncounted = status.UncountedTerminatedPods ??= new V1UncountedTerminatedPods();
        var uncountedSucceeded = uncounted.Succeeded?.ToHashSet() ?? [];
        var uncountedFailed = uncounted.Failed?.ToHashSet() ?? [];
        var finished = pods.Where(p => HasTrackingFinalizer(p) && IsFinishedPod(p)).ToList();

        // Step 1: record the uids.
        var added = false;
        foreach (var pod in finished)
        {
            var set = pod.Status?.Phase == "Succeeded" ? uncountedSucceeded : uncountedFailed;
            added |= set.Add(pod.Metadata.Uid);
        }
        if (uncountedSucceeded.Count == 0 && uncountedFailed.Count == 0) return job;
        if (added)
        {
            uncounted.Succeeded = [.. uncountedSucceeded];
            uncounted.Failed = [.. uncountedFailed];
            job = await ReplaceStatusAsync(job, cancellationToken);
        }

        // Step 2: release the Pods.
        await RemoveTrackingFinalizersAsync(finished, cancellationToken);

        // Step 3: move the uids into the counters.
        status = job.Status;
        status.Succeeded = (status.Succeeded ?? 0) + uncountedSucceeded.Count;
        status.Failed = (status.Failed ?? 0) + uncountedFailed.Count;
        status.UncountedTerminatedPods = new V1UncountedTerminatedPods();
        if (uncountedFailed.Count > 0) _lastFailure[key] = DateTime.UtcNow;
        Log.CountedPods(_logger, key, uncountedSucceeded.Count, uncountedFailed.Count);
        return await ReplaceStatusAsync(job, cancellationToken);
    }

    private async Task RemoveTrackingFinalizersAsync(IEnumerable<V1Pod> pods, CancellationToken cancellationToken)
    {
        foreach (var pod in pods)
        {
            var rest = pod.Metadata.Finalizers?.Where(f => f != JobTrackingFinalizer).ToList() ?? [];
            var patch = new JsonObject { ["metadata"] = new JsonObject { ["finalizers"] = rest.Count > 0 ? new JsonArray([.. rest.Select(f => JsonValue.Create(f))]) : null } };
            try
            {
                await _client.CoreV1.PatchNamespacedPodAsync(new V1Patch(patch.ToJsonString(), V1Patch.PatchType.MergePatch), pod.Metadata.Name,
                    pod.Metadata.NamespaceProperty, cancellationToken: cancellationToken);
            }
            catch (Exception ex) when (ApiErrors.IsNotFound(ex))
            {
            }
        }
    }

    // 10s after the first failure, doubling with each further one, at most 6 minutes.
    private TimeSpan BackOffRemaining(string key, int failed, DateTime now)
    {
        if (failed == 0 || !_lastFailure.TryGetValue(key, out var last)) return TimeSpan.Zero;
        var delay = PodFailureBackOff * Math.Pow(2, Math.Min(failed - 1, 10));
        if (delay > MaxPodFailureBackOff) delay = MaxPodFailureBackOff;
        var remaining = last + delay - now;
        return remaining > TimeSpan.Zero ? remaining : TimeSpan.Zero;
    }

    private async Task CreatePodsAsync(string key, V1Job job, int count, CancellationToken cancellationToken)
    {
        Log.CreatingPods(_logger, key, count);
        _expectations.ExpectCreations(key, count);
        for (var i = 0; i < count; i++)
        {
            try
            {
                await _podControl.CreatePodAsync(NewJobPod(job), job, cancellationToken);
            }
            catch
            {
                for (var j = i; j < count; j++) _expectations.CreationObserved(key);
                throw;
            }
        }
    }

    private async Task DeletePodsAsync(string key, V1Job job, IReadOnlyList<V1Pod> pods, CancellationToken cancellationToken)
    {
        if (pods.Count == 0) return;
        _expectations.ExpectDeletions(key, [.. pods.Select(MetaNamespaceKey.For)]);
        for (var i = 0; i < pods.Count; i++)
        {
            var pod = pods[i];
            try
            {
                // Already gone: its deletion may have been reported before we expected it.
                if (!await _podControl.DeletePodAsync(pod.Metadata.NamespaceProperty, pod.Metadata.Name, job, cancellationToken))
                    _expectations.DeletionObserved(key, MetaNamespaceKey.For(pod));
            }
            catch
            {
                // This deletion and the ones after it will not show up in the informer.
                foreach (var rest in pods.Skip(i)) _expectations.DeletionObserved(key, MetaNamespaceKey.For(rest));
                throw;
            }
        }
    }

    /// <summary>A Pod for the Job: the template, the Job's labels (new and legacy names) and the tracking finalizer.</summary>
    internal static V1Pod NewJobPod(V1Job job)
    {
        var pod = PodControl.GetPodFromTemplate(job.Spec.Template, job, ControllerRef.New(job, "batch/v1", "Job"));
        pod.Metadata.Labels[ControllerUidLabel] = job.Metadata.Uid;
        pod.Metadata.Labels[JobNameLabel] = job.Metadata.Name;
        pod.Metadata.Labels[LegacyControllerUidLabel] = job.Metadata.Uid;
        pod.Metadata.Labels[LegacyJobNameLabel] = job.Metadata.Name;
        pod.Metadata.Finalizers = [.. pod.Metadata.Finalizers ?? [], JobTrackingFinalizer];
        return pod;
    }

    private static V1JobCondition Condition(string type, string reason, string message, DateTime now) => new()
    {
        Type = type,
        Status = "True",
        Reason = reason,
        Message = message,
        LastProbeTime = now,
        LastTransitionTime = now,
    };

    private async Task<V1Job> ReplaceStatusAsync(V1Job job, CancellationToken cancellationToken) =>
        await _client.BatchV1.ReplaceNamespacedJobStatusAsync(job, job.Metadata.Name, job.Metadata.NamespaceProperty, cancellationToken: cancellationToken);

    private async Task UpdateStatusAsync(V1Job cached, V1Job working, CancellationToken cancellationToken)
    {
        if (cached.Status is not null && KubernetesJson.Serialize(cached.Status) == KubernetesJson.Serialize(working.Status)) return;
        await ReplaceStatusAsync(working, cancellationToken);
    }
}
