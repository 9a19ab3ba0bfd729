using k8s;
using MiniKube.Testing;
using Xunit;

namespace MiniKube.ControllerManager.Tests;

[Collection(ControllerManagerCluster.Name)]
public sealed class ControllerManagerTests(ControllerManagerFixture fixture)
{
    [Fact]
    public async Task Flags_UnknownControllerAndBadDuration_ExitOneListingEveryProblem()
    {
        await using var manager = fixture.StartControllerManager("--controllers", "*,-nope,bogus", "--node-monitor-grace-period", "soon");
        await Eventually.UntilAsync(() => Task.FromResult(manager.HasExited), TimeSpan.FromSeconds(30), "the controller manager to exit");
        Assert.Contains("--controllers: \"-nope\" is not a known controller", manager.Output, StringComparison.Ordinal);
        Assert.Contains("--controllers: \"bogus\" is not a known controller", manager.Output, StringComparison.Ordinal);
        Assert.Contains("--node-monitor-grace-period: \"soon\" is not a duration", manager.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task LeaderElection_SecondCopyWaits_TakesOverWhenTheLeaderIsKilled()
    {
        // Two copies campaigning for a Lease of their own, so the fixture's controller manager is left alone.
        var lease = $"election-{Guid.NewGuid():N}"[..20];
        await using var first = fixture.StartControllerManager("--leader-elect-resource-name", lease, "--controllers", "");
        await first.WaitForOutputAsync("Starting controllers", TimeSpan.FromSeconds(60));
        await using var second = fixture.StartControllerManager("--leader-elect-resource-name", lease, "--controllers", "");
        await second.WaitForOutputAsync($"Attempting to acquire leader lease kube-system/{lease}", TimeSpan.FromSeconds(30));
        var leader = (await fixture.Client.CoordinationV1.ReadNamespacedLeaseAsync(lease, "kube-system")).Spec.HolderIdentity;
        Assert.DoesNotContain("Starting controllers", second.Output, StringComparison.Ordinal);

        await first.KillAsync();
        await second.WaitForOutputAsync("Starting controllers", TimeSpan.FromSeconds(60));
        Assert.NotEqual(leader, (await fixture.Client.CoordinationV1.ReadNamespacedLeaseAsync(lease, "kube-system")).Spec.HolderIdentity);
    }
}
