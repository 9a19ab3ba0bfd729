using k8s;
using k8s.Models;
using static MiniKube.ApiServer.Registry.TableColumn;

namespace MiniKube.ApiServer.Registry.Resources;

/// <summary>
/// ClusterRoleBindings: grant a ClusterRole's permissions cluster-wide.
/// Concept: https://kubernetes.io/docs/reference/access-authn-authz/rbac/
/// </summary>
public static class ClusterRoleBindings
{
    public static ResourceDefinition Definition { get; } = new()
    {
        Group = "rbac.authorization.k8s.io",
        Kind = "ClusterRoleBinding",
        Plural = "clusterrolebindings",
        Namespaced = false,
        ModelType = typeof(V1ClusterRoleBinding),
        ListModelType = typeof(V1ClusterRoleBindingList),
        ShortNames = [],
        Columns =
        [
            NameColumn(),
            Text("Role", "Role", For<V1ClusterRoleBinding>(b => $"{b.RoleRef?.Kind}/{b.RoleRef?.Name}")),
            AgeColumn(),
            Text("Users", "Users in the roleBinding", For<V1ClusterRoleBinding>(b => string.Join(", ", (b.Subjects ?? []).Where(s => s.Kind == "User").Select(s => s.Name))), 1),
            Text("Groups", "Groups in the roleBinding", For<V1ClusterRoleBinding>(b => string.Join(", ", (b.Subjects ?? []).Where(s => s.Kind == "Group").Select(s => s.Name))), 1),
            Text("ServiceAccounts", "ServiceAccounts in the roleBinding",
                For<V1ClusterRoleBinding>(b => string.Join(", ", (b.Subjects ?? []).Where(s => s.Kind == "ServiceAccount").Select(s => $"{s.NamespaceProperty}/{s.Name}"))), 1),
        ],
    };
}
