using k8s;
using k8s.Models;
using static MiniKube.ApiServer.Registry.TableColumn;

namespace MiniKube.ApiServer.Registry.Resources;

/// <summary>
/// ReplicaSets: keep a stable number of identical Pods running; Deployments own one per template revision.
/// Concept: https://kubernetes.io/docs/concepts/workloads/controllers/replicaset/
/// </summary>
public static class ReplicaSets
{
    public static ResourceDefinition Definition { get; } = new()
    {
        Group = "apps",
        Kind = "ReplicaSet",
        Plural = "replicasets",
        Namespaced = true,
        ModelType = typeof(V1ReplicaSet),
        ListModelType = typeof(V1ReplicaSetList),
        ShortNames = ["rs"],
        Categories = ["all"],
        Subresources = ["status", "scale"],
        Strategy = new WorkloadStrategy<V1ReplicaSet>(r => r.Spec?.Selector, r => r.Spec?.Template, r => r.Spec?.Replicas,
            defaults: r => { if (r.Spec is not null) r.Spec.Replicas ??= 1; }),
        Columns =
        [
            NameColumn(),
            Integer("Desired", "Replicas is the number of desired replicas.", ForInt<V1ReplicaSet>(r => r.Spec?.Replicas ?? 1)),
            Integer("Current", "Replicas is the most recently observed number of replicas.", ForInt<V1ReplicaSet>(r => r.Status?.Replicas ?? 0)),
            Integer("Ready", "The number of ready replicas for this replica set.", ForInt<V1ReplicaSet>(r => r.Status?.ReadyReplicas ?? 0)),
            AgeColumn(),
            WorkloadColumns.Containers<V1ReplicaSet>(r => r.Spec?.Template),
            WorkloadColumns.Images<V1ReplicaSet>(r => r.Spec?.Template),
            WorkloadColumns.Selector<V1ReplicaSet>(r => r.Spec?.Selector),
        ],
        SelectableFields = new Dictionary<string, Func<IKubernetesObject<V1ObjectMeta>, string?>>
        {
            ["status.replicas"] = o => ((o as V1ReplicaSet)?.Status?.Replicas ?? 0).ToString(System.Globalization.CultureInfo.InvariantCulture),
        },
    };
}
