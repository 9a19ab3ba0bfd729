using k8s;
using k8s.Models;

namespace MiniKube.ApiMachinery.Client;

/// <summary>
/// Keeps a local, indexed copy of one resource type and tells handlers what changed, like client-go's
/// <c>SharedIndexInformer</c> (with its Reflector inside). It lists once, then watches from the list's
/// resourceVersion, so controllers read from memory instead of asking the API server on every sync:
/// <list type="number">
/// <item>LIST → replace the cache → <see cref="HasSynced"/> becomes true.</item>
/// <item>WATCH from the last resourceVersion; apply each event to the cache, then call the handlers.</item>
/// <item>The server ends the watch (timeout) → watch again from the last resourceVersion seen (events or
/// bookmarks), so nothing is missed and nothing is listed twice.</item>
/// <item>The connection breaks (server restart) → after a back-off, watch again from the same resourceVersion.</item>
/// <item>410 Gone/Expired (that version was compacted) → LIST again; handlers get OnAdd/OnUpdate/OnDelete for
/// whatever changed meanwhile.</item>
/// </list>
/// Concept: https://kubernetes.io/docs/reference/using-api/api-concepts/#efficient-detection-of-changes
/// Upstream difference: client-go queues events per handler (processorListener) and one informer per type is shared
/// by all controllers through a SharedInformerFactory; here handlers are called in order on the informer's loop and
/// each Informer is created on its own (share one instance to share a cache). There is no periodic resync.
/// </summary>
public sealed class Informer<T> where T : class, IKubernetesObject<V1ObjectMeta>
{
    // client-go's reflector: watches last 5-10 minutes (randomized so that many clients don't reconnect together),
    // and a failing list/watch is retried after 800 ms doubling to 30 s.
    private static readonly TimeSpan MinWatchTimeout = TimeSpan.FromMinutes(5);
    private static readonly TimeSpan InitialBackoff = TimeSpan.FromMilliseconds(800);
    private static readonly TimeSpan MaxBackoff = TimeSpan.FromSeconds(30);

    private readonly ListerWatcher<T> _listerWatcher;
    private readonly TimeProvider _timeProvider;
    private readonly Lock _handlersLock = new();
    private readonly List<ResourceEventHandler<T>> _handlers = [];
    private readonly TaskCompletionSource _synced = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private int _running;

    public Informer(ListerWatcher<T> listerWatcher, TimeProvider? timeProvider = null)
    {
        _listerWatcher = listerWatcher;
        _timeProvider = timeProvider ?? TimeProvider.System;
        Indexer = new Indexer<T>(Indexers.DefaultsFor<T>());
    }

    /// <summary>An informer for every <typeparamref name="T"/> in <paramref name="ns"/> (null: all namespaces).</summary>
    public Informer(Kubernetes client, string? ns = null, string? labelSelector = null, string? fieldSelector = null)
        : this(new ListerWatcher<T>(client, ns, labelSelector, fieldSelector))
    {
    }

    /// <summary>The cache: read objects here (by key or by index), never modify them.</summary>
    public Indexer<T> Indexer { get; }

    /// <summary>True once the first list is in the cache. Controllers must not sync before (they would see nothing).</summary>
    public bool HasSynced => _synced.Task.IsCompleted;

    /// <summary>The resourceVersion the next watch starts from.</summary>
    public string LastSyncResourceVersion { get; private set; } = "";

    /// <summary>
    /// Called when a list or watch fails (client-go's <c>SetWatchErrorHandler</c>); the informer retries by itself,
    /// this is for logging. Also called if a handler throws.
    /// </summary>
    public event Action<Exception>? WatchError;

    /// <summary>
    /// Adds a handler. Objects already in the cache are delivered to it as OnAdd first, so a handler added late
    /// does not miss them.
    /// </summary>
    public void AddEventHandler(ResourceEventHandler<T> handler)
    {
        lock (_handlersLock)
        {
            _handlers.Add(handler);
            foreach (var obj in Indexer.List()) Invoke(() => handler.OnAdd?.Invoke(obj));
        }
    }

    /// <summary>Waits until the first list is in the cache (client-go's <c>WaitForCacheSync</c>).</summary>
    public Task WaitForCacheSyncAsync(CancellationToken cancellationToken) => _synced.Task.WaitAsync(cancellationToken);

    /// <summary>Lists and watches until cancelled. Run it once, in the background.</summary>
    public async Task RunAsync(CancellationToken cancellationToken)
    {
        if (Interlocked.Exchange(ref _running, 1) == 1) throw new InvalidOperationException("the informer is already running");
        var backoff = InitialBackoff;
        while (!cancellationToken.IsCancellationRequested)
        {
            try
            {
                await ListAsync(cancellationToken);
                backoff = InitialBackoff;
                while (true)
                {
                    try
                    {
                        await WatchAsync(cancellationToken);
                        // The server ended the watch (its timeout): resume from where we are, no need to list.
                        backoff = InitialBackoff;
                    }
                    catch (Exception ex) when (ex is HttpRequestException or IOException && !cancellationToken.IsCancellationRequested)
                    {
                        // The server went away (restart, network). Our resourceVersion is still good, so once it is
                        // back we resume the watch; if it has been compacted meanwhile the server says 410.
                        WatchError?.Invoke(ex);
                        await Task.Delay(backoff, _timeProvider, cancellationToken);
                        backoff = Next(backoff);
                    }
                }
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                return;
            }
            catch (ApiStatusException ex) when (ex.IsExpired)
            {
                // 410 Gone/Expired: the changes since our resourceVersion are compacted away, and a fresh list is
                // the only way to catch up. List at once.
                WatchError?.Invoke(ex);
            }
            catch (Exception ex)
            {
                // The list failed, or the server answered the watch with another error: list again after a pause
                // that grows, so a struggling server is not hammered.
                WatchError?.Invoke(ex);
                try { await Task.Delay(backoff, _timeProvider, cancellationToken); }
                catch (OperationCanceledException) { return; }
                backoff = Next(backoff);
            }
        }
    }

    private static TimeSpan Next(TimeSpan backoff) => backoff * 2 > MaxBackoff ? MaxBackoff : backoff * 2;

    private async Task ListAsync(CancellationToken cancellationToken)
    {
        var (items, resourceVersion) = await _listerWatcher.ListAsync(cancellationToken);
        lock (_handlersLock)
        {
            var old = Indexer.Replace(items);
            // Tell the handlers what the list changed compared to what we had: after a re-list this is every
            // change the broken watch missed, including deletions.
            foreach (var obj in items)
            {
                if (!old.Remove(MetaNamespaceKey.For(obj), out var previous)) Notify(h => h.OnAdd?.Invoke(obj));
                else if (previous.Metadata.ResourceVersion != obj.Metadata.ResourceVersion) Notify(h => h.OnUpdate?.Invoke(previous, obj));
            }
            // Upstream difference: client-go wraps these in DeletedFinalStateUnknown; we pass the last known object.
            foreach (var gone in old.Values) Notify(h => h.OnDelete?.Invoke(gone));
            LastSyncResourceVersion = resourceVersion;
        }
        _synced.TrySetResult();
    }

    private async Task WatchAsync(CancellationToken cancellationToken)
    {
        var timeout = MinWatchTimeout * (1 + Random.Shared.NextDouble());
        await foreach (var watchEvent in _listerWatcher.WatchAsync(LastSyncResourceVersion, timeout, cancellationToken))
        {
            var obj = watchEvent.Object;
            lock (_handlersLock)
            {
                switch (watchEvent.Type)
                {
                    case WatchEvent<T>.Added or WatchEvent<T>.Modified:
                        var old = Indexer.AddOrUpdate(obj);
                        if (old is null) Notify(h => h.OnAdd?.Invoke(obj));
                        else Notify(h => h.OnUpdate?.Invoke(old, obj));
                        break;
                    case WatchEvent<T>.Deleted:
                        Indexer.Delete(MetaNamespaceKey.For(obj));
                        Notify(h => h.OnDelete?.Invoke(obj));
                        break;
                }
                // Every event, bookmarks included, moves the point a reconnect resumes from.
                if (obj.Metadata?.ResourceVersion is { Length: > 0 } resourceVersion) LastSyncResourceVersion = resourceVersion;
            }
        }
    }

    private void Notify(Action<ResourceEventHandler<T>> call)
    {
        foreach (var handler in _handlers) Invoke(() => call(handler));
    }

    private void Invoke(Action call)
    {
        try
        {
            call();
        }
        catch (Exception ex)
        {
            // A broken handler must not stop the cache from following the server.
            WatchError?.Invoke(ex);
        }
    }
}
