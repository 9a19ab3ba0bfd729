namespace MiniKube.Bench.Measurements;

/// <summary>How many operations succeeded (and failed) in how long; FirstError says why the first failure failed.</summary>
internal sealed record ThroughputResult(int Succeeded, int Failed, TimeSpan Elapsed, string? FirstError)
{
    public double PerSecond => Elapsed > TimeSpan.Zero ? Succeeded / Elapsed.TotalSeconds : 0;
}
