using k8s.Models;
using static MiniKube.ApiServer.Registry.TableColumn;

namespace MiniKube.ApiServer.Registry.Resources;

/// <summary>
/// StatefulSets: Pods with stable names (web-0, web-1) and their own PersistentVolumeClaims, started in order.
/// Concept: https://kubernetes.io/docs/concepts/workloads/controllers/statefulset/
/// </summary>
public static class StatefulSets
{
    public static ResourceDefinition Definition { get; } = new()
    {
        Group = "apps",
        Kind = "StatefulSet",
        Plural = "statefulsets",
        Namespaced = true,
        ModelType = typeof(V1StatefulSet),
        ListModelType = typeof(V1StatefulSetList),
        ShortNames = ["sts"],
        Categories = ["all"],
        Subresources = ["status", "scale"],
        Strategy = new WorkloadStrategy<V1StatefulSet>(s => s.Spec?.Selector, s => s.Spec?.Template, s => s.Spec?.Replicas,
            defaults: s =>
            {
                if (s.Spec is not { } spec) return;
                spec.Replicas ??= 1;
                spec.PodManagementPolicy ??= "OrderedReady";
                spec.RevisionHistoryLimit ??= 10;
                spec.UpdateStrategy ??= new V1StatefulSetUpdateStrategy { Type = "RollingUpdate", RollingUpdate = new V1RollingUpdateStatefulSetStrategy { Partition = 0 } };
            }),
        Columns =
        [
            NameColumn(),
            Text("Ready", "Number of the pod with ready state", For<V1StatefulSet>(s => $"{s.Status?.ReadyReplicas ?? 0}/{s.Spec?.Replicas ?? 1}")),
            AgeColumn(),
            WorkloadColumns.Containers<V1StatefulSet>(s => s.Spec?.Template),
            WorkloadColumns.Images<V1StatefulSet>(s => s.Spec?.Template),
        ],
    };
}
