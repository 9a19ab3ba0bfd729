namespace MiniKube.ApiMachinery.Client;

/// <summary>
/// A controller's work queue, like client-go's <c>workqueue</c> (the plain queue plus its delaying layer): informer
/// handlers <see cref="Add"/> keys, and workers take them with <see cref="GetAsync"/> and call <see cref="Done"/>
/// when finished. Three rules make controllers simple:
/// <list type="bullet">
/// <item>A key waiting in the queue is stored once ("dirty" set): ten updates of one object before a worker gets to
/// it cost one sync, because the sync reads the newest state from the cache anyway.</item>
/// <item>A key being processed is never handed to a second worker ("processing" set). If it is added again while
/// processing, it is held back and queued when <see cref="Done"/> is called, so the newest change is not lost.</item>
/// <item><see cref="AddAfter"/> holds a key back for a while (for retries); time comes from a
/// <see cref="TimeProvider"/> so tests can move the clock instead of sleeping.</item>
/// </list>
/// Concept: https://kubernetes.io/docs/concepts/architecture/controller/#controller-pattern
/// </summary>
public class WorkQueue<T> where T : class
{
    private readonly Lock _lock = new();
    private readonly Queue<T> _queue = new();
    private readonly HashSet<T> _dirty = [];
    private readonly HashSet<T> _processing = [];
    private readonly Queue<TaskCompletionSource<T?>> _waiters = new();
    private readonly Dictionary<T, WaitingItem> _waiting = [];
    private readonly TimeProvider _timeProvider;
    private bool _shuttingDown;

    public WorkQueue(TimeProvider? timeProvider = null) => _timeProvider = timeProvider ?? TimeProvider.System;

    /// <summary>Keys ready to be handed out (not counting those being processed or waiting for a delay).</summary>
    public int Count
    {
        get { lock (_lock) return _queue.Count; }
    }

    public bool ShuttingDown
    {
        get { lock (_lock) return _shuttingDown; }
    }

    /// <summary>Marks a key as needing work. Adding a key that already waits in the queue does nothing.</summary>
    public void Add(T item)
    {
        lock (_lock)
        {
            if (_shuttingDown || !_dirty.Add(item)) return;
            // Being processed right now: Done will queue it again, so no two workers ever hold the same key.
            if (_processing.Contains(item)) return;
            _queue.Enqueue(item);
            HandOut();
        }
    }

    /// <summary>
    /// Waits for the next key. Returns null once the queue is shut down and empty: that is the worker's signal to
    /// stop. Every key returned must be given back with <see cref="Done"/>.
    /// </summary>
    public Task<T?> GetAsync(CancellationToken cancellationToken = default)
    {
        lock (_lock)
        {
            if (_queue.Count > 0) return Task.FromResult<T?>(StartProcessing(_queue.Dequeue()));
            // Like client-go, a queue that is shutting down still hands out what it holds; only then do workers stop.
            if (_shuttingDown) return Task.FromResult<T?>(null);
            // Continuations run asynchronously: a worker must never start syncing while this queue's lock is held.
            var waiter = new TaskCompletionSource<T?>(TaskCreationOptions.RunContinuationsAsynchronously);
            if (cancellationToken.CanBeCanceled)
            {
                // A cancelled waiter stays in _waiters; HandOut skips it because TrySetResult fails.
                var registration = cancellationToken.Register(() => waiter.TrySetCanceled(cancellationToken));
                waiter.Task.ContinueWith(_ => registration.Dispose(), TaskScheduler.Default);
            }
            _waiters.Enqueue(waiter);
            return waiter.Task;
        }
    }

    /// <summary>The worker finished with the key. If it was added again meanwhile, it goes back in the queue now.</summary>
    public void Done(T item)
    {
        lock (_lock)
        {
            _processing.Remove(item);
            if (_dirty.Contains(item))
            {
                _queue.Enqueue(item);
                HandOut();
            }
        }
    }

    /// <summary>
    /// Adds the key after <paramref name="delay"/> (client-go's delaying queue). If the key is already waiting, the
    /// earlier time wins, so a retry scheduled far in the future does not delay a sooner one.
    /// </summary>
    public void AddAfter(T item, TimeSpan delay)
    {
        if (delay <= TimeSpan.Zero)
        {
            Add(item);
            return;
        }
        lock (_lock)
        {
            if (_shuttingDown) return;
            var readyAt = _timeProvider.GetUtcNow() + delay;
            if (_waiting.TryGetValue(item, out var existing))
            {
                if (existing.ReadyAt <= readyAt) return;
                existing.Timer.Dispose();
            }
            var waiting = new WaitingItem(this, item, readyAt);
            _waiting[item] = waiting;
            // The callback takes the lock, so even a timer that fires at once waits until Timer is set here.
            waiting.Timer = _timeProvider.CreateTimer(static state => ((WaitingItem)state!).Fire(), waiting, delay, Timeout.InfiniteTimeSpan);
        }
    }

    /// <summary>
    /// Stops accepting keys. Workers get what is still queued, then null. Keys waiting for a delay are dropped.
    /// </summary>
    public void ShutDown()
    {
        lock (_lock)
        {
            _shuttingDown = true;
            foreach (var waiting in _waiting.Values) waiting.Timer.Dispose();
            _waiting.Clear();
            while (_waiters.TryDequeue(out var waiter)) waiter.TrySetResult(null);
        }
    }

    private void Ready(WaitingItem waiting)
    {
        lock (_lock)
        {
            // A newer AddAfter may have replaced this timer (or ShutDown removed it): then this firing is stale.
            if (!_waiting.TryGetValue(waiting.Item, out var current) || current != waiting) return;
            _waiting.Remove(waiting.Item);
            waiting.Timer.Dispose();
        }
        Add(waiting.Item);
    }

    // Gives queued keys to workers already waiting in GetAsync. Called with the lock held.
    private void HandOut()
    {
        while (_queue.Count > 0 && _waiters.TryDequeue(out var waiter))
        {
            var item = _queue.Peek();
            _processing.Add(item);
            _dirty.Remove(item);
            if (waiter.TrySetResult(item))
            {
                _queue.Dequeue();
            }
            else
            {
                // That worker gave up (cancelled): undo and try the next one.
                _processing.Remove(item);
                _dirty.Add(item);
            }
        }
    }

    private T StartProcessing(T item)
    {
        _processing.Add(item);
        _dirty.Remove(item);
        return item;
    }

    // A key held back by AddAfter, with the timer that will add it.
    private sealed class WaitingItem(WorkQueue<T> queue, T item, DateTimeOffset readyAt)
    {
        public T Item { get; } = item;
        public DateTimeOffset ReadyAt { get; } = readyAt;
        public ITimer Timer { get; set; } = null!;
        public void Fire() => queue.Ready(this);
    }
}
