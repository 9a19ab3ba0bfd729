using k8s;
using k8s.Models;
using static MiniKube.ApiServer.Registry.TableColumn;

namespace MiniKube.ApiServer.Registry.Resources;

/// <summary>
/// ReplicationControllers: the original "keep N pods running" object that ReplicaSets replaced; still served and
/// still part of <c>kubectl get all</c>. Its selector is a plain label map.
/// Concept: https://kubernetes.io/docs/concepts/workloads/controllers/replicationcontroller/
/// </summary>
public static class ReplicationControllers
{
    public static ResourceDefinition Definition { get; } = new()
    {
        Group = "",
        Kind = "ReplicationController",
        Plural = "replicationcontrollers",
        Namespaced = true,
        ModelType = typeof(V1ReplicationController),
        ListModelType = typeof(V1ReplicationControllerList),
        ShortNames = ["rc"],
        Categories = ["all"],
        Subresources = ["status", "scale"],
        Strategy = new WorkloadStrategy<V1ReplicationController>(
            r => r.Spec?.Selector is { Count: > 0 } labels ? new V1LabelSelector { MatchLabels = labels } : null,
            r => r.Spec?.Template, r => r.Spec?.Replicas, defaults: ApplyDefaults),
        Columns =
        [
            NameColumn(),
            Integer("Desired", "Replicas is the number of desired replicas.", ForInt<V1ReplicationController>(r => r.Spec?.Replicas ?? 1)),
            Integer("Current", "Replicas is the most recently observed number of replicas.", ForInt<V1ReplicationController>(r => r.Status?.Replicas ?? 0)),
            Integer("Ready", "The number of ready replicas for this replication controller.", ForInt<V1ReplicationController>(r => r.Status?.ReadyReplicas ?? 0)),
            AgeColumn(),
            WorkloadColumns.Containers<V1ReplicationController>(r => r.Spec?.Template),
            WorkloadColumns.Images<V1ReplicationController>(r => r.Spec?.Template),
            Text("Selector", "Label selector for pods.",
                For<V1ReplicationController>(r => r.Spec?.Selector is { Count: > 0 } s ? string.Join(",", s.Select(p => $"{p.Key}={p.Value}")) : "<none>"), 1),
        ],
        SelectableFields = new Dictionary<string, Func<IKubernetesObject<V1ObjectMeta>, string?>>
        {
            ["status.replicas"] = o => ((o as V1ReplicationController)?.Status?.Replicas ?? 0).ToString(System.Globalization.CultureInfo.InvariantCulture),
        },
    };

    // Upstream's SetDefaults_ReplicationController: an RC without a selector selects its template's labels, and one
    // without labels of its own takes them too, so a manifest may give the labels once; replicas default to 1.
    private static void ApplyDefaults(V1ReplicationController rc)
    {
        if (rc.Spec is null) return;
        var templateLabels = rc.Spec.Template?.Metadata?.Labels;
        if (templateLabels is { Count: > 0 })
        {
            if (rc.Spec.Selector is not { Count: > 0 }) rc.Spec.Selector = new Dictionary<string, string>(templateLabels);
            if (rc.Metadata.Labels is not { Count: > 0 }) rc.Metadata.Labels = new Dictionary<string, string>(templateLabels);
        }
        rc.Spec.Replicas ??= 1;
    }
}
