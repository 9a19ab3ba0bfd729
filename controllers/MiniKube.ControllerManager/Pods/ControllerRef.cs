using k8s;
using k8s.Models;

namespace MiniKube.ControllerManager.Pods;

/// <summary>
/// The ownerReference a controller puts on what it creates (upstream: <c>metav1.NewControllerRef</c>):
/// <c>controller: true</c> marks the one owner that manages the object, and <c>blockOwnerDeletion: true</c> lets a
/// foreground deletion of the owner wait for it. The garbage collector deletes the object when its owner is gone.
/// Concept: https://kubernetes.io/docs/concepts/overview/working-with-objects/owners-dependents/
/// </summary>
public static class ControllerRef
{
    public static V1OwnerReference For(IKubernetesObject<V1ObjectMeta> owner, string apiVersion, string kind) => new()
    {
        ApiVersion = apiVersion,
        Kind = kind,
        Name = owner.Metadata.Name,
        Uid = owner.Metadata.Uid,
        Controller = true,
        BlockOwnerDeletion = true,
    };

    /// <summary>The controlling ownerReference of <paramref name="obj"/>, if any (upstream: <c>metav1.GetControllerOf</c>).</summary>
    public static V1OwnerReference? Of(IMetadata<V1ObjectMeta> obj) =>
        obj.Metadata?.OwnerReferences?.FirstOrDefault(r => r.Controller == true);
}
