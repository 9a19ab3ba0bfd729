using System.Diagnostics;
using Microsoft.Extensions.Logging;
using MiniKube.ApiMachinery.Client;

namespace MiniKube.ApiMachinery.Controllers;

/// <summary>
/// The reconcile loop every controller shares (upstream: each controller's Run → worker → processNextWorkItem).
/// Informer handlers only add <c>namespace/name</c> keys to <see cref="Queue"/>; workers take keys one at a time and
/// call <see cref="SyncAsync"/>, which reads the newest state from the cache and makes the world match it. Success
/// forgets the key's back-off; failure puts the key back, rate-limited; the queue never hands one key to two workers.
/// Concept: https://kubernetes.io/docs/concepts/architecture/controller/
/// </summary>
public abstract partial class Controller
{
    private readonly ILogger _logger;

    protected Controller(string name, ILogger logger, RateLimitingQueue<string>? queue = null)
    {
        Name = name;
        _logger = logger;
        Queue = queue ?? new RateLimitingQueue<string>();
    }

    /// <summary>The controller's name as <c>--controllers</c> knows it, e.g. "replicaset-controller"; also its Events' source.</summary>
    public string Name { get; }

    /// <summary>The keys waiting to be synced. Informer event handlers add to it, and nothing else.</summary>
    public RateLimitingQueue<string> Queue { get; }

    /// <summary>
    /// Makes the world match the desired state of one object, given its key. It must be idempotent: running it twice
    /// in a row changes nothing the second time. Throwing requeues the key with back-off.
    /// </summary>
    protected abstract Task SyncAsync(string key, CancellationToken cancellationToken);

    /// <summary>Waits until the informers the controller reads are filled (upstream: WaitForNamedCacheSync).</summary>
    protected virtual Task WaitForCacheSyncAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    /// <summary>
    /// Work that is not driven by keys, running beside the workers until cancelled: the node lifecycle controller's
    /// periodic health check (upstream: <c>go wait.Until(monitorNodeHealth, period)</c>), the garbage collector's
    /// graph builder. Most controllers have none. It may add keys to <see cref="Queue"/>.
    /// </summary>
    protected virtual Task RunBackgroundAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    /// <summary>Runs <paramref name="workers"/> workers until cancelled (upstream's --concurrent-*-syncs).</summary>
    public async Task RunAsync(int workers, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(workers, 1);
        Log.Starting(_logger, Name, workers);
        await WaitForCacheSyncAsync(cancellationToken);
        // Cancelling shuts the queue down: workers finish the key they hold, then GetAsync returns null.
        using var shutdown = cancellationToken.Register(Queue.ShutDown);
        var background = Task.Run(() => RunBackgroundAsync(cancellationToken), CancellationToken.None);
        await Task.WhenAll(Enumerable.Range(0, workers).Select(_ => Task.Run(() => WorkerAsync(cancellationToken), CancellationToken.None)));
        try { await background; } catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested) { }
        Log.Stopped(_logger, Name);
    }

    private async Task WorkerAsync(CancellationToken cancellationToken)
    {
        // Not cancelled through the token: shutting the queue down ends the loop once the keys held are done.
        while (await Queue.GetAsync(CancellationToken.None) is { } key)
        {
            var started = Stopwatch.GetTimestamp();
            try
            {
                await SyncAsync(key, cancellationToken);
                Queue.Forget(key);
                Log.FinishedSyncing(_logger, Name, key, Stopwatch.GetElapsedTime(started).TotalMilliseconds);
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                // Shutting down: the key is dropped; the next leader lists everything again anyway.
            }
            catch (Exception ex)
            {
                // Never swallow an error: the key comes back later, each failure waiting twice as long.
                Log.SyncFailed(_logger, Name, key, Queue.NumRequeues(key) + 1, ex);
                Queue.AddRateLimited(key);
            }
            finally
            {
                Queue.Done(key);
            }
        }
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = 2001, Level = LogLevel.Information, Message = "Starting {Controller} with {Workers} workers")]
        public static partial void Starting(ILogger logger, string controller, int workers);

        [LoggerMessage(EventId = 2002, Level = LogLevel.Information, Message = "Stopped {Controller}")]
        public static partial void Stopped(ILogger logger, string controller);

        [LoggerMessage(EventId = 2003, Level = LogLevel.Debug, Message = "Finished syncing {Controller} {Key} in {DurationMs:0.0} ms")]
        public static partial void FinishedSyncing(ILogger logger, string controller, string key, double durationMs);

        [LoggerMessage(EventId = 2004, Level = LogLevel.Warning, Message = "Sync of {Controller} {Key} failed (attempt {Attempt}); requeued with back-off")]
        public static partial void SyncFailed(ILogger logger, string controller, string key, int attempt, Exception exception);
    }
}
