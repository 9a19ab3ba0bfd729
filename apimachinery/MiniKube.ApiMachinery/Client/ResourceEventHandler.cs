namespace MiniKube.ApiMachinery.Client;

/// <summary>
/// What an informer calls when its cache changes, like client-go's <c>cache.ResourceEventHandlerFuncs</c>. In a
/// controller these only enqueue a key (the object's, or its owner's): the work happens later in SyncAsync, which
/// reads the newest state from the cache. OnDelete gets the last state the informer knew.
/// Concept: https://kubernetes.io/docs/concepts/architecture/controller/
/// </summary>
public sealed class ResourceEventHandler<T>
{
    public Action<T>? OnAdd { get; init; }

    /// <summary>Called with the old and the new object.</summary>
    public Action<T, T>? OnUpdate { get; init; }

    public Action<T>? OnDelete { get; init; }
}
