using MiniKube.Scheduler.Framework;
using MiniKube.Scheduler.Queue;
using MiniKube.Scheduler.Tests.Plugins;
using Xunit;

namespace MiniKube.Scheduler.Tests.Queue;

public sealed class SchedulingQueueTests
{
    private static SchedulingQueue NewQueue() =>
        new(new MiniKube.Scheduler.Plugins.PrioritySort.PrioritySort().Less,
            plugin => plugin == "NodeResourcesFit" ? [ClusterEvent.NodeAdd] : []);

    [Fact]
    public async Task Pop_HigherPriorityFirst_ThenOlder()
    {
        using var queue = NewQueue();
        queue.Add(Make.Pod("low-old", priority: 1));
        queue.Add(Make.Pod("high", priority: 10));
        queue.Add(Make.Pod("low-new", priority: 1));
        Assert.Equal("high", (await queue.PopAsync(CancellationToken.None)).Pod.Metadata.Name);
        Assert.Equal("low-old", (await queue.PopAsync(CancellationToken.None)).Pod.Metadata.Name);
        Assert.Equal("low-new", (await queue.PopAsync(CancellationToken.None)).Pod.Metadata.Name);
    }

    [Fact]
    public void BackoffDuration_DoublesUpToTheMaximum()
    {
        using var queue = NewQueue();
        var qpi = new QueuedPodInfo(new PodInfo(Make.Pod()), DateTime.UtcNow);
        var expected = new[] { 1, 2, 4, 8, 10, 10 };
        for (var i = 0; i < expected.Length; i++)
        {
            qpi.Attempts = i + 1;
            Assert.Equal(TimeSpan.FromSeconds(expected[i]), queue.BackoffDuration(qpi));
        }
    }

    [Fact]
    public async Task MoveAllToActiveOrBackoffQueue_OnlyEventsTheRejectingPluginRegistered()
    {
        using var queue = NewQueue();
        queue.Add(Make.Pod("p"));
        var qpi = await queue.PopAsync(CancellationToken.None);
        qpi.UnschedulablePlugins = ["NodeResourcesFit"];
        queue.AddUnschedulableIfNotPresent(qpi, queue.SchedulingCycle);
        Assert.True(queue.IsInUnschedulable(qpi.PodInfo.Uid));

        queue.MoveAllToActiveOrBackoffQueue(new ClusterEvent(EventResource.Node, ActionType.UpdateNodeLabel));
        Assert.True(queue.IsInUnschedulable(qpi.PodInfo.Uid));

        queue.MoveAllToActiveOrBackoffQueue(ClusterEvent.NodeAdd);
        Assert.False(queue.IsInUnschedulable(qpi.PodInfo.Uid));
        Assert.True(queue.IsInBackoff(qpi.PodInfo.Uid)); // just failed: it still backs off first
    }
}
