namespace MiniKube.ApiMachinery.Client;

/// <summary>
/// Decides how long an item waits before it is retried, like client-go's <c>workqueue.TypedRateLimiter</c>. A
/// controller calls <see cref="When"/> each time a sync fails and <see cref="Forget"/> when it finally succeeds.
/// Concept: https://kubernetes.io/docs/concepts/architecture/controller/
/// </summary>
public interface IRateLimiter<in T>
{
    /// <summary>How long to wait before the next retry of <paramref name="item"/>; counts one more failure.</summary>
    TimeSpan When(T item);

    /// <summary>The item succeeded: forget its failures, so its next failure starts from the base delay again.</summary>
    void Forget(T item);

    /// <summary>How many times the item has failed since it was last forgotten.</summary>
    int NumRequeues(T item);
}
