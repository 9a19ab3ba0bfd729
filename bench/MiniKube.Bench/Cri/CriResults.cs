using MiniKube.Bench.Measurements;

namespace MiniKube.Bench.Cri;

/// <summary>The CRI section of a run: image pull against skopeo and containerd, pod start against containerd.</summary>
internal sealed class CriResults
{
    public required string Image { get; init; }
    public int PullIterations { get; init; }
    public int PodIterations { get; init; }
    public int WarmupRounds { get; init; }
    public required string LoadAverageAtStart { get; init; }
    public string LoadAverageAtEnd { get; set; } = "unknown";
    /// <summary>"minikube-runtime 0.1.0", "containerd 1.6.20~ds1", "skopeo version 1.9.3", "runc version 1.1.5+ds1"…</summary>
    public List<string> Versions { get; } = [];
    public List<CriResult> Pulls { get; } = [];
    /// <summary>Layers of the pull image (each pull should fetch all of them).</summary>
    public int PullLayers { get; set; }
    public List<CriResult> PodStarts { get; } = [];
}

/// <summary>One contender: its timings, or why it did not run here.</summary>
/// <param name="Role">"ours", or "peer" (the reference the ratios are taken to: skopeo for pulls, containerd for pod start), or "other".</param>
internal sealed class CriResult(string name, string role, string what)
{
    public string Name => name;
    public string Role => role;
    /// <summary>What was timed, for the report's "how it was measured".</summary>
    public string What => what;
    /// <summary>Why it was not measured: "not installed", or the error line of its first run or of its start.</summary>
    public string? Unavailable { get; set; }
    public LatencySummary? Latency { get; set; }
    /// <summary>For pod start: RunPodSandbox alone.</summary>
    public LatencySummary? Sandbox { get; set; }
    /// <summary>For pulls: how many layer blobs the registry served during each run (timed or not).</summary>
    public List<int> LayersFetched { get; } = [];
    public int Failed { get; set; }
    public string? FirstError { get; set; }
}
