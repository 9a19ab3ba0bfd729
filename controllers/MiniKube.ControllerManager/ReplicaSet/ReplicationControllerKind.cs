using k8s;
using k8s.Models;
using MiniKube.ApiMachinery.Labels;
using MiniKube.ControllerManager.Pods;

namespace MiniKube.ControllerManager.ReplicaSet;

/// <summary>
/// core/v1 ReplicationControllers, driven by the "replicationcontroller-controller" (upstream's ReplicationManager):
/// the same logic as ReplicaSets, with a plain label-map selector and the status converted field by field.
/// </summary>
public sealed class ReplicationControllerKind : IReplicaSetKind<V1ReplicationController>
{
    public string Kind => "ReplicationController";
    public string ApiVersion => "v1";
    public string ControllerName => "replicationcontroller-controller";
    public string EventComponent => "replication-controller";
    public string LoggerCategory => "MiniKube.ControllerManager.ReplicaSet.ReplicationManager";

    public int Replicas(V1ReplicationController set) => set.Spec?.Replicas ?? 1;

    // An RC without a selector selects its template's labels (upstream sets this as a default on create).
    public LabelSelector Selector(V1ReplicationController set) => LabelSelector.FromV1(new V1LabelSelector
    {
        MatchLabels = set.Spec?.Selector is { Count: > 0 } selector ? selector : set.Spec?.Template?.Metadata?.Labels,
    });

    public V1PodTemplateSpec? Template(V1ReplicationController set) => set.Spec?.Template;
    public int MinReadySeconds(V1ReplicationController set) => set.Spec?.MinReadySeconds ?? 0;

    public V1ReplicaSetStatus Status(V1ReplicationController set) => set.Status is not { } s ? new V1ReplicaSetStatus() : new V1ReplicaSetStatus
    {
        Replicas = s.Replicas,
        FullyLabeledReplicas = s.FullyLabeledReplicas,
        ReadyReplicas = s.ReadyReplicas,
        AvailableReplicas = s.AvailableReplicas,
        ObservedGeneration = s.ObservedGeneration,
        Conditions = s.Conditions?.Select(c => new V1ReplicaSetCondition
        {
            Type = c.Type, Status = c.Status, Reason = c.Reason, Message = c.Message, LastTransitionTime = c.LastTransitionTime,
        }).ToList(),
    };

    public Task<V1ReplicationController> ReadAsync(IKubernetes client, string ns, string name, CancellationToken cancellationToken) =>
        client.CoreV1.ReadNamespacedReplicationControllerAsync(name, ns, cancellationToken: cancellationToken);

    public Task<V1ReplicationController> ReplaceStatusAsync(IKubernetes client, V1ReplicationController set, V1ReplicaSetStatus status,
        CancellationToken cancellationToken)
    {
        var copy = ObjectCopy.DeepCopy(set);
        copy.Status = new V1ReplicationControllerStatus
        {
            Replicas = status.Replicas,
            FullyLabeledReplicas = status.FullyLabeledReplicas,
            ReadyReplicas = status.ReadyReplicas,
            AvailableReplicas = status.AvailableReplicas,
            ObservedGeneration = status.ObservedGeneration,
            Conditions = status.Conditions?.Select(c => new V1ReplicationControllerCondition
            {
                Type = c.Type, Status = c.Status, Reason = c.Reason, Message = c.Message, LastTransitionTime = c.LastTransitionTime,
            }).ToList(),
        };
        return client.CoreV1.ReplaceNamespacedReplicationControllerStatusAsync(copy, copy.Metadata.Name, copy.Metadata.NamespaceProperty,
            cancellationToken: cancellationToken);
    }
}
