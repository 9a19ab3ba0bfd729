using MiniKube.Scheduler.Framework;
using Xunit;
using Plugin = MiniKube.Scheduler.Plugins.NodeResourcesBalancedAllocation.NodeResourcesBalancedAllocation;

namespace MiniKube.Scheduler.Tests.Plugins.NodeResourcesBalancedAllocation;

public sealed class NodeResourcesBalancedAllocationTests
{
    [Theory]
    // node 4 cpu / 8Gi; what is already requested; the pod → (1 - |cpu fraction - memory fraction| / 2) × 100
    [InlineData(null, null, "1", "2Gi", 100)]          // 25% and 25%: perfectly balanced
    [InlineData(null, null, "2", "0", 75)]             // 50% cpu, 0% memory: std 0.25
    [InlineData("2", null, "2", "0", 50)]              // 100% cpu, 0% memory
    [InlineData(null, null, "8", "0", 50)]             // over 100% counts as 100%
    [InlineData("1", "6Gi", "1", "0", 87)]             // 50% and 75%: std 0.125 → 87.5, truncated
    public void Score_PrefersEvenCpuAndMemoryUse(string? usedCpu, string? usedMemory, string cpu, string memory, long expected)
    {
        var existing = usedCpu is null && usedMemory is null ? [] : new[] { Make.Pod("old", cpu: usedCpu, memory: usedMemory) };
        var node = Make.Node(cpu: "4", memory: "8Gi", podsOnNode: existing);
        var pod = Make.Pod(cpu: cpu, memory: memory);
        var plugin = new Plugin();
        var state = new CycleState();
        Assert.True(plugin.PreScore(state, pod, [node]).IsSuccess);

        Assert.Equal(expected, plugin.Score(state, pod, node).Score);
    }

    [Fact]
    public void PreScore_BestEffortPod_Skips()
    {
        // Without requests a pod changes no balance; upstream skips it rather than send every such pod to one node.
        Assert.True(new Plugin().PreScore(new CycleState(), Make.Pod(), [Make.Node()]).IsSkip);
    }
}
