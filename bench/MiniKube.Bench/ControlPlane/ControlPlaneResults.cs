namespace MiniKube.Bench.ControlPlane;

/// <summary>What the control-plane section measured: scheduling throughput per profile, and the controllers' pace.</summary>
internal sealed class ControlPlaneResults
{
    public List<SchedulingResult> Scheduling { get; } = [];
    public DeploymentResult? Deployment { get; set; }
    public string LoadAverageAtStart { get; set; } = "unknown";
    public string LoadAverageAtEnd { get; set; } = "unknown";
}

/// <param name="Profile">Which KubeSchedulerConfiguration profile ran.</param>
/// <param name="FirstToLast">From the first binding seen to the last one (null if fewer than two were seen).</param>
/// <param name="ResidentMiB">The scheduler's resident memory once every pod was bound (VmRSS).</param>
internal sealed record SchedulingResult(string Profile, int Nodes, int Pods, int Bound, TimeSpan? FirstToLast, double ResidentMiB, string? Error)
{
    public double PodsPerSecond => FirstToLast is { TotalSeconds: > 0 } span && Bound > 1 ? (Bound - 1) / span.TotalSeconds : double.NaN;
}

/// <param name="Elapsed">From the Deployment's create request until every one of its pods existed.</param>
internal sealed record DeploymentResult(int Replicas, int PodsSeen, TimeSpan Elapsed, string? Error)
{
    public double PodsPerSecond => Elapsed.TotalSeconds > 0 ? PodsSeen / Elapsed.TotalSeconds : double.NaN;
}
