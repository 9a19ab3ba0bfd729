using System.Globalization;
using System.Text.Json.Nodes;
using k8s;
using k8s.Models;

namespace MiniKube.ControllerManager.Deployment;

/// <summary>
/// The Deployment controller's arithmetic and bookkeeping (upstream: <c>pkg/controller/deployment/util</c>): how
/// many pods a rolling update may add (maxSurge) or take away (maxUnavailable), which ReplicaSet is "new" (its
/// template equals the Deployment's), the revision and replicas annotations on ReplicaSets, and the conditions.
/// Concept: https://kubernetes.io/docs/concepts/workloads/controllers/deployment/
/// </summary>
public static class DeploymentUtil
{
    public const string RevisionAnnotation = "deployment.kubernetes.io/revision";
    public const string RevisionHistoryAnnotation = "deployment.kubernetes.io/revision-history";
    public const string DesiredReplicasAnnotation = "deployment.kubernetes.io/desired-replicas";
    public const string MaxReplicasAnnotation = "deployment.kubernetes.io/max-replicas";
    public const string LastAppliedConfigAnnotation = "kubectl.kubernetes.io/last-applied-configuration";
    public const string DeprecatedRollbackTo = "deprecated.deployment.rollback.to";

    // Condition types and reasons, word for word as upstream (kubectl rollout status matches on some).
    public const string Available = "Available";
    public const string Progressing = "Progressing";
    public const string ReplicaFailure = "ReplicaFailure";
    public const string NewReplicaSetReason = "NewReplicaSetCreated";
    public const string FoundNewRSReason = "FoundNewReplicaSet";
    public const string ReplicaSetUpdatedReason = "ReplicaSetUpdated";
    public const string NewRSAvailableReason = "NewReplicaSetAvailable";
    public const string TimedOutReason = "ProgressDeadlineExceeded";
    public const string FailedRSCreateReason = "ReplicaSetCreateError";
    public const string PausedDeployReason = "DeploymentPaused";
    public const string ResumedDeployReason = "DeploymentResumed";
    public const string MinimumReplicasAvailable = "MinimumReplicasAvailable";
    public const string MinimumReplicasUnavailable = "MinimumReplicasUnavailable";

    // Deployment annotations that are the Deployment's own business and are not copied to its ReplicaSets.
    private static readonly HashSet<string> AnnotationsToSkip =
        [LastAppliedConfigAnnotation, RevisionAnnotation, RevisionHistoryAnnotation, DesiredReplicasAnnotation, MaxReplicasAnnotation, DeprecatedRollbackTo];

    /// <summary>An annotation's value, or null (annotations are an IDictionary, which has no GetValueOrDefault).</summary>
    public static string? Get(this IDictionary<string, string> annotations, string key) => annotations.TryGetValue(key, out var value) ? value : null;

    public static int Replicas(V1Deployment d) => d.Spec.Replicas ?? 1;
    public static int Replicas(V1ReplicaSet rs) => rs.Spec.Replicas ?? 1;

    public static bool IsRollingUpdate(V1Deployment d) => d.Spec.Strategy?.Type is null or "RollingUpdate";

    /// <summary>
    /// maxSurge and maxUnavailable as pod counts for <paramref name="desired"/> replicas: a percentage rounds up for
    /// surge and down for unavailable (so both err on the side of availability), and if both come to 0 unavailable
    /// becomes 1, or the rollout could never start.
    /// </summary>
    public static (int Surge, int Unavailable) ResolveFenceposts(IntOrString? maxSurge, IntOrString? maxUnavailable, int desired)
    {
        var surge = ScaledValue(maxSurge, desired, roundUp: true);
        var unavailable = ScaledValue(maxUnavailable, desired, roundUp: false);
        if (surge == 0 && unavailable == 0) unavailable = 1;
        return (surge, unavailable);
    }

    /// <summary>An int, or a percentage of <paramref name="total"/> ("25%").</summary>
    public static int ScaledValue(IntOrString? value, int total, bool roundUp)
    {
        var text = value?.Value;
        if (string.IsNullOrEmpty(text)) return 0;
        if (text.EndsWith('%'))
        {
            var percent = int.Parse(text[..^1], CultureInfo.InvariantCulture);
            var exact = percent * (double)total / 100;
            return (int)(roundUp ? Math.Ceiling(exact) : Math.Floor(exact));
        }
        return int.Parse(text, CultureInfo.InvariantCulture);
    }

    public static int MaxSurge(V1Deployment d)
    {
        if (!IsRollingUpdate(d)) return 0;
        var rolling = d.Spec.Strategy?.RollingUpdate;
        return ResolveFenceposts(rolling?.MaxSurge ?? "25%", rolling?.MaxUnavailable ?? "25%", Replicas(d)).Surge;
    }

    public static int MaxUnavailable(V1Deployment d)
    {
        if (!IsRollingUpdate(d) || Replicas(d) == 0) return 0;
        var rolling = d.Spec.Strategy?.RollingUpdate;
        var unavailable = ResolveFenceposts(rolling?.MaxSurge ?? "25%", rolling?.MaxUnavailable ?? "25%", Replicas(d)).Unavailable;
        return Math.Min(unavailable, Replicas(d));
    }

    // Sums over ReplicaSets: spec (what we asked for) and status (what the ReplicaSet controller reports).
    public static int ReplicaCount(IEnumerable<V1ReplicaSet?> sets) => sets.Sum(rs => rs is null ? 0 : Replicas(rs));
    public static int ActualReplicaCount(IEnumerable<V1ReplicaSet?> sets) => sets.Sum(rs => rs?.Status?.Replicas ?? 0);
    public static int ReadyReplicaCount(IEnumerable<V1ReplicaSet?> sets) => sets.Sum(rs => rs?.Status?.ReadyReplicas ?? 0);
    public static int AvailableReplicaCount(IEnumerable<V1ReplicaSet?> sets) => sets.Sum(rs => rs?.Status?.AvailableReplicas ?? 0);

    /// <summary>
    /// Available pods a rollout may count on: a ReplicaSet just scaled down still reports its old, higher count
    /// until its controller catches up, but will soon have at most spec.replicas.
    /// Upstream difference: upstream sums status.availableReplicas as reported; capping it at spec.replicas keeps
    /// maxUnavailable exact even when the Deployment controller syncs before the ReplicaSet controller.
    /// </summary>
    public static int CountableAvailableReplicas(IEnumerable<V1ReplicaSet?> sets) =>
        sets.Sum(rs => rs is null ? 0 : Math.Min(rs.Status?.AvailableReplicas ?? 0, Replicas(rs)));

    /// <summary>
    /// Pods that exist or are asked for: a ReplicaSet just scaled down still has its pods until its controller
    /// deletes them, so it counts with the larger of spec and status.
    /// Upstream difference: upstream sums spec.replicas; counting not-yet-deleted pods keeps maxSurge exact.
    /// </summary>
    public static int SurgeablePodCount(IEnumerable<V1ReplicaSet?> sets) =>
        sets.Sum(rs => rs is null ? 0 : Math.Max(Replicas(rs), rs.Status?.Replicas ?? 0));

    /// <summary>ReplicaSets that still have (or are asked for) pods.</summary>
    public static List<V1ReplicaSet> Active(IEnumerable<V1ReplicaSet?> sets) => [.. sets.OfType<V1ReplicaSet>().Where(rs => Replicas(rs) > 0)];

    /// <summary>
    /// Two pod templates are the same rollout if they are equal once the pod-template-hash label is ignored:
    /// this is how <c>kubectl rollout undo</c>, which copies an old ReplicaSet's template, brings that ReplicaSet back.
    /// </summary>
    public static bool EqualIgnoreHash(V1PodTemplateSpec? a, V1PodTemplateSpec? b) => JsonNode.DeepEquals(WithoutHash(a), WithoutHash(b));

    private static JsonNode? WithoutHash(V1PodTemplateSpec? template)
    {
        var node = JsonNode.Parse(KubernetesJson.Serialize(template));
        if (node?["metadata"]?["labels"] is JsonObject labels)
        {
            labels.Remove(PodTemplateHash.LabelKey);
            if (labels.Count == 0) node["metadata"]!.AsObject().Remove("labels");
        }
        return node;
    }

    /// <summary>The oldest ReplicaSet whose template is the Deployment's (the oldest, if a race ever made two).</summary>
    public static V1ReplicaSet? FindNewReplicaSet(V1Deployment d, IEnumerable<V1ReplicaSet> sets) =>
        ByCreation(sets).FirstOrDefault(rs => EqualIgnoreHash(rs.Spec.Template, d.Spec.Template));

    public static List<V1ReplicaSet> FindOldReplicaSets(V1Deployment d, IEnumerable<V1ReplicaSet> sets, V1ReplicaSet? newRS) =>
        [.. sets.Where(rs => newRS is null || rs.Metadata.Uid != newRS.Metadata.Uid)];

    public static IEnumerable<V1ReplicaSet> ByCreation(IEnumerable<V1ReplicaSet> sets) =>
        sets.OrderBy(rs => rs.Metadata.CreationTimestamp).ThenBy(rs => rs.Metadata.Name, StringComparer.Ordinal);

    public static long Revision(V1ReplicaSet rs) =>
        rs.Metadata.Annotations?.TryGetValue(RevisionAnnotation, out var text) == true && long.TryParse(text, CultureInfo.InvariantCulture, out var v) ? v : 0;

    public static long MaxRevision(IEnumerable<V1ReplicaSet> sets) => sets.Select(Revision).DefaultIfEmpty(0).Max();

    /// <summary>
    /// Copies the Deployment's annotations to its new ReplicaSet and moves the ReplicaSet to
    /// <paramref name="newRevision"/> (recording the revision it had in revision-history). Returns whether
    /// anything changed.
    /// </summary>
    public static bool SetNewReplicaSetAnnotations(V1Deployment d, V1ReplicaSet rs, string newRevision, bool exists)
    {
        rs.Metadata.Annotations ??= new Dictionary<string, string>();
        var changed = false;
        foreach (var (k, v) in d.Metadata.Annotations ?? new Dictionary<string, string>())
        {
            if (AnnotationsToSkip.Contains(k) || (rs.Metadata.Annotations.TryGetValue(k, out var old) && old == v)) continue;
            rs.Metadata.Annotations[k] = v;
            changed = true;
        }
        var oldRevision = rs.Metadata.Annotations.Get(RevisionAnnotation) ?? "";
        var oldValue = long.TryParse(oldRevision, CultureInfo.InvariantCulture, out var o) ? o : 0;
        var newValue = long.Parse(newRevision, CultureInfo.InvariantCulture);
        if (oldValue < newValue)
        {
            rs.Metadata.Annotations[RevisionAnnotation] = newRevision;
            changed = true;
            // A rolled-back-to ReplicaSet remembers the revisions it used to be.
            if (oldRevision.Length > 0)
            {
                var history = rs.Metadata.Annotations.Get(RevisionHistoryAnnotation);
                rs.Metadata.Annotations[RevisionHistoryAnnotation] = string.IsNullOrEmpty(history) ? oldRevision : $"{history},{oldRevision}";
            }
        }
        if (!exists && SetReplicasAnnotations(rs, Replicas(d), Replicas(d) + MaxSurge(d))) changed = true;
        return changed;
    }

    /// <summary>desired-replicas and max-replicas: what the Deployment wanted when it last sized this ReplicaSet.</summary>
    public static bool SetReplicasAnnotations(V1ReplicaSet rs, int desired, int max)
    {
        rs.Metadata.Annotations ??= new Dictionary<string, string>();
        var d = desired.ToString(CultureInfo.InvariantCulture);
        var m = max.ToString(CultureInfo.InvariantCulture);
        if (rs.Metadata.Annotations.Get(DesiredReplicasAnnotation) == d && rs.Metadata.Annotations.Get(MaxReplicasAnnotation) == m) return false;
        rs.Metadata.Annotations[DesiredReplicasAnnotation] = d;
        rs.Metadata.Annotations[MaxReplicasAnnotation] = m;
        return true;
    }

    public static bool ReplicasAnnotationsNeedUpdate(V1ReplicaSet rs, int desired, int max) =>
        rs.Metadata.Annotations?.Get(DesiredReplicasAnnotation) != desired.ToString(CultureInfo.InvariantCulture)
        || rs.Metadata.Annotations?.Get(MaxReplicasAnnotation) != max.ToString(CultureInfo.InvariantCulture);

    public static int? DesiredReplicasAnnotationValue(V1ReplicaSet rs) => IntAnnotation(rs, DesiredReplicasAnnotation);
    public static int? MaxReplicasAnnotationValue(V1ReplicaSet rs) => IntAnnotation(rs, MaxReplicasAnnotation);

    private static int? IntAnnotation(V1ReplicaSet rs, string key) =>
        rs.Metadata.Annotations?.TryGetValue(key, out var text) == true && int.TryParse(text, CultureInfo.InvariantCulture, out var v) ? v : null;

    /// <summary>How many replicas the new ReplicaSet may have now (upstream: NewRSNewReplicas).</summary>
    public static int NewRSNewReplicas(V1Deployment d, IEnumerable<V1ReplicaSet> allRSs, V1ReplicaSet newRS)
    {
        if (!IsRollingUpdate(d)) return Replicas(d); // Recreate: only called once the old pods are gone
        var currentPodCount = SurgeablePodCount(allRSs);
        var maxTotalPods = Replicas(d) + MaxSurge(d);
        if (currentPodCount >= maxTotalPods) return Replicas(newRS); // no room to surge
        var scaleUpCount = Math.Min(maxTotalPods - currentPodCount, Replicas(d) - Replicas(newRS));
        return Replicas(newRS) + scaleUpCount;
    }

    /// <summary>Every pod is updated and available, and the status describes the newest spec.</summary>
    public static bool DeploymentComplete(V1Deployment d, V1DeploymentStatus status) =>
        (status.UpdatedReplicas ?? 0) == Replicas(d) && (status.Replicas ?? 0) == Replicas(d)
        && (status.AvailableReplicas ?? 0) == Replicas(d) && (status.ObservedGeneration ?? 0) >= (d.Metadata.Generation ?? 0);

    /// <summary>Something moved since the last status: more updated, fewer old, more ready or more available pods.</summary>
    public static bool DeploymentProgressing(V1Deployment d, V1DeploymentStatus newStatus)
    {
        var old = d.Status ?? new V1DeploymentStatus();
        var oldOld = (old.Replicas ?? 0) - (old.UpdatedReplicas ?? 0);
        var newOld = (newStatus.Replicas ?? 0) - (newStatus.UpdatedReplicas ?? 0);
        return (newStatus.UpdatedReplicas ?? 0) > (old.UpdatedReplicas ?? 0) || newOld < oldOld
            || (newStatus.ReadyReplicas ?? 0) > (old.ReadyReplicas ?? 0) || (newStatus.AvailableReplicas ?? 0) > (old.AvailableReplicas ?? 0);
    }

    public static bool HasProgressDeadline(V1Deployment d) => d.Spec.ProgressDeadlineSeconds is { } s && s != int.MaxValue;

    /// <summary>No progress for progressDeadlineSeconds since the Progressing condition last moved.</summary>
    public static bool DeploymentTimedOut(V1Deployment d, V1DeploymentStatus status, DateTime now)
    {
        if (!HasProgressDeadline(d)) return false;
        var condition = GetCondition(status, Progressing);
        if (condition is null || condition.Reason == NewRSAvailableReason) return false;
        if (condition.Reason == TimedOutReason) return true;
        return condition.LastUpdateTime is { } from && from.AddSeconds(d.Spec.ProgressDeadlineSeconds!.Value) < now;
    }

    public static V1DeploymentCondition? GetCondition(V1DeploymentStatus? status, string type) => status?.Conditions?.FirstOrDefault(c => c.Type == type);

    public static V1DeploymentCondition NewCondition(string type, string status, string reason, string message)
    {
        var now = DateTime.UtcNow;
        return new V1DeploymentCondition { Type = type, Status = status, Reason = reason, Message = message, LastUpdateTime = now, LastTransitionTime = now };
    }

    /// <summary>
    /// Sets a condition; an unchanged status and reason is left alone (its times too), and an unchanged status
    /// keeps its lastTransitionTime.
    /// </summary>
    public static void SetCondition(V1DeploymentStatus status, V1DeploymentCondition condition)
    {
        var current = GetCondition(status, condition.Type);
        if (current is not null && current.Status == condition.Status && current.Reason == condition.Reason) return;
        if (current is not null && current.Status == condition.Status) condition.LastTransitionTime = current.LastTransitionTime;
        status.Conditions = [.. (status.Conditions ?? []).Where(c => c.Type != condition.Type), condition];
    }

    public static void RemoveCondition(V1DeploymentStatus status, string type)
    {
        if (status.Conditions is null) return;
        status.Conditions = [.. status.Conditions.Where(c => c.Type != type)];
    }

    /// <summary>The one active ReplicaSet, or the newest when none is active; null when several are active.</summary>
    public static V1ReplicaSet? FindActiveOrLatest(V1ReplicaSet? newRS, List<V1ReplicaSet> oldRSs)
    {
        if (newRS is null && oldRSs.Count == 0) return null;
        var newestFirst = ByCreation(oldRSs).Reverse().ToList();
        var active = Active([.. newestFirst, newRS]);
        return active.Count switch
        {
            0 => newRS ?? newestFirst[0],
            1 => active[0],
            _ => null,
        };
    }

    /// <summary>The new ReplicaSet runs every replica, all available: old ones can go to zero.</summary>
    public static bool IsSaturated(V1Deployment d, V1ReplicaSet? rs) =>
        rs is not null && Replicas(rs) == Replicas(d) && DesiredReplicasAnnotationValue(rs) == Replicas(d)
        && (rs.Status?.AvailableReplicas ?? 0) == Replicas(d);

    /// <summary>
    /// This ReplicaSet's share of <paramref name="toAdd"/> when a Deployment is scaled mid-rollout (proportional
    /// scaling): its size relative to what the Deployment allowed when it last sized it (max-replicas).
    /// </summary>
    public static int GetProportion(V1ReplicaSet? rs, V1Deployment d, int toAdd, int added)
    {
        if (rs is null || Replicas(rs) == 0 || toAdd == 0 || toAdd == added) return 0;
        var fraction = ReplicaSetFraction(rs, d);
        var allowed = toAdd - added;
        return toAdd > 0 ? Math.Min(fraction, allowed) : Math.Max(fraction, allowed);
    }

    private static int ReplicaSetFraction(V1ReplicaSet rs, V1Deployment d)
    {
        if (Replicas(d) == 0) return -Replicas(rs);
        var deploymentReplicas = Replicas(d) + MaxSurge(d);
        var annotated = MaxReplicasAnnotationValue(rs) ?? d.Status?.Replicas ?? 0;
        if (annotated == 0) return 0;
        var newSize = (double)Replicas(rs) * deploymentReplicas / annotated;
        return (int)Math.Round(newSize, MidpointRounding.AwayFromZero) - Replicas(rs);
    }
}
