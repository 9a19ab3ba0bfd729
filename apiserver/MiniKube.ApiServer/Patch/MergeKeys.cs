using k8s.Models;

namespace MiniKube.ApiServer.Patch;

/// <summary>
/// The table of list merge keys: which lists in the built-in API types are merged item by item, and by which field.
/// This is why <c>kubectl set image</c> can send just <c>{"name":"main","image":"busybox:1.37"}</c> for one container
/// and leave the other containers, and the rest of that one, alone. The facts are copied from the Go field tags
/// (<c>patchStrategy</c>, <c>patchMergeKey</c>, <c>+listType</c>, <c>+listMapKey</c>, <c>+structType</c>) in
/// k8s.io/api (core/v1, apps/v1, batch/v1) and k8s.io/apimachinery (meta/v1). Any list not listed here is atomic:
/// a patch replaces it and apply owns it as a whole.
/// Concept: https://kubernetes.io/docs/reference/using-api/server-side-apply/#merge-strategy
/// </summary>
internal static class MergeKeys
{
    /// <summary>
    /// Lists whose element type alone decides how they merge. Upstream the tag sits on the field, but for these
    /// types every field that holds them uses the same tags, so keying by element type keeps the table short.
    /// </summary>
    // Upstream difference: upstream reads these facts from every API type's tags (and from the OpenAPI schema, for
    // apply); this table holds the lists of the core, apps and batch types that kubectl users meet.
    private static readonly Dictionary<Type, ListStrategy> ByElementType = new()
    {
        // PodSpec.containers / initContainers / ephemeralContainers: patchMergeKey "name", listMapKey name.
        [typeof(V1Container)] = ListStrategy.MapBy("name"),
        [typeof(V1EphemeralContainer)] = ListStrategy.MapBy("name"),

        // Container.ports: a patch merges by containerPort, but apply keys ports by containerPort AND protocol,
        // with protocol defaulting to "TCP" (the field's +default), so 53/TCP and 53/UDP can be owned separately.
        [typeof(V1ContainerPort)] = new(ListType.Map, [new("containerPort"), new("protocol", "TCP")], "containerPort", PatchMerge: true),
        [typeof(V1EnvVar)] = ListStrategy.MapBy("name"),
        [typeof(V1VolumeMount)] = ListStrategy.MapBy("mountPath"),
        [typeof(V1VolumeDevice)] = ListStrategy.MapBy("devicePath"),

        // Container.envFrom, PodSpec.tolerations, NodeSpec.taints: +listType=atomic and no patch strategy, so a
        // patch replaces the whole list. (Taints have no merge key upstream: two taints may share a key.)
        [typeof(V1EnvFromSource)] = ListStrategy.Atomic,
        [typeof(V1Toleration)] = ListStrategy.Atomic,
        [typeof(V1Taint)] = ListStrategy.Atomic,

        // PodSpec.volumes: patchStrategy "merge,retainKeys" by name (retainKeys is what lets kubectl switch a volume
        // from emptyDir to configMap: see the $retainKeys directive in StrategicMergePatch).
        [typeof(V1Volume)] = ListStrategy.MapBy("name"),
        [typeof(V1HostAlias)] = ListStrategy.MapBy("ip"),
        [typeof(V1PodSchedulingGate)] = ListStrategy.MapBy("name"),
        [typeof(V1PodResourceClaim)] = ListStrategy.MapBy("name"),

        // PodSpec.topologySpreadConstraints: a patch merges by topologyKey; apply keys by topologyKey + whenUnsatisfiable.
        [typeof(V1TopologySpreadConstraint)] = new(ListType.Map, [new("topologyKey"), new("whenUnsatisfiable")], "topologyKey", PatchMerge: true),

        // PodSpec.imagePullSecrets merges by name (ServiceAccount.imagePullSecrets does not: see ByField).
        [typeof(V1LocalObjectReference)] = ListStrategy.MapBy("name"),

        // ServiceSpec.ports: a patch merges by port; apply keys by port + protocol (default "TCP").
        [typeof(V1ServicePort)] = new(ListType.Map, [new("port"), new("protocol", "TCP")], "port", PatchMerge: true),

        // ObjectMeta.ownerReferences: patchMergeKey "uid", listMapKey uid.
        [typeof(V1OwnerReference)] = ListStrategy.MapBy("uid"),

        // Status lists written by controllers and the kubelet.
        [typeof(V1PodCondition)] = ListStrategy.MapBy("type"),
        [typeof(V1PodIP)] = ListStrategy.MapBy("ip"),
        [typeof(V1HostIP)] = new(ListType.Atomic, [], "ip", PatchMerge: true), // patch merges by ip, apply: +listType=atomic
        [typeof(V1NodeCondition)] = ListStrategy.MapBy("type"),
        [typeof(V1NodeAddress)] = ListStrategy.MapBy("type"),
        [typeof(V1NamespaceCondition)] = ListStrategy.MapBy("type"),
        [typeof(V1PersistentVolumeClaimCondition)] = ListStrategy.MapBy("type"),
        [typeof(V1ReplicationControllerCondition)] = ListStrategy.MapBy("type"),
        [typeof(V1ComponentCondition)] = ListStrategy.MapBy("type"),
        [typeof(V1DeploymentCondition)] = ListStrategy.MapBy("type"),
        [typeof(V1ReplicaSetCondition)] = ListStrategy.MapBy("type"),
        [typeof(V1StatefulSetCondition)] = ListStrategy.MapBy("type"),
        [typeof(V1DaemonSetCondition)] = ListStrategy.MapBy("type"),
        [typeof(V1JobCondition)] = new(ListType.Atomic, [], "type", PatchMerge: true), // patch merges by type, apply: +listType=atomic
        [typeof(V1Condition)] = ListStrategy.MapBy("type"), // metav1.Condition, used by Service, PodDisruptionBudget, ...
    };

    /// <summary>Fields where the same element type merges differently than elsewhere, so the field itself decides.</summary>
    private static readonly Dictionary<(Type Owner, string Field), ListStrategy> ByField = new()
    {
        // ObjectMeta.finalizers: patchStrategy "merge" on a list of strings, +listType=set. A patch adds finalizers
        // instead of replacing them all, so two controllers can each add their own.
        [(typeof(V1ObjectMeta), "finalizers")] = ListStrategy.MergedSet,
        [(typeof(V1NodeSpec), "podCIDRs")] = ListStrategy.MergedSet,

        // ServiceAccount.secrets merges by name; ServiceAccount.imagePullSecrets is atomic (unlike PodSpec's).
        [(typeof(V1ServiceAccount), "secrets")] = ListStrategy.MapBy("name"),
        [(typeof(V1ServiceAccount), "imagePullSecrets")] = ListStrategy.Atomic,
    };

    /// <summary>
    /// Structs marked <c>+structType=atomic</c>: apply owns them as one value (<c>f:selector: {}</c>), never field by field.
    /// </summary>
    private static readonly HashSet<Type> AtomicStructs =
    [
        typeof(V1LabelSelector),
        typeof(V1OwnerReference),
        typeof(V1ObjectReference),
        typeof(V1LocalObjectReference),
        typeof(V1TypedLocalObjectReference),
        typeof(V1SecretReference),
        typeof(V1ConfigMapKeySelector),
        typeof(V1SecretKeySelector),
        typeof(V1ObjectFieldSelector),
        typeof(V1ResourceFieldSelector),
        typeof(V1NodeSelector),
        typeof(V1NodeSelectorTerm),
        typeof(V1TopologySelectorTerm),
        typeof(V1ScopeSelector),
        typeof(V1EndpointAddress),
    ];

    /// <summary>How the list field <paramref name="field"/> of <paramref name="owner"/> (items of <paramref name="elementType"/>) merges.</summary>
    public static ListStrategy For(Type? owner, string? field, Type elementType)
    {
        if (owner is not null && field is not null && ByField.TryGetValue((owner, field), out var byField))
        {
            return byField;
        }

        return ByElementType.GetValueOrDefault(elementType, ListStrategy.Atomic);
    }

    public static bool IsAtomicStruct(Type type) => AtomicStructs.Contains(type);
}
