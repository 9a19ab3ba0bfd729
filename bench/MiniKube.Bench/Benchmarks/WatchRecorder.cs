namespace MiniKube.Bench.Benchmarks;

/// <summary>
/// What one watcher saw: the Stopwatch timestamp at which each object's event arrived, keyed by object name.
/// Only the watcher's own reading loop writes to it; the benchmark reads it after that loop has ended.
/// </summary>
internal sealed class WatchRecorder(int expectedEvents)
{
    public const string WarmupName = "warmup";

    private readonly TaskCompletionSource _warmupSeen = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource _allSeen = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public Dictionary<string, long> Arrivals { get; } = new(expectedEvents);

    /// <summary>Completes when the warm-up object's event arrived: from then on this watch is surely established.</summary>
    public Task WarmupSeen => _warmupSeen.Task;

    /// <summary>Completes when every expected event (the warm-up one included) arrived.</summary>
    public Task AllSeen => _allSeen.Task;

    public void Record(string name, long arrivalTimestamp)
    {
        Arrivals.TryAdd(name, arrivalTimestamp);
        if (name == WarmupName) _warmupSeen.TrySetResult();
        if (Arrivals.Count >= expectedEvents) _allSeen.TrySetResult();
    }
}
