using k8s;
using k8s.Models;

namespace MiniKube.ControllerManager.GarbageCollector;

public enum GraphEventType { AddOrUpdate, Delete }

/// <summary>One change seen by a monitor: just what the graph needs of the object.</summary>
public sealed record GraphEvent(GraphEventType Type, ObjectIdentity Identity, IReadOnlyList<V1OwnerReference> Owners, bool BeingDeleted, IReadOnlyList<string> Finalizers)
{
    public static GraphEvent From(GraphEventType type, IKubernetesObject<V1ObjectMeta> obj) => new(
        type,
        new ObjectIdentity(obj.ApiVersion, obj.Kind, obj.Metadata.NamespaceProperty, obj.Metadata.Name, obj.Metadata.Uid),
        [.. obj.Metadata.OwnerReferences ?? []],
        obj.Metadata.DeletionTimestamp is not null,
        [.. obj.Metadata.Finalizers ?? []]);
}
