using MiniKube.ApiServer.Registry.Resources;

namespace MiniKube.ApiServer.Registry;

/// <summary>
/// Every resource type this API server serves, looked up by URL (group, version, plural). Discovery, OpenAPI and
/// the REST handlers all read this one list, so they can never disagree about what exists.
/// Concept: https://kubernetes.io/docs/concepts/overview/kubernetes-api/#api-groups-and-versioning
/// </summary>
public sealed class ResourceRegistry
{
    private readonly Dictionary<(string Group, string Version, string Plural), ResourceDefinition> _byPath;

    public ResourceRegistry(IEnumerable<ResourceDefinition> resources)
    {
        Resources = resources.ToList();
        _byPath = Resources.ToDictionary(r => (r.Group, r.Version, r.Plural));
    }

    /// <summary>The built-in resources, in the order discovery lists them (core group first, as upstream).</summary>
    public static ResourceRegistry Builtin(ServiceIPAllocator? serviceIPs = null) => new(
    [
        ComponentStatuses.Definition,
        ConfigMaps.Definition,
        global::MiniKube.ApiServer.Registry.Resources.Endpoints.Definition,
        Events.Definition,
        LimitRanges.Definition,
        Namespaces.Definition,
        Nodes.Definition,
        PersistentVolumeClaims.Definition,
        Pods.Definition,
        ReplicationControllers.Definition,
        ResourceQuotas.Definition,
        Secrets.Definition,
        ServiceAccounts.Definition,
        serviceIPs is null ? Services.Definition : Services.Create(serviceIPs),
        ControllerRevisions.Definition,
        DaemonSets.Definition,
        Deployments.Definition,
        ReplicaSets.Definition,
        StatefulSets.Definition,
        Jobs.Definition,
        SelfSubjectAccessReviews.Definition,
        Leases.Definition,
        PriorityClasses.Definition,
        RuntimeClasses.Definition,
        ClusterRoleBindings.Definition,
        ClusterRoles.Definition,
        RoleBindings.Definition,
        Roles.Definition,
    ]);

    public IReadOnlyList<ResourceDefinition> Resources { get; }

    public ResourceDefinition? Find(string group, string version, string plural) =>
        _byPath.GetValueOrDefault((group, version, plural));


    /// <summary>The API groups in discovery order, each with its versions ("" is the core group).</summary>
    public IEnumerable<(string Group, IReadOnlyList<string> Versions)> Groups() =>
        Resources.GroupBy(r => r.Group).Select(g => (g.Key, (IReadOnlyList<string>)g.Select(r => r.Version).Distinct().ToList()));
}
