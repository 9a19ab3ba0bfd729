using System.Text.RegularExpressions;
using k8s;
using k8s.Models;
using MiniKube.ControllerManager.Deployment;
using MiniKube.ControllerManager.Pods;
using MiniKube.ControllerManager.Tests.ReplicaSet;
using MiniKube.Testing;
using Xunit;
using Xunit.Abstractions;

namespace MiniKube.ControllerManager.Tests.Deployment;

[Collection(ControllerManagerCluster.Name)]
public sealed partial class DeploymentControllerTests(ControllerManagerFixture fixture, ITestOutputHelper output)
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(60);

    [GeneratedRegex("^web-[bcdfghjklmnpqrstvwxz2456789]+$")]
    private static partial Regex ReplicaSetName();

    [Fact]
    public async Task Apply_FiveReplicas_OneReplicaSetFivePodsAndEvents()
    {
        await using var bed = await WorkloadTestBed.CreateAsync(fixture, "deploy-apply");
        await bed.ApplyAsync(bed.DeploymentYaml("web", 5, "nginx:1.0"));

        await bed.KubectlAsync("rollout", "status", "deployment/web", "--timeout=60s");
        var replicaSets = await bed.ReplicaSetsAsync("app=web");
        var rs = Assert.Single(replicaSets);
        Assert.Matches(ReplicaSetName(), rs.Metadata.Name);
        Assert.Equal("1", rs.Metadata.Annotations[DeploymentUtil.RevisionAnnotation]);
        Assert.Equal("5", rs.Metadata.Annotations[DeploymentUtil.DesiredReplicasAnnotation]);
        Assert.Equal("6", rs.Metadata.Annotations[DeploymentUtil.MaxReplicasAnnotation]);
        var rsOwner = Assert.Single(rs.Metadata.OwnerReferences);
        Assert.True(rsOwner is { Kind: "Deployment", Name: "web", Controller: true, BlockOwnerDeletion: true });

        var pods = await bed.ActivePodsAsync("app=web");
        Assert.Equal(5, pods.Count);
        Assert.All(pods, pod =>
        {
            Assert.StartsWith($"{rs.Metadata.Name}-", pod.Metadata.Name, StringComparison.Ordinal);
            Assert.Equal(rs.Metadata.Labels[PodTemplateHash.LabelKey], pod.Metadata.Labels[PodTemplateHash.LabelKey]);
            var owner = Assert.Single(pod.Metadata.OwnerReferences);
            Assert.True(owner is { Kind: "ReplicaSet", Controller: true, BlockOwnerDeletion: true } && owner.Uid == rs.Metadata.Uid);
        });

        var d = await bed.DeploymentAsync("web");
        Assert.Equal("1", d.Metadata.Annotations[DeploymentUtil.RevisionAnnotation]);
        Assert.True(d.Status is { Replicas: 5, UpdatedReplicas: 5, ReadyReplicas: 5, AvailableReplicas: 5 }, KubernetesJson.Serialize(d.Status));
        Assert.Equal(d.Metadata.Generation, d.Status.ObservedGeneration);
        Assert.Contains(d.Status.Conditions, c => c is { Type: "Available", Status: "True", Reason: "MinimumReplicasAvailable" });
        Assert.Contains(d.Status.Conditions, c => c is { Type: "Progressing", Status: "True", Reason: "NewReplicaSetAvailable" });

        var events = await Eventually.UntilAsync(async () =>
        {
            var text = await bed.KubectlAsync("get", "events");
            return text.Contains("SuccessfulCreate", StringComparison.Ordinal) ? text : null;
        }, Timeout, "the events");
        output.WriteLine(events);
        Assert.Contains("ScalingReplicaSet", events, StringComparison.Ordinal);
        Assert.Contains($"Scaled up replica set {rs.Metadata.Name} from 0 to 5", events, StringComparison.Ordinal);
        Assert.Contains($"Created pod: {rs.Metadata.Name}-", events, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RollingUpdate_NewImage_NeverExceedsSurgeNorDropsBelowAvailability()
    {
        await using var bed = await WorkloadTestBed.CreateAsync(fixture, "deploy-rolling");
        await bed.ApplyAsync(bed.DeploymentYaml("web", 5, "nginx:1.0", maxSurge: "1", maxUnavailable: "1"));
        await bed.KubectlAsync("rollout", "status", "deployment/web", "--timeout=60s");

        await using var watcher = new PodWatcher(bed.Client, bed.Namespace);
        await watcher.WaitForCacheSyncAsync();
        // replicas 5, maxSurge 1, maxUnavailable 1: at most 6 pods, at least 4 of them ready, at every step.
        watcher.Add(pods => PodWatcher.Active(pods).Count is var n and > 6 ? $"{n} pods exist" : null);
        watcher.Add(pods => PodWatcher.Active(pods).Count(PodConditions.IsPodReady) is var n and < 4 ? $"only {n} pods are ready" : null);

        await bed.KubectlAsync("set", "image", "deployment/web", "web=nginx:2.0");
        await bed.KubectlAsync("rollout", "status", "deployment/web", "--timeout=60s");

        var replicaSets = await bed.ReplicaSetsAsync("app=web");
        Assert.Equal(2, replicaSets.Count);
        var newRS = Assert.Single(replicaSets, rs => rs.Spec.Template.Spec.Containers[0].Image == "nginx:2.0");
        Assert.Equal(5, newRS.Spec.Replicas);
        Assert.Equal("2", newRS.Metadata.Annotations[DeploymentUtil.RevisionAnnotation]);
        Assert.Equal(0, Assert.Single(replicaSets, rs => rs != newRS).Spec.Replicas);
        await Eventually.UntilAsync(async () => (await bed.ActivePodsAsync("app=web")).All(p => p.Spec.Containers[0].Image == "nginx:2.0"),
            Timeout, "only new pods");
        output.WriteLine($"{watcher.Steps} steps watched");
        Assert.True(watcher.Steps > 10, "the watch saw the rollout");
        Assert.Empty(watcher.Violations);
    }

    [Fact]
    public async Task RolloutHistoryUndoRestart_ReuseOldReplicaSetAndBumpRevision()
    {
        await using var bed = await WorkloadTestBed.CreateAsync(fixture, "deploy-undo");
        await bed.ApplyAsync(bed.DeploymentYaml("web", 3, "nginx:1.0"));
        await bed.KubectlAsync("rollout", "status", "deployment/web", "--timeout=60s");
        var first = Assert.Single(await bed.ReplicaSetsAsync("app=web"));
        await bed.KubectlAsync("set", "image", "deployment/web", "web=nginx:2.0");
        await bed.KubectlAsync("rollout", "status", "deployment/web", "--timeout=60s");

        var history = await bed.KubectlAsync("rollout", "history", "deployment/web");
        output.WriteLine(history);
        Assert.Matches(@"(?m)^1\s", history);
        Assert.Matches(@"(?m)^2\s", history);

        // Undo copies revision 1's template back: the controller finds that ReplicaSet and makes it revision 3.
        await bed.KubectlAsync("rollout", "undo", "deployment/web");
        await bed.KubectlAsync("rollout", "status", "deployment/web", "--timeout=60s");
        var replicaSets = await bed.ReplicaSetsAsync("app=web");
        Assert.Equal(2, replicaSets.Count);
        var back = Assert.Single(replicaSets, rs => rs.Metadata.Uid == first.Metadata.Uid);
        Assert.Equal(3, back.Spec.Replicas);
        Assert.Equal("3", back.Metadata.Annotations[DeploymentUtil.RevisionAnnotation]);
        Assert.Equal("1", back.Metadata.Annotations[DeploymentUtil.RevisionHistoryAnnotation]);
        Assert.Equal("3", (await bed.DeploymentAsync("web")).Metadata.Annotations[DeploymentUtil.RevisionAnnotation]);
        Assert.All(await bed.ActivePodsAsync("app=web"), p => Assert.Equal("nginx:1.0", p.Spec.Containers[0].Image));

        // Restart: a new template annotation, so a new ReplicaSet (revision 4) replaces every pod.
        await bed.KubectlAsync("rollout", "restart", "deployment/web");
        await bed.KubectlAsync("rollout", "status", "deployment/web", "--timeout=60s");
        replicaSets = await bed.ReplicaSetsAsync("app=web");
        Assert.Equal(3, replicaSets.Count);
        var restarted = Assert.Single(replicaSets, rs => rs.Spec.Replicas == 3);
        Assert.Equal("4", restarted.Metadata.Annotations[DeploymentUtil.RevisionAnnotation]);
        Assert.Contains("kubectl.kubernetes.io/restartedAt", restarted.Spec.Template.Metadata.Annotations.Keys);
    }

    [Fact]
    public async Task PauseResume_NoRolloutWhilePaused_ScalingStillWorks()
    {
        await using var bed = await WorkloadTestBed.CreateAsync(fixture, "deploy-pause");
        await bed.ApplyAsync(bed.DeploymentYaml("web", 2, "nginx:1.0"));
        await bed.KubectlAsync("rollout", "status", "deployment/web", "--timeout=60s");

        await bed.KubectlAsync("rollout", "pause", "deployment/web");
        await bed.KubectlAsync("set", "image", "deployment/web", "web=nginx:2.0");
        await bed.KubectlAsync("scale", "deployment/web", "--replicas=4");
        // The controller has seen both changes once the status describes the newest generation and it is paused.
        await Eventually.UntilAsync(async () =>
        {
            var d = await bed.DeploymentAsync("web");
            return d.Status.ObservedGeneration == d.Metadata.Generation && d.Status.Replicas == 4
                && d.Status.Conditions.Any(c => c is { Type: "Progressing", Status: "Unknown", Reason: "DeploymentPaused" });
        }, Timeout, "the paused deployment to scale to 4");
        var rs = Assert.Single(await bed.ReplicaSetsAsync("app=web"));
        Assert.Equal("nginx:1.0", rs.Spec.Template.Spec.Containers[0].Image);
        Assert.Equal(4, rs.Spec.Replicas);

        await bed.KubectlAsync("rollout", "resume", "deployment/web");
        await bed.KubectlAsync("rollout", "status", "deployment/web", "--timeout=60s");
        var replicaSets = await bed.ReplicaSetsAsync("app=web");
        Assert.Equal(4, Assert.Single(replicaSets, r => r.Spec.Template.Spec.Containers[0].Image == "nginx:2.0").Spec.Replicas);
        Assert.Equal(4, (await bed.ActivePodsAsync("app=web")).Count(p => p.Spec.Containers[0].Image == "nginx:2.0"));
    }

    [Fact]
    public async Task Recreate_OldPodsGoneBeforeNewOnesAreCreated()
    {
        await using var bed = await WorkloadTestBed.CreateAsync(fixture, "deploy-recreate");
        await bed.ApplyAsync(bed.DeploymentYaml("web", 3, "nginx:1.0", strategy: "Recreate"));
        await bed.KubectlAsync("rollout", "status", "deployment/web", "--timeout=60s");

        await using var watcher = new PodWatcher(bed.Client, bed.Namespace);
        await watcher.WaitForCacheSyncAsync();
        watcher.Add(pods =>
        {
            // Any pod at all (even terminating) of the old image next to a pod of the new one breaks Recreate.
            var images = pods.Select(p => p.Spec.Containers[0].Image).Distinct().ToList();
            return images.Count > 1 ? $"old and new pods at once: {string.Join(", ", pods.Select(p => p.Metadata.Name))}" : null;
        });
        await bed.KubectlAsync("set", "image", "deployment/web", "web=nginx:2.0");
        await bed.KubectlAsync("rollout", "status", "deployment/web", "--timeout=60s");

        Assert.Equal(3, (await bed.ActivePodsAsync("app=web")).Count(p => p.Spec.Containers[0].Image == "nginx:2.0"));
        Assert.Empty(watcher.Violations);
    }

    [Fact]
    public async Task ProgressDeadline_PodsNeverReady_ProgressingFalseAndRolloutStatusFails()
    {
        await using var bed = await WorkloadTestBed.CreateAsync(fixture, "deploy-deadline");
        // Bound to a node nobody runs: the pods stay Pending, so the rollout cannot progress.
        await bed.ApplyAsync(bed.DeploymentYaml("web", 2, "nginx:1.0", nodeName: "no-kubelet-here", progressDeadlineSeconds: 3));

        var condition = await Eventually.UntilAsync(async () =>
            (await bed.DeploymentAsync("web")).Status?.Conditions?.FirstOrDefault(c => c is { Type: "Progressing", Status: "False" }), Timeout,
            "Progressing=False");
        Assert.Equal("ProgressDeadlineExceeded", condition.Reason);
        Assert.Matches("^ReplicaSet \"web-[a-z0-9]+\" has timed out progressing.$", condition.Message);
        var d = await bed.DeploymentAsync("web");
        Assert.Contains(d.Status.Conditions, c => c is { Type: "Available", Status: "False", Reason: "MinimumReplicasUnavailable" });
        Assert.Equal(2, d.Status.UnavailableReplicas);

        var status = await bed.Kubectl.RunAsync("rollout", "status", "deployment/web", "-n", bed.Namespace, "--timeout=30s");
        Assert.NotEqual(0, status.ExitCode);
        Assert.Contains("exceeded its progress deadline", status.StdErr + status.StdOut, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ScaleToZero_RemovesEveryPod_AndBackUp()
    {
        await using var bed = await WorkloadTestBed.CreateAsync(fixture, "deploy-zero");
        await bed.ApplyAsync(bed.DeploymentYaml("web", 3, "nginx:1.0"));
        await bed.KubectlAsync("rollout", "status", "deployment/web", "--timeout=60s");

        await bed.KubectlAsync("scale", "deployment/web", "--replicas=0");
        await Eventually.UntilAsync(async () =>
        {
            var d = await bed.DeploymentAsync("web");
            return d.Status.ObservedGeneration == d.Metadata.Generation && (d.Status.Replicas ?? 0) == 0
                && (await bed.ActivePodsAsync("app=web")).Count == 0;
        }, Timeout, "no pods");
        var rs = Assert.Single(await bed.ReplicaSetsAsync("app=web"));
        Assert.Equal(0, rs.Spec.Replicas);
        Assert.Equal("0", rs.Metadata.Annotations[DeploymentUtil.DesiredReplicasAnnotation]);
        var events = await bed.KubectlAsync("get", "events");
        Assert.Contains($"Scaled down replica set {rs.Metadata.Name} from 3 to 0", events, StringComparison.Ordinal);

        await bed.KubectlAsync("scale", "deployment/web", "--replicas=2");
        await bed.KubectlAsync("rollout", "status", "deployment/web", "--timeout=60s");
        Assert.Equal(2, (await bed.ActivePodsAsync("app=web")).Count);
        Assert.Single(await bed.ReplicaSetsAsync("app=web"));
    }

    [Fact]
    public async Task RevisionHistoryLimit_KeepsOnlyThatManyOldReplicaSets()
    {
        await using var bed = await WorkloadTestBed.CreateAsync(fixture, "deploy-history");
        await bed.ApplyAsync(bed.DeploymentYaml("web", 1, "nginx:1.0", revisionHistoryLimit: 1));
        foreach (var version in new[] { "2.0", "3.0", "4.0" })
        {
            await bed.KubectlAsync("set", "image", "deployment/web", $"web=nginx:{version}");
            await bed.KubectlAsync("rollout", "status", "deployment/web", "--timeout=60s");
        }
        var replicaSets = await Eventually.UntilAsync(async () => await bed.ReplicaSetsAsync("app=web") is { Count: 2 } list ? list : null,
            Timeout, "one old ReplicaSet kept");
        Assert.Equal(["nginx:3.0", "nginx:4.0"], replicaSets.Select(rs => rs.Spec.Template.Spec.Containers[0].Image).Order());
    }
}
