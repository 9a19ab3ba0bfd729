using k8s;
using k8s.Models;
using static MiniKube.ApiServer.Registry.TableColumn;

namespace MiniKube.ApiServer.Registry.Resources;

/// <summary>
/// Leases: heartbeats and locks; kubelets renew one per node and controllers elect a leader with one.
/// Concept: https://kubernetes.io/docs/concepts/architecture/leases/
/// </summary>
public static class Leases
{
    public static ResourceDefinition Definition { get; } = new()
    {
        Group = "coordination.k8s.io",
        Kind = "Lease",
        Plural = "leases",
        Namespaced = true,
        ModelType = typeof(V1Lease),
        ListModelType = typeof(V1LeaseList),
        ShortNames = [],
        Columns =
        [
            NameColumn(),
            Text("Holder", "HolderIdentity contains the identity of the holder of a current lease.", For<V1Lease>(l => l.Spec?.HolderIdentity ?? "")),
            AgeColumn(),
        ],
    };
}
