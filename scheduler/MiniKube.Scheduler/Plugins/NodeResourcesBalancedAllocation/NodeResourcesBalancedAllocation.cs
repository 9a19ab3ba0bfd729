using k8s.Models;
using MiniKube.Scheduler.Framework;

namespace MiniKube.Scheduler.Plugins.NodeResourcesBalancedAllocation;

/// <summary>
/// NodeResourcesBalancedAllocation: prefers nodes whose cpu and memory would be used in similar proportions after
/// placing the pod, so one resource is not exhausted while the other sits idle. Score = (1 - standard deviation of
/// the requested/allocatable fractions) × 100.
/// Concept: https://kubernetes.io/docs/concepts/scheduling-eviction/resource-bin-packing/
/// </summary>
public sealed class NodeResourcesBalancedAllocation : IPreScorePlugin, IScorePlugin
{
    public const string Name = "NodeResourcesBalancedAllocation";

    private const string PreScoreStateKey = "PreScore" + Name;
    private static readonly string[] Resources = ["cpu", "memory"];

    string IPlugin.Name => Name;

    public IScoreExtensions? ScoreExtensions => null;

    public Status PreScore(CycleState state, V1Pod pod, IReadOnlyList<NodeInfo> nodes)
    {
        var request = PodRequests.Compute(pod.Spec);
        // A pod requesting no cpu and no memory does not change any node's balance; scoring it would send every such
        // pod to the same best-balanced node (upstream skips it since 1.33).
        if (Resources.All(r => request.Get(r) == 0)) return Status.Skip;
        state.Write(PreScoreStateKey, new PreScoreState(request));
        return Status.Success;
    }

    public (long Score, Status Status) Score(CycleState state, V1Pod pod, NodeInfo nodeInfo)
    {
        var request = state.TryRead<PreScoreState>(PreScoreStateKey, out var s) ? s.Request : PodRequests.Compute(pod.Spec);
        Span<double> fractions = stackalloc double[Resources.Length];
        var count = 0;
        foreach (var resource in Resources)
        {
            var allocatable = nodeInfo.Allocatable.Get(resource);
            if (allocatable == 0) continue;
            var requested = nodeInfo.Requested.Get(resource) + request.Get(resource);
            fractions[count++] = Math.Min(1.0, (double)requested / allocatable);
        }
        double std = 0;
        if (count == 2)
        {
            // With two resources the standard deviation is half their difference.
            std = Math.Abs(fractions[0] - fractions[1]) / 2;
        }
        else if (count > 2)
        {
            double mean = 0;
            for (var i = 0; i < count; i++) mean += fractions[i];
            mean /= count;
            double variance = 0;
            for (var i = 0; i < count; i++) variance += (fractions[i] - mean) * (fractions[i] - mean);
            std = Math.Sqrt(variance / count);
        }
        return ((long)((1 - std) * IScorePlugin.MaxNodeScore), Status.Success);
    }

    private sealed record PreScoreState(Resource Request) : IStateData
    {
        public IStateData Copy() => this;
    }
}
