using k8s;
using k8s.Models;
using MiniKube.ApiMachinery.Labels;

namespace MiniKube.ControllerManager.ReplicaSet;

/// <summary>
/// The few things that differ between a ReplicaSet and a ReplicationController, so that one
/// <see cref="ReplicaSetController{TSet}"/> runs both. Upstream does the same: the ReplicationManager is the
/// ReplicaSet controller fed with ReplicationControllers converted to ReplicaSets. Status is exchanged in the
/// ReplicaSet's shape (<see cref="V1ReplicaSetStatus"/>), converted back when written.
/// Concept: https://kubernetes.io/docs/concepts/workloads/controllers/replicationcontroller/
/// </summary>
public interface IReplicaSetKind<TSet> where TSet : class, IKubernetesObject<V1ObjectMeta>
{
    /// <summary>"ReplicaSet" or "ReplicationController": the kind in the pods' ownerReferences.</summary>
    string Kind { get; }

    /// <summary>"apps/v1" or "v1".</summary>
    string ApiVersion { get; }

    /// <summary>The controller's name as <c>--controllers</c> knows it.</summary>
    string ControllerName { get; }

    /// <summary>The Events' source component: "replicaset-controller" or "replication-controller".</summary>
    string EventComponent { get; }

    /// <summary>The logger category, after the upstream type: ReplicaSetController or ReplicationManager.</summary>
    string LoggerCategory { get; }

    int Replicas(TSet set);

    LabelSelector Selector(TSet set);

    V1PodTemplateSpec? Template(TSet set);

    int MinReadySeconds(TSet set);

    V1ReplicaSetStatus Status(TSet set);

    Task<TSet> ReadAsync(IKubernetes client, string ns, string name, CancellationToken cancellationToken);

    /// <summary>PUT …/status with <paramref name="status"/> on a copy of <paramref name="set"/>.</summary>
    Task<TSet> ReplaceStatusAsync(IKubernetes client, TSet set, V1ReplicaSetStatus status, CancellationToken cancellationToken);
}
