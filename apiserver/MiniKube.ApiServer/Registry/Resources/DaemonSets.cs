using k8s.Models;
using static MiniKube.ApiServer.Registry.TableColumn;

namespace MiniKube.ApiServer.Registry.Resources;

/// <summary>
/// DaemonSets: one Pod on every eligible node (log shippers, node agents, CNI daemons).
/// Concept: https://kubernetes.io/docs/concepts/workloads/controllers/daemonset/
/// </summary>
public static class DaemonSets
{
    public static ResourceDefinition Definition { get; } = new()
    {
        Group = "apps",
        Kind = "DaemonSet",
        Plural = "daemonsets",
        Namespaced = true,
        ModelType = typeof(V1DaemonSet),
        ListModelType = typeof(V1DaemonSetList),
        ShortNames = ["ds"],
        Categories = ["all"],
        Subresources = ["status"],
        Strategy = new WorkloadStrategy<V1DaemonSet>(d => d.Spec?.Selector, d => d.Spec?.Template, _ => null,
            defaults: d =>
            {
                if (d.Spec is not { } spec) return;
                spec.RevisionHistoryLimit ??= 10;
                spec.UpdateStrategy ??= new V1DaemonSetUpdateStrategy
                {
                    Type = "RollingUpdate",
                    RollingUpdate = new V1RollingUpdateDaemonSet { MaxUnavailable = 1, MaxSurge = 0 },
                };
            }),
        Columns =
        [
            NameColumn(),
            Integer("Desired", "The total number of nodes that should be running the daemon pod.", ForInt<V1DaemonSet>(d => d.Status?.DesiredNumberScheduled ?? 0)),
            Integer("Current", "The number of nodes that are running at least 1 daemon pod and are supposed to run the daemon pod.",
                ForInt<V1DaemonSet>(d => d.Status?.CurrentNumberScheduled ?? 0)),
            Integer("Ready", "The number of nodes that should be running the daemon pod and have one or more of the daemon pod running and ready.",
                ForInt<V1DaemonSet>(d => d.Status?.NumberReady ?? 0)),
            Integer("Up-to-date", "The total number of nodes that are running updated daemon pod", ForInt<V1DaemonSet>(d => d.Status?.UpdatedNumberScheduled ?? 0)),
            Integer("Available", "The number of nodes that should be running the daemon pod and have one or more of the daemon pod running and available.",
                ForInt<V1DaemonSet>(d => d.Status?.NumberAvailable ?? 0)),
            Text("Node Selector", "NodeSelector is a selector which must be true for the pod to fit on a node.",
                For<V1DaemonSet>(d => d.Spec?.Template?.Spec?.NodeSelector is { Count: > 0 } s ? string.Join(",", s.Select(p => $"{p.Key}={p.Value}")) : "<none>")),
            AgeColumn(),
            WorkloadColumns.Containers<V1DaemonSet>(d => d.Spec?.Template),
            WorkloadColumns.Images<V1DaemonSet>(d => d.Spec?.Template),
            WorkloadColumns.Selector<V1DaemonSet>(d => d.Spec?.Selector),
        ],
    };
}
