namespace MiniKube.ApiMachinery.Client;

/// <summary>
/// A <see cref="WorkQueue{T}"/> with retries, like client-go's <c>RateLimitingQueue</c>: a failed sync calls
/// <see cref="AddRateLimited"/> and the key comes back after the rate limiter's back-off; a successful sync calls
/// <see cref="Forget"/> so the next failure starts from the short delay again.
/// Concept: https://kubernetes.io/docs/concepts/architecture/controller/#controller-pattern
/// </summary>
public sealed class RateLimitingQueue<T> : WorkQueue<T> where T : class
{
    private readonly IRateLimiter<T> _rateLimiter;

    /// <summary>Without a rate limiter, the controllers' default (5 ms doubling to 1000 s per key).</summary>
    public RateLimitingQueue(IRateLimiter<T>? rateLimiter = null, TimeProvider? timeProvider = null) : base(timeProvider) =>
        _rateLimiter = rateLimiter ?? new ItemExponentialFailureRateLimiter<T>();

    /// <summary>Adds the key again once the rate limiter says it may be retried.</summary>
    public void AddRateLimited(T item) => AddAfter(item, _rateLimiter.When(item));

    /// <summary>The key's sync succeeded: stop counting its failures. It does not remove the key from the queue.</summary>
    public void Forget(T item) => _rateLimiter.Forget(item);

    public int NumRequeues(T item) => _rateLimiter.NumRequeues(item);
}
