using k8s.Models;
using MiniKube.ControllerManager.Tests.ReplicaSet;
using MiniKube.Testing;
using Xunit;
using Xunit.Abstractions;

namespace MiniKube.ControllerManager.Tests.Deployment;

/// <summary>
/// The controller manager as a process that can die: killed with SIGKILL mid-rollout, a new one finishes the job
/// from the API server's state alone; with two running, only the Lease holder acts. These tests kill the shared
/// controller manager and hand the survivor over to the fixture for the tests that follow.
/// </summary>
[Collection(ControllerManagerCluster.Name)]
public sealed class ControllerManagerFailoverTests(ControllerManagerFixture fixture, ITestOutputHelper output)
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(90);

    [Fact]
    public async Task KillDuringRollout_NewControllerManagerConverges_NoDuplicateNoLostPods()
    {
        await using var bed = await WorkloadTestBed.CreateAsync(fixture, "deploy-crash");
        await bed.ApplyAsync(bed.DeploymentYaml("web", 6, "nginx:1.0", maxSurge: "2", maxUnavailable: "0"));
        await bed.KubectlAsync("rollout", "status", "deployment/web", "--timeout=60s");

        await using var watcher = new PodWatcher(bed.Client, bed.Namespace);
        await watcher.WaitForCacheSyncAsync();
        // A controller that forgot what it had created would create it again: more than replicas+maxSurge pods.
        watcher.Add(pods => PodWatcher.Active(pods).Count is var n and > 8 ? $"{n} pods exist" : null);

        await bed.KubectlAsync("set", "image", "deployment/web", "web=nginx:2.0");
        // Mid-rollout: the new ReplicaSet exists and has been asked for pods.
        await Eventually.UntilAsync(async () => (await bed.ReplicaSetsAsync("app=web")).Any(rs => rs.Spec.Template.Spec.Containers[0].Image == "nginx:2.0" && rs.Spec.Replicas > 0),
            Timeout, "the rollout to start");
        await fixture.ControllerManager.KillAsync();
        var podsAtKill = (await bed.ActivePodsAsync("app=web")).Count;
        output.WriteLine($"killed with {podsAtKill} pods");

        var successor = fixture.StartControllerManager();
        await fixture.HandOverControllerManagerAsync(successor);
        await successor.WaitForOutputAsync("Starting controllers", Timeout);
        await bed.KubectlAsync("rollout", "status", "deployment/web", "--timeout=90s");

        var pods = await Eventually.UntilAsync(async () => await bed.ActivePodsAsync("app=web") is { Count: 6 } list ? list : null, Timeout, "exactly 6 pods");
        Assert.All(pods, p => Assert.Equal("nginx:2.0", p.Spec.Containers[0].Image));
        Assert.Equal(6, pods.Select(p => p.Metadata.Name).Distinct().Count());
        var newRS = Assert.Single(await bed.ReplicaSetsAsync("app=web"), rs => rs.Spec.Template.Spec.Containers[0].Image == "nginx:2.0");
        Assert.All(pods, p => Assert.Equal(newRS.Metadata.Uid, p.Metadata.OwnerReferences.Single().Uid));
        Assert.Empty(watcher.Violations);
    }

    [Fact]
    public async Task TwoControllerManagers_OnlyTheLeaderSyncs_StandbyTakesOverWhenKilled()
    {
        await using var bed = await WorkloadTestBed.CreateAsync(fixture, "deploy-leader");
        // The shared controller manager holds the Lease; a standby campaigns for the same one.
        await fixture.ControllerManager.WaitForOutputAsync("Starting controllers", Timeout);
        var leader = fixture.ControllerManager;
        var standby = fixture.StartControllerManager();
        var handedOver = false;
        try
        {
            await standby.WaitForOutputAsync("Attempting to acquire leader lease kube-system/kube-controller-manager", Timeout);
            await bed.ApplyAsync(bed.DeploymentYaml("web", 2, "nginx:1.0"));
            await bed.KubectlAsync("rollout", "status", "deployment/web", "--timeout=60s");
            Assert.Contains($"Too few replicas for ReplicaSet {bed.Namespace}/web-", leader.Output, StringComparison.Ordinal);
            Assert.DoesNotContain(bed.Namespace, standby.Output, StringComparison.Ordinal);
            Assert.DoesNotContain("Starting controllers", standby.Output, StringComparison.Ordinal);

            await leader.KillAsync();
            await fixture.HandOverControllerManagerAsync(standby);
            handedOver = true;
            await standby.WaitForOutputAsync("Starting controllers", Timeout);
            await bed.KubectlAsync("scale", "deployment/web", "--replicas=4");
            await bed.KubectlAsync("rollout", "status", "deployment/web", "--timeout=60s");
            Assert.Equal(4, (await bed.ActivePodsAsync("app=web")).Count);
            await standby.WaitForOutputAsync($"Scaled up ReplicaSet {bed.Namespace}/web-", Timeout);
        }
        finally
        {
            if (!handedOver) await standby.DisposeAsync();
        }
    }
}
