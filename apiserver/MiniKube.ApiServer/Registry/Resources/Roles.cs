using k8s;
using k8s.Models;
using static MiniKube.ApiServer.Registry.TableColumn;

namespace MiniKube.ApiServer.Registry.Resources;

/// <summary>
/// Roles: a set of permissions (verbs on resources) within one namespace.
/// Concept: https://kubernetes.io/docs/reference/access-authn-authz/rbac/
/// </summary>
public static class Roles
{
    public static ResourceDefinition Definition { get; } = new()
    {
        Group = "rbac.authorization.k8s.io",
        Kind = "Role",
        Plural = "roles",
        Namespaced = true,
        ModelType = typeof(V1Role),
        ListModelType = typeof(V1RoleList),
        ShortNames = [],
        Columns =
        [
            NameColumn(),
            new("Created At", "date", "", "CreationTimestamp is a timestamp representing the server time when this object was created.", 0,
                (o, _) => o.Metadata.CreationTimestamp?.ToUniversalTime().ToString("yyyy-MM-ddTHH:mm:ssZ", System.Globalization.CultureInfo.InvariantCulture)),
        ],
    };
}
