using k8s.Models;
using MiniKube.ControllerManager.Deployment;
using MiniKube.ControllerManager.ReplicaSet;

namespace MiniKube.ControllerManager;

/// <summary>
/// Every controller minikube-controller-manager can run, by the names kube-controller-manager uses (upstream:
/// <c>NewControllerDescriptors</c>). Adding a controller is one class in its own folder plus one line here.
/// </summary>
public static class KnownControllers
{
    public static IReadOnlyList<ControllerDescriptor> All { get; } =
    [
        new("deployment-controller", ["deployment"], c => new DeploymentController(c), o => o.ConcurrentDeploymentSyncs),
        new("replicaset-controller", ["replicaset"], c => new ReplicaSetController<V1ReplicaSet>(c, new ReplicaSetKind()), o => o.ConcurrentReplicaSetSyncs),
        new("replicationcontroller-controller", ["replicationcontroller"],
            c => new ReplicaSetController<V1ReplicationController>(c, new ReplicationControllerKind()), o => o.ConcurrentRcSyncs),
        new("garbage-collector-controller", ["garbagecollector"], c => new GarbageCollector.GarbageCollector(c), o => o.ConcurrentGcSyncs),
        new("endpoints-controller", ["endpoint"], c => new Endpoints.EndpointsController(c), o => o.ConcurrentEndpointSyncs),
        new("namespace-controller", ["namespace"], c => new Namespace.NamespaceController(c), o => o.ConcurrentNamespaceSyncs),
        new("node-lifecycle-controller", ["nodelifecycle"], c => new NodeLifecycle.NodeLifecycleController(c), _ => 1),
        new("taint-eviction-controller", [], c => new NodeLifecycle.TaintEvictionController(c), _ => 1),
        new("serviceaccount-controller", ["serviceaccount"], c => new ServiceAccount.ServiceAccountsController(c), o => o.ConcurrentServiceAccountSyncs),
        new("daemonset-controller", ["daemonset"], c => new DaemonSet.DaemonSetController(c), o => o.ConcurrentDaemonSetSyncs),
        new("job-controller", ["job"], c => new Job.JobController(c), o => o.ConcurrentJobSyncs),
        new("statefulset-controller", ["statefulset"], c => new StatefulSet.StatefulSetController(c), o => o.ConcurrentStatefulSetSyncs),
    ];

    /// <summary>
    /// Applies <c>--controllers</c> as upstream does: "*" turns on every controller, "name" turns one on, "-name"
    /// turns one off (and wins over "*").
    /// </summary>
    public static IReadOnlyList<ControllerDescriptor> Select(IReadOnlyList<string> selection)
    {
        var all = selection.Contains("*");
        return [.. All.Where(d =>
        {
            var names = d.Aliases.Prepend(d.Name).ToArray();
            if (selection.Any(s => s.StartsWith('-') && names.Contains(s[1..]))) return false;
            return all || selection.Any(names.Contains);
        })];
    }

    /// <summary>The names in <c>--controllers</c> that are not controllers we know, one problem each.</summary>
    public static IReadOnlyList<string> ValidateSelection(IReadOnlyList<string> selection)
    {
        var known = All.SelectMany(d => d.Aliases.Prepend(d.Name)).ToHashSet();
        return [.. selection
            .Where(s => s != "*" && !known.Contains(s.TrimStart('-')))
            .Select(s => $"--controllers: \"{s}\" is not a known controller; known: {string.Join(", ", All.Select(d => d.Name))}")];
    }
}
