using k8s;
using k8s.Models;

namespace MiniKube.ApiMachinery.Client;

/// <summary>
/// The index functions informers register by default, like client-go's <c>cache.MetaNamespaceIndexFunc</c> and the
/// owner and node indexes kube-controller-manager and the scheduler add: by namespace, by controlling owner
/// (the uid of the ownerReference with <c>controller: true</c>), and, for pods, by <c>spec.nodeName</c>.
/// Concept: https://kubernetes.io/docs/concepts/overview/working-with-objects/owners-dependents/
/// </summary>
public static class Indexers
{
    public const string Namespace = "namespace";
    public const string Owner = "owner";
    public const string NodeName = "nodeName";

    public static IEnumerable<string> ByNamespace(IMetadata<V1ObjectMeta> obj) =>
        obj.Metadata?.NamespaceProperty is { Length: > 0 } ns ? [ns] : [];

    /// <summary>
    /// The controller's uid: a ReplicaSet finds the pods it controls with ByIndex("owner", rs.Metadata.Uid). Only
    /// the controlling reference counts, because an object has at most one controller but may have other owners.
    /// </summary>
    public static IEnumerable<string> ByControllerOwner(IMetadata<V1ObjectMeta> obj) =>
        obj.Metadata?.OwnerReferences?.FirstOrDefault(r => r.Controller == true) is { Uid: { Length: > 0 } uid } ? [uid] : [];

    /// <summary>Pods by the node they are bound to; pods not yet scheduled have no value.</summary>
    public static IEnumerable<string> ByNodeName(object obj) =>
        obj is V1Pod { Spec.NodeName: { Length: > 0 } node } ? [node] : [];

    /// <summary>The default indexes for <typeparamref name="T"/>: namespace and owner, plus nodeName for pods.</summary>
    public static Dictionary<string, Func<T, IEnumerable<string>>> DefaultsFor<T>() where T : class, IKubernetesObject<V1ObjectMeta>
    {
        var indexers = new Dictionary<string, Func<T, IEnumerable<string>>>
        {
            [Namespace] = o => ByNamespace(o),
            [Owner] = o => ByControllerOwner(o),
        };
        if (typeof(T) == typeof(V1Pod)) indexers[NodeName] = o => ByNodeName(o);
        return indexers;
    }
}
