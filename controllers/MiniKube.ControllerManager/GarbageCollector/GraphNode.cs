using k8s.Models;

namespace MiniKube.ControllerManager.GarbageCollector;

/// <summary>
/// One object in the garbage collector's dependency graph (upstream: node in graph.go): its owners, as its
/// ownerReferences say, and its dependents, the objects whose ownerReferences name it. A "virtual" node is an owner
/// that some dependent names but no informer has shown us yet; the collector asks the API server whether it exists.
/// Only the graph builder changes nodes; workers read them under the graph's lock.
/// </summary>
public sealed class GraphNode(ObjectIdentity identity)
{
    public ObjectIdentity Identity { get; set; } = identity;
    public IReadOnlyList<V1OwnerReference> Owners { get; set; } = [];
    public HashSet<GraphNode> Dependents { get; } = [];
    /// <summary>Never seen through an informer, only named as an owner.</summary>
    public bool Virtual { get; set; }
    /// <summary>Has a deletionTimestamp.</summary>
    public bool BeingDeleted { get; set; }
    /// <summary>Being deleted in the foreground: has the foregroundDeletion finalizer and waits for its dependents.</summary>
    public bool DeletingDependents { get; set; }

    /// <summary>Dependents whose ownerReference to this node says blockOwnerDeletion: foreground deletion waits for them.</summary>
    public IEnumerable<GraphNode> BlockingDependents =>
        Dependents.Where(d => d.Owners.Any(o => o.Uid == Identity.Uid && o.BlockOwnerDeletion == true));
}
