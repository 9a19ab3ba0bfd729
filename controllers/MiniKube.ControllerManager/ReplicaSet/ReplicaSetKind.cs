using k8s;
using k8s.Models;
using MiniKube.ApiMachinery.Labels;
using MiniKube.ControllerManager.Pods;

namespace MiniKube.ControllerManager.ReplicaSet;

/// <summary>apps/v1 ReplicaSets, driven by the "replicaset-controller".</summary>
public sealed class ReplicaSetKind : IReplicaSetKind<V1ReplicaSet>
{
    public string Kind => "ReplicaSet";
    public string ApiVersion => "apps/v1";
    public string ControllerName => "replicaset-controller";
    public string EventComponent => "replicaset-controller";
    public string LoggerCategory => "MiniKube.ControllerManager.ReplicaSet.ReplicaSetController";

    public int Replicas(V1ReplicaSet set) => set.Spec?.Replicas ?? 1;
    public LabelSelector Selector(V1ReplicaSet set) => LabelSelector.FromV1(set.Spec?.Selector);
    public V1PodTemplateSpec? Template(V1ReplicaSet set) => set.Spec?.Template;
    public int MinReadySeconds(V1ReplicaSet set) => set.Spec?.MinReadySeconds ?? 0;
    public V1ReplicaSetStatus Status(V1ReplicaSet set) => set.Status ?? new V1ReplicaSetStatus();

    public Task<V1ReplicaSet> ReadAsync(IKubernetes client, string ns, string name, CancellationToken cancellationToken) =>
        client.AppsV1.ReadNamespacedReplicaSetAsync(name, ns, cancellationToken: cancellationToken);

    public Task<V1ReplicaSet> ReplaceStatusAsync(IKubernetes client, V1ReplicaSet set, V1ReplicaSetStatus status, CancellationToken cancellationToken)
    {
        var copy = ObjectCopy.DeepCopy(set);
        copy.Status = status;
        return client.AppsV1.ReplaceNamespacedReplicaSetStatusAsync(copy, copy.Metadata.Name, copy.Metadata.NamespaceProperty, cancellationToken: cancellationToken);
    }
}
