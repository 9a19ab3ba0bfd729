using MiniKube.ApiMachinery.Client;
using Xunit;

namespace MiniKube.ApiMachinery.Tests.Client;

public class RateLimitingQueueTests
{
    [Theory]
    [InlineData(1, 5)]
    [InlineData(2, 10)]
    [InlineData(3, 20)]
    [InlineData(10, 2560)]
    [InlineData(18, 655_360)]      // 5 ms * 2^17, about 11 minutes
    [InlineData(19, 1_000_000)]    // 5 ms * 2^18 would pass 1000 s: capped
    [InlineData(500, 1_000_000)]   // far past the cap, and no overflow
    public void When_NthFailure_DoublesFromFiveMillisecondsUpToThousandSeconds(int failures, long expectedMilliseconds)
    {
        var limiter = new ItemExponentialFailureRateLimiter<string>();
        var delay = TimeSpan.Zero;
        for (var i = 0; i < failures; i++) delay = limiter.When("default/web");
        Assert.Equal(TimeSpan.FromMilliseconds(expectedMilliseconds), delay);
        Assert.Equal(failures, limiter.NumRequeues("default/web"));
    }

    [Fact]
    public void Forget_ResetsTheBackOffOfThatKeyOnly()
    {
        var limiter = new ItemExponentialFailureRateLimiter<string>();
        limiter.When("a");
        limiter.When("a");
        limiter.When("b");
        limiter.Forget("a");
        Assert.Equal(0, limiter.NumRequeues("a"));
        Assert.Equal(TimeSpan.FromMilliseconds(5), limiter.When("a"));
        Assert.Equal(TimeSpan.FromMilliseconds(10), limiter.When("b"));
    }

    [Fact]
    public async Task AddRateLimited_RetriesAfterGrowingDelays_AndForgetStartsOver()
    {
        var clock = new ManualTimeProvider();
        var queue = new RateLimitingQueue<string>(timeProvider: clock);

        queue.AddRateLimited("a");                         // first failure: 5 ms
        clock.Advance(TimeSpan.FromMilliseconds(4));
        Assert.Equal(0, queue.Count);
        clock.Advance(TimeSpan.FromMilliseconds(1));
        queue.Done((await queue.GetAsync())!);

        queue.AddRateLimited("a");                         // second failure: 10 ms
        clock.Advance(TimeSpan.FromMilliseconds(9));
        Assert.Equal(0, queue.Count);
        clock.Advance(TimeSpan.FromMilliseconds(1));
        Assert.Equal(1, queue.Count);
        Assert.Equal(2, queue.NumRequeues("a"));
        queue.Done((await queue.GetAsync())!);

        queue.Forget("a");                                 // success
        queue.AddRateLimited("a");
        clock.Advance(TimeSpan.FromMilliseconds(5));
        Assert.Equal(1, queue.Count);
    }

    [Fact]
    public async Task AddRateLimited_WhileProcessing_ComesBackAfterDone()
    {
        var clock = new ManualTimeProvider();
        var queue = new RateLimitingQueue<string>(timeProvider: clock);
        queue.Add("a");
        var key = (await queue.GetAsync())!;
        queue.AddRateLimited(key);                         // the controller's loop: requeue, then Done
        clock.Advance(TimeSpan.FromMilliseconds(5));
        Assert.Equal(0, queue.Count);                      // still processing: held back
        queue.Done(key);
        Assert.Equal(1, queue.Count);
    }
}
