using System.Text.Json;
using k8s.Models;
using MiniKube.Scheduler.Config;
using MiniKube.Scheduler.Framework;

namespace MiniKube.Scheduler.Plugins.NodeResourcesFit;

/// <summary>
/// NodeResourcesFit: the pod's requests (containers, the largest init container, overhead) must fit in the node's
/// allocatable minus what the pods already there (bound or assumed) request (Filter). Score prefers, by the
/// configured strategy, the emptiest node (LeastAllocated, the default: spreads load), the fullest
/// (MostAllocated: bin-packs), or a custom curve (RequestedToCapacityRatio).
/// Concept: https://kubernetes.io/docs/concepts/scheduling-eviction/resource-bin-packing/
/// </summary>
public sealed class NodeResourcesFit : IPreFilterPlugin, IFilterPlugin, IPreScorePlugin, IScorePlugin, IEnqueueExtensions
{
    public const string Name = "NodeResourcesFit";
    public const string ErrReasonTooManyPods = "Too many pods";
    public const string LeastAllocated = "LeastAllocated";
    public const string MostAllocated = "MostAllocated";
    public const string RequestedToCapacityRatio = "RequestedToCapacityRatio";

    private const string PreFilterStateKey = "PreFilter" + Name;
    private const string PreScoreStateKey = "PreScore" + Name;

    private readonly HashSet<string> _ignored;
    private readonly HashSet<string> _ignoredGroups;
    private readonly List<ResourceSpec> _resources;
    private readonly string _strategy;
    private readonly List<UtilizationShapePoint> _shape;

    public NodeResourcesFit(NodeResourcesFitArgs? args = null)
    {
        args ??= new NodeResourcesFitArgs();
        _ignored = [.. args.IgnoredResources ?? []];
        _ignoredGroups = [.. args.IgnoredResourceGroups ?? []];
        _strategy = args.ScoringStrategy?.Type ?? LeastAllocated;
        // Upstream default: cpu and memory, weight 1 each.
        _resources = args.ScoringStrategy?.Resources is { Count: > 0 } resources
            ? resources
            : [new ResourceSpec { Name = "cpu", Weight = 1 }, new ResourceSpec { Name = "memory", Weight = 1 }];
        _shape = [.. (args.ScoringStrategy?.RequestedToCapacityRatio?.Shape ?? []).OrderBy(p => p.Utilization)];
        if (_strategy is not (LeastAllocated or MostAllocated or RequestedToCapacityRatio))
        {
            throw new ArgumentException($"scoringStrategy.type: Unsupported value: \"{_strategy}\": supported values: \"{LeastAllocated}\", \"{MostAllocated}\", \"{RequestedToCapacityRatio}\"");
        }
        foreach (var r in _resources)
        {
            if (r.Weight is <= 0 or > 100) throw new ArgumentException($"scoringStrategy.resources[{r.Name}].weight: Invalid value: {r.Weight}: resource weight of {r.Name} not in valid range [1, 100]");
        }
        if (_strategy == RequestedToCapacityRatio && _shape.Count == 0)
        {
            throw new ArgumentException("scoringStrategy.requestedToCapacityRatio.shape: Required value: at least one point");
        }
    }

    public static IPlugin Create(JsonElement? args, IFrameworkHandle handle) =>
        new NodeResourcesFit(args?.Deserialize<NodeResourcesFitArgs>(ConfigLoader.JsonOptions));

    string IPlugin.Name => Name;

    public IPreFilterExtensions? PreFilterExtensions => null;

    public IScoreExtensions? ScoreExtensions => null;

    /// <summary>Computes the pod's requests once; every node's Filter compares against them.</summary>
    public Status PreFilter(CycleState state, V1Pod pod, IReadOnlyList<NodeInfo> nodes)
    {
        state.Write(PreFilterStateKey, new PodRequestState(PodRequests.Compute(pod.Spec)));
        return Status.Success;
    }

    public Status Filter(CycleState state, V1Pod pod, NodeInfo nodeInfo)
    {
        var request = state.TryRead<PodRequestState>(PreFilterStateKey, out var s) ? s.Request : PodRequests.Compute(pod.Spec);
        var reasons = InsufficientResources(request, nodeInfo);
        // Always Unschedulable, so preemption tries the node, even for a pod larger than the whole node (preemption
        // then reports "No preemption victims found" or the same Insufficient reason).
        // Upstream difference: none for 1.33; from 1.34 upstream answers UnschedulableAndUnresolvable when a request
        // exceeds the node's allocatable, and preemption says "Preemption is not helpful for scheduling".
        return reasons is null ? Status.Success : Status.New(StatusCode.Unschedulable, [.. reasons]);
    }

    /// <summary>The reasons ("Too many pods", "Insufficient cpu", …) the pod does not fit; null when it fits.</summary>
    public List<string>? InsufficientResources(Resource request, NodeInfo nodeInfo)
    {
        List<string>? reasons = null;
        var allocatable = nodeInfo.Allocatable;
        var requested = nodeInfo.Requested;
        if (nodeInfo.Pods.Count + 1 > allocatable.AllowedPodNumber) (reasons ??= []).Add(ErrReasonTooManyPods);
        void Check(string name, long want, long have, long used)
        {
            if (want == 0 || _ignored.Contains(name)) return;
            if (have < want + used) (reasons ??= []).Add($"Insufficient {name}");
        }
        Check("cpu", request.MilliCpu, allocatable.MilliCpu, requested.MilliCpu);
        Check("memory", request.Memory, allocatable.Memory, requested.Memory);
        Check("ephemeral-storage", request.EphemeralStorage, allocatable.EphemeralStorage, requested.EphemeralStorage);
        foreach (var (name, want) in request.ScalarResources ?? [])
        {
            var slash = name.IndexOf('/', StringComparison.Ordinal);
            if (slash > 0 && _ignoredGroups.Contains(name[..slash])) continue;
            Check(name, want, allocatable.Get(name), requested.Get(name));
        }
        return reasons;
    }

    public Status PreScore(CycleState state, V1Pod pod, IReadOnlyList<NodeInfo> nodes)
    {
        state.Write(PreScoreStateKey, new PodRequestState(PodRequests.Compute(pod.Spec, nonZero: true)));
        return Status.Success;
    }

    /// <summary>The weighted average over the configured resources of the strategy's per-resource score (0-100).</summary>
    public (long Score, Status Status) Score(CycleState state, V1Pod pod, NodeInfo nodeInfo)
    {
        var request = state.TryRead<PodRequestState>(PreScoreStateKey, out var s) ? s.Request : PodRequests.Compute(pod.Spec, nonZero: true);
        long weighted = 0, weights = 0;
        foreach (var resource in _resources)
        {
            var allocatable = nodeInfo.Allocatable.Get(resource.Name);
            // cpu and memory use the non-zero sums, so pods without requests still spread (upstream does the same).
            var requested = request.Get(resource.Name) + nodeInfo.NonZeroRequested.Get(resource.Name);
            if (allocatable == 0) continue; // a resource the node does not have does not count
            weighted += ResourceScore(requested, allocatable) * resource.Weight;
            weights += resource.Weight;
        }
        return (weights == 0 ? 0 : weighted / weights, Status.Success);
    }

    private long ResourceScore(long requested, long capacity) => _strategy switch
    {
        // (capacity - requested) * 100 / capacity: an empty node scores 100.
        LeastAllocated => requested > capacity ? 0 : (capacity - requested) * IScorePlugin.MaxNodeScore / capacity,
        // requested * 100 / capacity: a full node scores 100.
        MostAllocated => Math.Min(requested, capacity) * IScorePlugin.MaxNodeScore / capacity,
        _ => BrokenLinear(Math.Min(requested, capacity) * 100 / capacity),
    };

    // RequestedToCapacityRatio: interpolate the shape (scores 0-10, scaled to 0-100) at this utilization.
    private long BrokenLinear(long utilization)
    {
        long Scaled(int score) => score * (IScorePlugin.MaxNodeScore / 10);
        if (utilization <= _shape[0].Utilization) return Scaled(_shape[0].Score);
        for (var i = 1; i < _shape.Count; i++)
        {
            if (utilization > _shape[i].Utilization) continue;
            var (p0, p1) = (_shape[i - 1], _shape[i]);
            return Scaled(p0.Score) + (Scaled(p1.Score) - Scaled(p0.Score)) * (utilization - p0.Utilization) / (p1.Utilization - p0.Utilization);
        }
        return Scaled(_shape[^1].Score);
    }

    public IReadOnlyList<ClusterEvent> EventsToRegister() =>
        [new(EventResource.AssignedPod, ActionType.Delete | ActionType.UpdatePodScaleDown), new(EventResource.Node, ActionType.Add | ActionType.UpdateNodeAllocatable)];

    private sealed record PodRequestState(Resource Request) : IStateData
    {
        public IStateData Copy() => this;
    }
}
