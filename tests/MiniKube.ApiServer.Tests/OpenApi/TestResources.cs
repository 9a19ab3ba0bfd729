using k8s.Models;
using MiniKube.ApiServer.OpenApi;

namespace MiniKube.ApiServer.Tests.OpenApi;

/// <summary>The resources MiniKube's API server serves, described the way the OpenAPI builder receives them.</summary>
internal static class TestResources
{
    private static readonly string[] AllVerbs = ["create", "delete", "deletecollection", "get", "list", "patch", "update", "watch"];

    public static IReadOnlyList<OpenApiResource> Builtin { get; } =
    [
        Core("ComponentStatus", "componentstatuses", false, typeof(V1ComponentStatus), typeof(V1ComponentStatusList), verbs: ["get", "list"]),
        Core("ConfigMap", "configmaps", true, typeof(V1ConfigMap), typeof(V1ConfigMapList)),
        Core("Endpoints", "endpoints", true, typeof(V1Endpoints), typeof(V1EndpointsList)),
        Core("Event", "events", true, typeof(Corev1Event), typeof(Corev1EventList)),
        Core("LimitRange", "limitranges", true, typeof(V1LimitRange), typeof(V1LimitRangeList)),
        Core("Namespace", "namespaces", false, typeof(V1Namespace), typeof(V1NamespaceList), subresources: ["status"]),
        Core("Node", "nodes", false, typeof(V1Node), typeof(V1NodeList), subresources: ["status"]),
        Core("PersistentVolumeClaim", "persistentvolumeclaims", true, typeof(V1PersistentVolumeClaim), typeof(V1PersistentVolumeClaimList), subresources: ["status"]),
        Core("Pod", "pods", true, typeof(V1Pod), typeof(V1PodList), subresources: ["status", "binding", "log", "exec"]),
        Core("ResourceQuota", "resourcequotas", true, typeof(V1ResourceQuota), typeof(V1ResourceQuotaList), subresources: ["status"]),
        Core("Secret", "secrets", true, typeof(V1Secret), typeof(V1SecretList)),
        Core("ServiceAccount", "serviceaccounts", true, typeof(V1ServiceAccount), typeof(V1ServiceAccountList)),
        Core("Service", "services", true, typeof(V1Service), typeof(V1ServiceList), subresources: ["status"]),
        Group("apps", "DaemonSet", "daemonsets", true, typeof(V1DaemonSet), typeof(V1DaemonSetList), subresources: ["status"]),
        Group("apps", "Deployment", "deployments", true, typeof(V1Deployment), typeof(V1DeploymentList), subresources: ["status", "scale"]),
        Group("apps", "ReplicaSet", "replicasets", true, typeof(V1ReplicaSet), typeof(V1ReplicaSetList), subresources: ["status", "scale"]),
        Group("apps", "StatefulSet", "statefulsets", true, typeof(V1StatefulSet), typeof(V1StatefulSetList), subresources: ["status", "scale"]),
        Group("batch", "Job", "jobs", true, typeof(V1Job), typeof(V1JobList), subresources: ["status"]),
        Group("authorization.k8s.io", "SelfSubjectAccessReview", "selfsubjectaccessreviews", false,
            typeof(V1SelfSubjectAccessReview), typeof(V1SelfSubjectAccessReview), verbs: ["create"]),
        Group("coordination.k8s.io", "Lease", "leases", true, typeof(V1Lease), typeof(V1LeaseList)),
        Group("node.k8s.io", "RuntimeClass", "runtimeclasses", false, typeof(V1RuntimeClass), typeof(V1RuntimeClassList)),
        Group("rbac.authorization.k8s.io", "ClusterRoleBinding", "clusterrolebindings", false, typeof(V1ClusterRoleBinding), typeof(V1ClusterRoleBindingList)),
        Group("rbac.authorization.k8s.io", "ClusterRole", "clusterroles", false, typeof(V1ClusterRole), typeof(V1ClusterRoleList)),
        Group("rbac.authorization.k8s.io", "RoleBinding", "rolebindings", true, typeof(V1RoleBinding), typeof(V1RoleBindingList)),
        Group("rbac.authorization.k8s.io", "Role", "roles", true, typeof(V1Role), typeof(V1RoleList)),
    ];

    /// <summary>Built once for all tests: the documents are immutable.</summary>
    public static OpenApiDocuments Documents => s_documents.Value;

    private static readonly Lazy<OpenApiDocuments> s_documents = new(() => new OpenApiDocuments(Builtin));

    public static OpenApiResource Core(string kind, string plural, bool namespaced, Type model, Type list,
        string[]? verbs = null, string[]? subresources = null) =>
        Group("", kind, plural, namespaced, model, list, verbs, subresources);

    public static OpenApiResource Group(string group, string kind, string plural, bool namespaced, Type model, Type list,
        string[]? verbs = null, string[]? subresources = null) =>
        new(group, "v1", kind, plural, namespaced, model, list, verbs ?? AllVerbs, subresources ?? []);
}
