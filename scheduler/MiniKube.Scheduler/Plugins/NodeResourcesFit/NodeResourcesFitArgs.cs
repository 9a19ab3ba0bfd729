namespace MiniKube.Scheduler.Plugins.NodeResourcesFit;

/// <summary>
/// The <c>pluginConfig</c> args of NodeResourcesFit (kubescheduler.config.k8s.io/v1 NodeResourcesFitArgs): which
/// scoring strategy, over which resources with which weights.
/// Concept: https://kubernetes.io/docs/concepts/scheduling-eviction/resource-bin-packing/
/// </summary>
public sealed class NodeResourcesFitArgs
{
    public List<string>? IgnoredResources { get; set; }
    public List<string>? IgnoredResourceGroups { get; set; }
    public ScoringStrategy? ScoringStrategy { get; set; }
}

/// <summary>LeastAllocated (spread, the default), MostAllocated (bin-pack) or RequestedToCapacityRatio (a custom curve).</summary>
public sealed class ScoringStrategy
{
    public string? Type { get; set; }
    public List<ResourceSpec>? Resources { get; set; }
    public RequestedToCapacityRatioParam? RequestedToCapacityRatio { get; set; }
}

public sealed class ResourceSpec
{
    public string Name { get; set; } = "";
    public long Weight { get; set; }
}

/// <summary>The curve: at <c>utilization</c> percent (0-100) a node scores <c>score</c> (0-10).</summary>
public sealed class RequestedToCapacityRatioParam
{
    public List<UtilizationShapePoint>? Shape { get; set; }
}

public sealed class UtilizationShapePoint
{
    public int Utilization { get; set; }
    public int Score { get; set; }
}
