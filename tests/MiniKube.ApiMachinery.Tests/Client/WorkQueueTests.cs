using MiniKube.ApiMachinery.Client;
using Xunit;

namespace MiniKube.ApiMachinery.Tests.Client;

public class WorkQueueTests
{
    [Fact]
    public async Task Add_SameKeyTwiceBeforeGet_IsHandedOutOnce()
    {
        var queue = new WorkQueue<string>();
        queue.Add("default/web");
        queue.Add("default/web");
        queue.Add("default/db");

        Assert.Equal(2, queue.Count);
        Assert.Equal("default/web", await queue.GetAsync());
        Assert.Equal("default/db", await queue.GetAsync());
        Assert.Equal(0, queue.Count);
    }

    [Fact]
    public async Task Add_WhileProcessing_IsNotHandedToASecondWorkerButQueuedAgainOnDone()
    {
        var queue = new WorkQueue<string>();
        queue.Add("default/web");
        var key = await queue.GetAsync();

        queue.Add("default/web");                     // the object changed while a worker syncs it
        var second = queue.GetAsync();                 // a second worker is idle
        Assert.False(second.IsCompleted);
        Assert.Equal(0, queue.Count);

        queue.Done(key!);
        Assert.Equal("default/web", await second.WaitAsync(TimeSpan.FromSeconds(5)));
    }

    [Fact]
    public async Task Done_WithoutReAdd_DoesNotQueueAgain()
    {
        var queue = new WorkQueue<string>();
        queue.Add("a");
        queue.Done((await queue.GetAsync())!);
        Assert.Equal(0, queue.Count);
    }

    [Fact]
    public async Task GetAsync_WaitingWorker_GetsKeyWhenAdded()
    {
        var queue = new WorkQueue<string>();
        var waiting = queue.GetAsync();
        Assert.False(waiting.IsCompleted);
        queue.Add("a");
        Assert.Equal("a", await waiting.WaitAsync(TimeSpan.FromSeconds(5)));
    }

    [Fact]
    public async Task GetAsync_Cancelled_ThrowsAndDoesNotSwallowLaterKeys()
    {
        var queue = new WorkQueue<string>();
        using var cts = new CancellationTokenSource();
        var cancelled = queue.GetAsync(cts.Token);
        await cts.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => cancelled);

        queue.Add("a");
        Assert.Equal(1, queue.Count);
        Assert.Equal("a", await queue.GetAsync());
    }

    [Fact]
    public async Task ShutDown_DrainsQueuedKeysThenReturnsNull()
    {
        var queue = new WorkQueue<string>();
        var idle = queue.GetAsync();
        Assert.Equal("a", await AddAndGet(queue, idle, "a"));
        queue.Add("b");
        var idleWorker = new WorkQueue<string>().GetAsync(); // unrelated queue stays pending
        queue.ShutDown();
        queue.Add("c");                                        // ignored after shutdown

        Assert.Equal("b", await queue.GetAsync());
        Assert.Null(await queue.GetAsync());
        Assert.False(idleWorker.IsCompleted);
    }

    [Fact]
    public async Task ShutDown_WakesIdleWorkersWithNull()
    {
        var queue = new WorkQueue<string>();
        var idle = queue.GetAsync();
        queue.ShutDown();
        Assert.Null(await idle.WaitAsync(TimeSpan.FromSeconds(5)));
        Assert.True(queue.ShuttingDown);
    }

    [Fact]
    public async Task AddAfter_KeyAppearsOnlyWhenTheClockReachesTheDelay()
    {
        var clock = new ManualTimeProvider();
        var queue = new WorkQueue<string>(clock);
        queue.AddAfter("a", TimeSpan.FromSeconds(10));

        clock.Advance(TimeSpan.FromSeconds(9.999));
        Assert.Equal(0, queue.Count);
        clock.Advance(TimeSpan.FromMilliseconds(1));
        Assert.Equal(1, queue.Count);
        Assert.Equal("a", await queue.GetAsync());
    }

    [Fact]
    public void AddAfter_SameKeyTwice_EarlierTimeWins()
    {
        var clock = new ManualTimeProvider();
        var queue = new WorkQueue<string>(clock);
        queue.AddAfter("a", TimeSpan.FromSeconds(10));
        queue.AddAfter("a", TimeSpan.FromSeconds(2));
        queue.AddAfter("a", TimeSpan.FromSeconds(30));

        clock.Advance(TimeSpan.FromSeconds(2));
        Assert.Equal(1, queue.Count);
        clock.Advance(TimeSpan.FromSeconds(60));
        Assert.Equal(1, queue.Count);                 // not added a second time by the replaced timers
    }

    [Fact]
    public void AddAfter_ZeroDelay_AddsAtOnce()
    {
        var queue = new WorkQueue<string>(new ManualTimeProvider());
        queue.AddAfter("a", TimeSpan.Zero);
        Assert.Equal(1, queue.Count);
    }

    [Fact]
    public void ShutDown_DropsKeysWaitingForADelay()
    {
        var clock = new ManualTimeProvider();
        var queue = new WorkQueue<string>(clock);
        queue.AddAfter("a", TimeSpan.FromSeconds(1));
        queue.ShutDown();
        clock.Advance(TimeSpan.FromSeconds(5));
        Assert.Equal(0, queue.Count);
    }

    [Fact]
    public async Task ManyWorkers_NeverHoldTheSameKeyAtOnce()
    {
        var queue = new WorkQueue<string>();
        var holding = new HashSet<string>();
        var overlaps = 0;
        var processed = 0;
        async Task Worker()
        {
            while (await queue.GetAsync() is { } key)
            {
                lock (holding) if (!holding.Add(key)) overlaps++;
                await Task.Yield();
                lock (holding) holding.Remove(key);
                Interlocked.Increment(ref processed);
                queue.Done(key);
            }
        }
        var workers = Enumerable.Range(0, 8).Select(_ => Task.Run(Worker)).ToArray();
        for (var i = 0; i < 2000; i++) queue.Add($"key-{i % 10}");
        await MiniKube.Testing.Eventually.UntilAsync(() => Task.FromResult(queue.Count == 0), TimeSpan.FromSeconds(10), "the queue to drain");
        queue.ShutDown();
        await Task.WhenAll(workers).WaitAsync(TimeSpan.FromSeconds(10));
        Assert.Equal(0, overlaps);
        Assert.InRange(processed, 10, 2000);
    }

    private static async Task<string?> AddAndGet(WorkQueue<string> queue, Task<string?> idle, string key)
    {
        queue.Add(key);
        var got = await idle.WaitAsync(TimeSpan.FromSeconds(5));
        queue.Done(got!);
        return got;
    }
}
