using k8s;
using k8s.Models;
using static MiniKube.ApiServer.Registry.TableColumn;

namespace MiniKube.ApiServer.Registry.Resources;

/// <summary>
/// RoleBindings: grant a Role's permissions to users, groups or service accounts in one namespace.
/// Concept: https://kubernetes.io/docs/reference/access-authn-authz/rbac/
/// </summary>
public static class RoleBindings
{
    public static ResourceDefinition Definition { get; } = new()
    {
        Group = "rbac.authorization.k8s.io",
        Kind = "RoleBinding",
        Plural = "rolebindings",
        Namespaced = true,
        ModelType = typeof(V1RoleBinding),
        ListModelType = typeof(V1RoleBindingList),
        ShortNames = [],
        Columns =
        [
            NameColumn(),
            Text("Role", "Role", For<V1RoleBinding>(b => $"{b.RoleRef?.Kind}/{b.RoleRef?.Name}")),
            AgeColumn(),
            Text("Users", "Users in the roleBinding", For<V1RoleBinding>(b => string.Join(", ", (b.Subjects ?? []).Where(s => s.Kind == "User").Select(s => s.Name))), 1),
            Text("Groups", "Groups in the roleBinding", For<V1RoleBinding>(b => string.Join(", ", (b.Subjects ?? []).Where(s => s.Kind == "Group").Select(s => s.Name))), 1),
            Text("ServiceAccounts", "ServiceAccounts in the roleBinding",
                For<V1RoleBinding>(b => string.Join(", ", (b.Subjects ?? []).Where(s => s.Kind == "ServiceAccount").Select(s => $"{s.NamespaceProperty}/{s.Name}"))), 1),
        ],
    };
}
