using static MiniKube.ApiServer.Protobuf.JsonPresence;

namespace MiniKube.ApiServer.Protobuf;

// k8s.io/api/rbac/v1 (package k8s.io.api.rbac.v1): Roles, ClusterRoles and their bindings
// (kubectl create role|clusterrole|rolebinding|clusterrolebinding).
// Concept: https://kubernetes.io/docs/reference/access-authn-authz/rbac/
internal static partial class ProtobufSchema
{
    private static ProtobufMessage[] RbacV1Messages() =>
    [
        Define(RbacV1 + "Role",
            Message(1, "metadata", MetaV1 + "ObjectMeta"),
            Messages(2, "rules", RbacV1 + "PolicyRule", Always)),
        Define(RbacV1 + "PolicyRule",
            Strings(1, "verbs", Always),
            Strings(2, "apiGroups"),
            Strings(3, "resources"),
            Strings(4, "resourceNames"),
            Strings(5, "nonResourceURLs")),
        Define(RbacV1 + "ClusterRole",
            Message(1, "metadata", MetaV1 + "ObjectMeta"),
            Messages(2, "rules", RbacV1 + "PolicyRule", Always),
            Message(3, "aggregationRule", RbacV1 + "AggregationRule")),
        Define(RbacV1 + "AggregationRule",
            Messages(1, "clusterRoleSelectors", MetaV1 + "LabelSelector")),

        // Bindings.
        Define(RbacV1 + "RoleBinding",
            Message(1, "metadata", MetaV1 + "ObjectMeta"),
            Messages(2, "subjects", RbacV1 + "Subject"),
            Message(3, "roleRef", RbacV1 + "RoleRef", Always)),
        Define(RbacV1 + "Subject",
            String(1, "kind", Always),
            String(2, "apiGroup"),
            String(3, "name", Always),
            String(4, "namespace")),
        Define(RbacV1 + "RoleRef",
            String(1, "apiGroup", Always),
            String(2, "kind", Always),
            String(3, "name", Always)),
        Define(RbacV1 + "ClusterRoleBinding",
            Message(1, "metadata", MetaV1 + "ObjectMeta"),
            Messages(2, "subjects", RbacV1 + "Subject"),
            Message(3, "roleRef", RbacV1 + "RoleRef", Always)),
    ];
}
