using k8s;
using k8s.Models;
using static MiniKube.ApiServer.Registry.TableColumn;

namespace MiniKube.ApiServer.Registry.Resources;

/// <summary>
/// Namespaces: named scopes for namespaced objects. A new namespace is Active and carries the "kubernetes"
/// finalizer; deleting it marks it Terminating and the namespace controller empties it before it disappears.
/// Concept: https://kubernetes.io/docs/concepts/overview/working-with-objects/namespaces/
/// </summary>
public static class Namespaces
{
    public const string KubernetesFinalizer = "kubernetes";

    public static ResourceDefinition Definition { get; } = new()
    {
        Group = "",
        Kind = "Namespace",
        Plural = "namespaces",
        Namespaced = false,
        ModelType = typeof(V1Namespace),
        ListModelType = typeof(V1NamespaceList),
        ShortNames = ["ns"],
        Verbs = ["create", "delete", "get", "list", "patch", "update", "watch"],
        Subresources = ["status", "finalize"],
        Strategy = new NamespaceStrategy(),
        Columns =
        [
            NameColumn(),
            Text("Status", "The status of the namespace", For<V1Namespace>(n => n.Status?.Phase ?? "Active")),
            AgeColumn(),
        ],
        SelectableFields = new Dictionary<string, Func<IKubernetesObject<V1ObjectMeta>, string?>>
        {
            ["status.phase"] = o => (o as V1Namespace)?.Status?.Phase,
        },
    };

    private sealed class NamespaceStrategy : ResourceStrategy
    {
        public override bool NameIsLabel => true;

        public override void PrepareForCreate(IKubernetesObject<V1ObjectMeta> obj, bool hasStatusSubresource)
        {
            var ns = (V1Namespace)obj;
            ns.Status = new V1NamespaceStatus { Phase = "Active" };
            ns.Spec ??= new V1NamespaceSpec();
            ns.Spec.Finalizers = [KubernetesFinalizer];
            LabelWithName(ns);
        }

        // Upstream labels every namespace with its own name so selectors can pick namespaces by name.
        private static void LabelWithName(V1Namespace ns)
        {
            if (string.IsNullOrEmpty(ns.Metadata.Name)) return; // validation will reject the missing name
            ns.Metadata.Labels ??= new Dictionary<string, string>();
            ns.Metadata.Labels["kubernetes.io/metadata.name"] = ns.Metadata.Name;
        }

        public override void PrepareForUpdate(IKubernetesObject<V1ObjectMeta> obj, IKubernetesObject<V1ObjectMeta> old, bool hasStatusSubresource)
        {
            base.PrepareForUpdate(obj, old, hasStatusSubresource);
            var ns = (V1Namespace)obj;
            // spec.finalizers change only through the namespaces/finalize subresource.
            ns.Spec = ((V1Namespace)old).Spec;
            LabelWithName(ns);
        }

        /// <summary>
        /// namespaces/{name}/finalize (upstream FinalizeREST): the one way to change spec.finalizers; everything else
        /// stays as stored. The namespace controller removes "kubernetes" here once the namespace is empty.
        /// </summary>
        public override void PrepareForSubresourceUpdate(string subresource, IKubernetesObject<V1ObjectMeta> obj, IKubernetesObject<V1ObjectMeta> old)
        {
            var ns = (V1Namespace)obj;
            var stored = (V1Namespace)old;
            var finalizers = ns.Spec?.Finalizers;
            ns.Metadata.Labels = stored.Metadata.Labels;
            ns.Metadata.Annotations = stored.Metadata.Annotations;
            ns.Metadata.Finalizers = stored.Metadata.Finalizers;
            ns.Metadata.OwnerReferences = stored.Metadata.OwnerReferences;
            ns.Status = stored.Status;
            ns.Spec = new V1NamespaceSpec { Finalizers = finalizers };
        }

        // Upstream (ShouldDeleteNamespaceDuringUpdate): a Terminating namespace is removed once both its metadata
        // finalizers and its spec.finalizers are gone.
        public override bool ShouldDeleteDuringUpdate(IKubernetesObject<V1ObjectMeta> obj) =>
            base.ShouldDeleteDuringUpdate(obj) && ((V1Namespace)obj).Spec?.Finalizers is not { Count: > 0 };
    }
}
