using System.Collections.Concurrent;
using Microsoft.Extensions.Logging.Abstractions;
using MiniKube.ApiMachinery.Client;
using MiniKube.ApiMachinery.Controllers;
using MiniKube.Testing;
using Xunit;

namespace MiniKube.ApiMachinery.Tests.Controllers;

public sealed class ControllerTests
{
    /// <summary>A controller whose sync records what it saw and fails a given number of times per key.</summary>
    private sealed class RecordingController(int failuresPerKey, RateLimitingQueue<string> queue)
        : Controller("recording", NullLogger.Instance, queue)
    {
        private readonly ConcurrentDictionary<string, int> _failuresLeft = new();
        private int _running;

        public ConcurrentBag<string> Synced { get; } = [];
        public ConcurrentDictionary<string, int> Attempts { get; } = new();
        public bool SameKeyOverlapped { get; private set; }

        protected override async Task SyncAsync(string key, CancellationToken cancellationToken)
        {
            Attempts.AddOrUpdate(key, 1, (_, n) => n + 1);
            if (key == "default/same")
            {
                // Only ever set to true, so racing writers cannot hide an overlap.
                if (Interlocked.Increment(ref _running) > 1) SameKeyOverlapped = true;
                await Task.Yield();
                Interlocked.Decrement(ref _running);
            }
            if (_failuresLeft.GetOrAdd(key, failuresPerKey) is > 0)
            {
                _failuresLeft[key]--;
                throw new InvalidOperationException($"sync of {key} failed on purpose");
            }
            Synced.Add(key);
        }
    }

    private static RateLimitingQueue<string> FastQueue() =>
        new(new ItemExponentialFailureRateLimiter<string>(TimeSpan.FromMilliseconds(1), TimeSpan.FromMilliseconds(10)));

    [Fact]
    public async Task Run_SyncsEveryQueuedKey()
    {
        var controller = new RecordingController(failuresPerKey: 0, FastQueue());
        using var cts = new CancellationTokenSource();
        var run = controller.RunAsync(workers: 3, cts.Token);
        foreach (var key in new[] { "default/a", "default/b", "kube-system/c" }) controller.Queue.Add(key);

        await Eventually.UntilAsync(() => Task.FromResult(controller.Synced.Count == 3), TimeSpan.FromSeconds(10), "three syncs");
        await cts.CancelAsync();
        await run;
        Assert.Equal(["default/a", "default/b", "kube-system/c"], controller.Synced.Order());
    }

    [Fact]
    public async Task Run_FailingSync_IsRetriedUntilItSucceeds_AndBackOffIsForgotten()
    {
        var queue = FastQueue();
        var controller = new RecordingController(failuresPerKey: 2, queue);
        using var cts = new CancellationTokenSource();
        var run = controller.RunAsync(workers: 2, cts.Token);
        controller.Queue.Add("default/flaky");

        await Eventually.UntilAsync(() => Task.FromResult(controller.Synced.Contains("default/flaky")), TimeSpan.FromSeconds(10), "the third attempt");
        await cts.CancelAsync();
        await run;
        Assert.Equal(3, controller.Attempts["default/flaky"]);
        Assert.Equal(0, queue.NumRequeues("default/flaky"));
    }

    [Fact]
    public async Task Run_OneKeyAddedManyTimes_IsNeverSyncedByTwoWorkersAtOnce()
    {
        var controller = new RecordingController(failuresPerKey: 0, FastQueue());
        using var cts = new CancellationTokenSource();
        var run = controller.RunAsync(workers: 4, cts.Token);
        for (var i = 0; i < 200; i++) controller.Queue.Add("default/same");

        await Eventually.UntilAsync(() => Task.FromResult(controller.Queue.Count == 0 && controller.Synced.Contains("default/same")),
            TimeSpan.FromSeconds(10), "the queue to drain");
        await cts.CancelAsync();
        await run;
        Assert.False(controller.SameKeyOverlapped);
    }
}
