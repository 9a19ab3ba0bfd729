namespace MiniKube.Bench.Measurements;

/// <summary>p50 and p99 over every sample (nearest-rank percentiles, no averaging of averages), in milliseconds.</summary>
internal sealed record LatencySummary(int Samples, double P50Milliseconds, double P99Milliseconds, double MaxMilliseconds)
{
    public static LatencySummary From(IReadOnlyCollection<double> milliseconds)
    {
        if (milliseconds.Count == 0) return new LatencySummary(0, double.NaN, double.NaN, double.NaN);
        var sorted = milliseconds.Order().ToArray();
        return new LatencySummary(sorted.Length, Percentile(sorted, 50), Percentile(sorted, 99), sorted[^1]);
    }

    // Nearest rank: the smallest sample such that at least p% of the samples are less than or equal to it.
    private static double Percentile(double[] sorted, double p) => sorted[Math.Max(0, (int)Math.Ceiling(p / 100 * sorted.Length) - 1)];
}
