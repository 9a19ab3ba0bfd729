using k8s;
using k8s.Models;

namespace MiniKube.ControllerManager.Pods;

/// <summary>
/// The controller ownerReference (upstream: <c>metav1.NewControllerRef</c>, <c>metav1.GetControllerOf</c>): of an
/// object's owners, at most one is its controller, the one that manages it. The garbage collector deletes the object
/// when that owner is gone.
/// Concept: https://kubernetes.io/docs/concepts/overview/working-with-objects/owners-dependents/
/// </summary>
public static class ControllerRef
{
    /// <summary>
    /// The ownerReference a controller puts on what it creates or adopts: <c>controller: true</c> (there is one per
    /// object) and <c>blockOwnerDeletion: true</c> (a foreground deletion of the owner waits for it).
    /// </summary>
    public static V1OwnerReference New(IKubernetesObject<V1ObjectMeta> owner, string apiVersion, string kind) => new()
    {
        ApiVersion = apiVersion,
        Kind = kind,
        Name = owner.Metadata.Name,
        Uid = owner.Metadata.Uid,
        Controller = true,
        BlockOwnerDeletion = true,
    };

    /// <summary>The controlling ownerReference of <paramref name="obj"/>, if any.</summary>
    public static V1OwnerReference? Of(IMetadata<V1ObjectMeta> obj) =>
        obj.Metadata?.OwnerReferences?.FirstOrDefault(r => r.Controller == true);
}
