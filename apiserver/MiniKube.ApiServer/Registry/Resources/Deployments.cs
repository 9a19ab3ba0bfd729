using k8s.Models;
using static MiniKube.ApiServer.Registry.TableColumn;

namespace MiniKube.ApiServer.Registry.Resources;

/// <summary>
/// Deployments: declarative updates for Pods through ReplicaSets (rolling updates, rollbacks, scaling).
/// Concept: https://kubernetes.io/docs/concepts/workloads/controllers/deployment/
/// </summary>
public static class Deployments
{
    public static ResourceDefinition Definition { get; } = new()
    {
        Group = "apps",
        Kind = "Deployment",
        Plural = "deployments",
        Namespaced = true,
        ModelType = typeof(V1Deployment),
        ListModelType = typeof(V1DeploymentList),
        ShortNames = ["deploy"],
        Categories = ["all"],
        Subresources = ["status", "scale"],
        Strategy = new WorkloadStrategy<V1Deployment>(d => d.Spec?.Selector, d => d.Spec?.Template, d => d.Spec?.Replicas,
            defaults: d =>
            {
                // Upstream's Deployment defaults: one replica, a 25%/25% rolling update, ten old ReplicaSets kept.
                if (d.Spec is not { } spec) return;
                spec.Replicas ??= 1;
                spec.RevisionHistoryLimit ??= 10;
                spec.ProgressDeadlineSeconds ??= 600;
                spec.Strategy ??= new V1DeploymentStrategy();
                spec.Strategy.Type ??= "RollingUpdate";
                if (spec.Strategy.Type == "RollingUpdate")
                {
                    spec.Strategy.RollingUpdate ??= new V1RollingUpdateDeployment();
                    spec.Strategy.RollingUpdate.MaxSurge ??= "25%";
                    spec.Strategy.RollingUpdate.MaxUnavailable ??= "25%";
                }
            }),
        Columns =
        [
            NameColumn(),
            Text("Ready", "Number of the pod with ready state", For<V1Deployment>(d => $"{d.Status?.ReadyReplicas ?? 0}/{d.Spec?.Replicas ?? 1}")),
            Integer("Up-to-date", "Total number of non-terminated pods targeted by this deployment that have the desired template spec.",
                ForInt<V1Deployment>(d => d.Status?.UpdatedReplicas ?? 0)),
            Integer("Available", "Total number of available pods (ready for at least minReadySeconds) targeted by this deployment.",
                ForInt<V1Deployment>(d => d.Status?.AvailableReplicas ?? 0)),
            AgeColumn(),
            WorkloadColumns.Containers<V1Deployment>(d => d.Spec?.Template),
            WorkloadColumns.Images<V1Deployment>(d => d.Spec?.Template),
            WorkloadColumns.Selector<V1Deployment>(d => d.Spec?.Selector),
        ],
    };
}
