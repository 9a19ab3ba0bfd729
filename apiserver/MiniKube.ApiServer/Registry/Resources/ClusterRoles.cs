using k8s;
using k8s.Models;
using static MiniKube.ApiServer.Registry.TableColumn;

namespace MiniKube.ApiServer.Registry.Resources;

/// <summary>
/// ClusterRoles: a set of permissions that applies cluster-wide or is reused across namespaces.
/// Concept: https://kubernetes.io/docs/reference/access-authn-authz/rbac/
/// </summary>
public static class ClusterRoles
{
    public static ResourceDefinition Definition { get; } = new()
    {
        Group = "rbac.authorization.k8s.io",
        Kind = "ClusterRole",
        Plural = "clusterroles",
        Namespaced = false,
        ModelType = typeof(V1ClusterRole),
        ListModelType = typeof(V1ClusterRoleList),
        ShortNames = [],
        Columns =
        [
            NameColumn(),
            new("Created At", "date", "", "CreationTimestamp is a timestamp representing the server time when this object was created.", 0,
                (o, _) => o.Metadata.CreationTimestamp?.ToUniversalTime().ToString("yyyy-MM-ddTHH:mm:ssZ", System.Globalization.CultureInfo.InvariantCulture)),
        ],
    };
}
