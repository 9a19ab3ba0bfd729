using System.Threading.Channels;
using k8s;
using k8s.Models;
using Microsoft.Extensions.Logging;
using MiniKube.ApiMachinery.Client;

namespace MiniKube.ControllerManager.GarbageCollector;

/// <summary>
/// Builds and keeps the owner/dependent graph of every watched object (upstream: GraphBuilder). Informers of each
/// watched type ("monitors") only put change events on one channel; a single loop applies them to the graph in
/// order and decides what the collector must look at: dependents of an object that went away (attemptToDelete),
/// owners named by a dependent that we have never seen (attemptToDelete, to check they exist), owners starting a
/// foreground deletion (their dependents and themselves), and owners being deleted with the orphan policy
/// (attemptToOrphan).
/// Concept: https://kubernetes.io/docs/concepts/architecture/garbage-collection/#owners-dependents
/// </summary>
public sealed partial class GraphBuilder(ILogger logger)
{
    public const string OrphanFinalizer = "orphan";
    public const string ForegroundFinalizer = "foregroundDeletion";

    private readonly Channel<GraphEvent> _graphChanges = Channel.CreateUnbounded<GraphEvent>(new UnboundedChannelOptions { SingleReader = true });
    private readonly Dictionary<string, GraphNode> _uidToNode = new(StringComparer.Ordinal);

    /// <summary>Guards the graph: the builder loop writes, the collector's workers read.</summary>
    public Lock GraphLock { get; } = new();

    /// <summary>Where the builder puts work for the collector: (uid, "attemptToDelete" or "attemptToOrphan").</summary>
    public Action<string, string> Enqueue { get; set; } = (_, _) => { };

    /// <summary>Starts feeding the graph from one watched type's informer (upstream: a monitor).</summary>
    public void Monitor<T>(Informer<T> informer) where T : class, IKubernetesObject<V1ObjectMeta>
    {
        informer.AddEventHandler(new ResourceEventHandler<T>
        {
            OnAdd = obj => _graphChanges.Writer.TryWrite(GraphEvent.From(GraphEventType.AddOrUpdate, obj)),
            OnUpdate = (_, obj) => _graphChanges.Writer.TryWrite(GraphEvent.From(GraphEventType.AddOrUpdate, obj)),
            OnDelete = obj => _graphChanges.Writer.TryWrite(GraphEvent.From(GraphEventType.Delete, obj)),
        });
    }

    /// <summary>
    /// The collector found by a live GET that an object is gone (or replaced) while the graph still has it: handle
    /// it as if an informer had reported the deletion (upstream: enqueueVirtualDeleteEvent).
    /// </summary>
    public void EnqueueVirtualDelete(ObjectIdentity identity) =>
        _graphChanges.Writer.TryWrite(new GraphEvent(GraphEventType.Delete, identity, [], false, []));

    public GraphNode? Get(string uid)
    {
        lock (GraphLock) return _uidToNode.GetValueOrDefault(uid);
    }

    /// <summary>The single loop that applies graph changes in order (upstream: runProcessGraphChanges).</summary>
    public async Task RunAsync(CancellationToken cancellationToken)
    {
        await foreach (var change in _graphChanges.Reader.ReadAllAsync(cancellationToken))
        {
            lock (GraphLock) ProcessGraphChange(change);
        }
    }

    private void ProcessGraphChange(GraphEvent change)
    {
        var existing = _uidToNode.GetValueOrDefault(change.Identity.Uid);
        if (change.Type == GraphEventType.Delete)
        {
            if (existing is null) return;
            RemoveNode(existing);
            Log.Removed(logger, existing.Identity.ToString(), existing.Dependents.Count);
            // Its dependents may now have no owner left; owners waiting in the foreground for it may now finish.
            foreach (var dependent in existing.Dependents) Enqueue(dependent.Identity.Uid, GarbageCollector.AttemptToDelete);
            foreach (var owner in existing.Owners)
            {
                if (_uidToNode.GetValueOrDefault(owner.Uid) is { DeletingDependents: true } ownerNode) Enqueue(ownerNode.Identity.Uid, GarbageCollector.AttemptToDelete);
            }
            return;
        }

        if (existing is null)
        {
            existing = new GraphNode(change.Identity) { Owners = change.Owners };
            _uidToNode[change.Identity.Uid] = existing;
            AddDependentToOwners(existing, change.Owners);
        }
        else
        {
            if (existing.Virtual)
            {
                // An owner we only knew by name is now seen for real.
                existing.Virtual = false;
                existing.Identity = change.Identity;
            }
            var removed = existing.Owners.Where(o => change.Owners.All(n => n.Uid != o.Uid)).ToList();
            var added = change.Owners.Where(n => existing.Owners.All(o => o.Uid != n.Uid)).ToList();
            // An owner waiting for this dependent may be unblocked: it was removed, or no longer blocks.
            var unblocked = existing.Owners.Where(o => o.BlockOwnerDeletion == true
                && change.Owners.FirstOrDefault(n => n.Uid == o.Uid) is not { BlockOwnerDeletion: true });
            foreach (var owner in unblocked)
            {
                if (_uidToNode.GetValueOrDefault(owner.Uid) is { DeletingDependents: true } ownerNode) Enqueue(ownerNode.Identity.Uid, GarbageCollector.AttemptToDelete);
            }
            existing.Owners = change.Owners;
            AddDependentToOwners(existing, added);
            foreach (var owner in removed) _uidToNode.GetValueOrDefault(owner.Uid)?.Dependents.Remove(existing);
        }
        if (change.BeingDeleted) existing.BeingDeleted = true;
        ProcessTransitions(change, existing);
    }

    /// <summary>What a deletion with a propagation policy asks of the collector, seen as finalizers on the owner.</summary>
    private void ProcessTransitions(GraphEvent change, GraphNode node)
    {
        if (change.BeingDeleted && change.Finalizers.Contains(OrphanFinalizer))
        {
            Log.OrphanRequested(logger, node.Identity.ToString());
            Enqueue(node.Identity.Uid, GarbageCollector.AttemptToOrphan);
            return;
        }
        if (change.BeingDeleted && change.Finalizers.Contains(ForegroundFinalizer))
        {
            if (!node.DeletingDependents) Log.ForegroundRequested(logger, node.Identity.ToString(), node.Dependents.Count);
            node.DeletingDependents = true;
            foreach (var dependent in node.Dependents) Enqueue(dependent.Identity.Uid, GarbageCollector.AttemptToDelete);
            Enqueue(node.Identity.Uid, GarbageCollector.AttemptToDelete);
        }
    }

    private void AddDependentToOwners(GraphNode node, IEnumerable<V1OwnerReference> owners)
    {
        foreach (var owner in owners)
        {
            if (!_uidToNode.TryGetValue(owner.Uid, out var ownerNode))
            {
                // An owner we have not seen: maybe its informer is behind, maybe it is long gone, maybe its type is
                // not watched. The collector checks with the API server.
                ownerNode = new GraphNode(new ObjectIdentity(owner.ApiVersion, owner.Kind, node.Identity.Namespace, owner.Name, owner.Uid)) { Virtual = true };
                _uidToNode[owner.Uid] = ownerNode;
                Enqueue(owner.Uid, GarbageCollector.AttemptToDelete);
            }
            ownerNode.Dependents.Add(node);
        }
    }

    private void RemoveNode(GraphNode node)
    {
        _uidToNode.Remove(node.Identity.Uid);
        foreach (var owner in node.Owners) _uidToNode.GetValueOrDefault(owner.Uid)?.Dependents.Remove(node);
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = 2711, Level = LogLevel.Debug, Message = "Removed {Object} from the graph; {Dependents} dependents to check")]
        public static partial void Removed(ILogger logger, string @object, int dependents);

        [LoggerMessage(EventId = 2712, Level = LogLevel.Information, Message = "{Object} is being deleted with propagationPolicy=Orphan; orphaning its dependents")]
        public static partial void OrphanRequested(ILogger logger, string @object);

        [LoggerMessage(EventId = 2713, Level = LogLevel.Information, Message = "{Object} is being deleted with propagationPolicy=Foreground; deleting its {Dependents} dependents first")]
        public static partial void ForegroundRequested(ILogger logger, string @object, int dependents);
    }
}
