namespace MiniKube.Bench;

/// <summary>The published programs a run starts, from bin/ (null when their section does not run).</summary>
internal sealed record BenchExecutables(string? ApiServer, string? Minirunc, string? Scheduler, string? ControllerManager,
    string? Runtime = null);
