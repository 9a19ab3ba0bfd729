namespace MiniKube.ApiMachinery.Client;

/// <summary>
/// Per-item exponential back-off, like client-go's <c>ItemExponentialFailureRateLimiter</c>: the n-th failure of an
/// item waits <c>baseDelay * 2^(n-1)</c>, capped at <c>maxDelay</c>. A broken object is retried quickly at first and
/// then ever more rarely, so one bad object cannot keep a controller busy, while other keys are not slowed down.
/// Concept: https://kubernetes.io/docs/concepts/architecture/controller/
/// </summary>
public sealed class ItemExponentialFailureRateLimiter<T> : IRateLimiter<T> where T : notnull
{
    /// <summary>The first retry's delay in client-go's <c>DefaultControllerRateLimiter</c>.</summary>
    public static readonly TimeSpan DefaultBaseDelay = TimeSpan.FromMilliseconds(5);

    /// <summary>The longest delay in client-go's <c>DefaultControllerRateLimiter</c>.</summary>
    public static readonly TimeSpan DefaultMaxDelay = TimeSpan.FromSeconds(1000);

    private readonly Lock _lock = new();
    private readonly Dictionary<T, int> _failures = [];
    private readonly TimeSpan _baseDelay;
    private readonly TimeSpan _maxDelay;

    /// <summary>
    /// The controllers' default: 5 ms doubling up to 1000 s, as client-go's <c>DefaultControllerRateLimiter</c>.
    /// Upstream difference: client-go combines this with an overall token bucket (10 qps, burst 100) for all items;
    /// we keep only the per-item back-off, which is the part that matters for one broken object.
    /// </summary>
    public ItemExponentialFailureRateLimiter() : this(DefaultBaseDelay, DefaultMaxDelay)
    {
    }

    public ItemExponentialFailureRateLimiter(TimeSpan baseDelay, TimeSpan maxDelay)
    {
        _baseDelay = baseDelay;
        _maxDelay = maxDelay;
    }

    public TimeSpan When(T item)
    {
        int exponent;
        lock (_lock)
        {
            _failures.TryGetValue(item, out exponent);
            _failures[item] = exponent + 1;
        }
        // Computed in floating point so that a long-failing item cannot overflow: anything past the cap is the cap.
        var delayTicks = _baseDelay.Ticks * Math.Pow(2, exponent);
        return delayTicks >= _maxDelay.Ticks ? _maxDelay : TimeSpan.FromTicks((long)delayTicks);
    }

    public void Forget(T item)
    {
        lock (_lock) _failures.Remove(item);
    }

    public int NumRequeues(T item)
    {
        lock (_lock) return _failures.GetValueOrDefault(item);
    }
}
