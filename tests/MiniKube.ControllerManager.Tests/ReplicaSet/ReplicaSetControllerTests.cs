using k8s;
using k8s.Models;
using MiniKube.ControllerManager.Pods;
using MiniKube.Testing;
using Xunit;

namespace MiniKube.ControllerManager.Tests.ReplicaSet;

[Collection(ControllerManagerCluster.Name)]
public sealed class ReplicaSetControllerTests(ControllerManagerFixture fixture)
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(60);

    private static string ReplicaSetYaml(WorkloadTestBed bed, string name, int replicas) => $"""
        apiVersion: apps/v1
        kind: ReplicaSet
        metadata:
          name: {name}
        spec:
          replicas: {replicas}
          selector:
            matchLabels:
              app: {name}
          template:
            metadata:
              labels:
                app: {name}
            spec:
              nodeName: {bed.Node}
              containers:
              - name: c
                image: nginx:1.0
        """;

    [Fact]
    public async Task Adoption_OrphanMatchingPodIsAdopted_RelabelledPodIsReleasedAndReplaced()
    {
        await using var bed = await WorkloadTestBed.CreateAsync(fixture, "rs-adopt");
        var orphan = await bed.Client.CoreV1.CreateNamespacedPodAsync(new V1Pod
        {
            Metadata = new V1ObjectMeta { Name = "orphan", Labels = new Dictionary<string, string> { ["app"] = "frontend" } },
            Spec = new V1PodSpec { NodeName = bed.Node, Containers = [new V1Container { Name = "c", Image = "nginx:1.0" }] },
        }, bed.Namespace);
        await bed.ApplyAsync(ReplicaSetYaml(bed, "frontend", 2));

        var rs = await Eventually.UntilAsync(async () =>
        {
            var r = await bed.Client.AppsV1.ReadNamespacedReplicaSetAsync("frontend", bed.Namespace);
            return r.Status is { Replicas: 2, ReadyReplicas: 2, AvailableReplicas: 2, FullyLabeledReplicas: 2 } ? r : null;
        }, Timeout, "2 ready replicas");
        Assert.Equal(rs.Metadata.Generation, rs.Status.ObservedGeneration);
        var pods = await bed.ActivePodsAsync("app=frontend");
        Assert.Equal(2, pods.Count); // the orphan counts: one pod created, not two
        var adopted = Assert.Single(pods, p => p.Metadata.Name == orphan.Metadata.Name);
        var owner = Assert.Single(adopted.Metadata.OwnerReferences);
        Assert.True(owner is { Kind: "ReplicaSet", Name: "frontend", Controller: true, BlockOwnerDeletion: true } && owner.Uid == rs.Metadata.Uid);
        Assert.StartsWith("frontend-", Assert.Single(pods, p => p.Metadata.Name != "orphan").Metadata.Name, StringComparison.Ordinal);

        // A pod relabelled out of the selector is released (and replaced), not deleted.
        await bed.KubectlAsync("label", "pod", "orphan", "app=debug", "--overwrite");
        await Eventually.UntilAsync(async () =>
        {
            var released = await bed.Client.CoreV1.ReadNamespacedPodAsync("orphan", bed.Namespace);
            return released.Metadata.OwnerReferences is not { Count: > 0 } && (await bed.ActivePodsAsync("app=frontend")).Count == 2;
        }, Timeout, "the relabelled pod released and replaced");

        var events = await bed.KubectlAsync("get", "events", "--field-selector", "involvedObject.name=frontend");
        Assert.Contains("SuccessfulCreate", events, StringComparison.Ordinal);
        Assert.Contains("Created pod: frontend-", events, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ScaleDown_DeletesUnscheduledPodsFirst_WithSuccessfulDeleteEvents()
    {
        await using var bed = await WorkloadTestBed.CreateAsync(fixture, "rs-scale");
        await bed.ApplyAsync(ReplicaSetYaml(bed, "web", 3));
        await Eventually.UntilAsync(async () => (await bed.ActivePodsAsync("app=web")).Count(PodConditions.IsPodReady) == 3, Timeout, "3 ready pods");
        // An orphan with no node (Pending, unscheduled) is adopted and is the first to go.
        await bed.Client.CoreV1.CreateNamespacedPodAsync(new V1Pod
        {
            Metadata = new V1ObjectMeta { Name = "pending", Labels = new Dictionary<string, string> { ["app"] = "web" } },
            Spec = new V1PodSpec { Containers = [new V1Container { Name = "c", Image = "nginx:1.0" }] },
        }, bed.Namespace);
        await Eventually.UntilAsync(async () => (await bed.ActivePodsAsync("app=web")).Count == 3
            && !(await bed.ActivePodsAsync("app=web")).Any(p => p.Metadata.Name == "pending"), Timeout, "the pending surplus pod deleted");

        await bed.KubectlAsync("scale", "replicaset/web", "--replicas=1");
        await Eventually.UntilAsync(async () => (await bed.Client.AppsV1.ReadNamespacedReplicaSetAsync("web", bed.Namespace)).Status.Replicas == 1,
            Timeout, "1 replica");
        var events = await bed.KubectlAsync("get", "events", "--field-selector", "involvedObject.name=web");
        Assert.Contains("Deleted pod: pending", events, StringComparison.Ordinal);
        Assert.Contains("SuccessfulDelete", events, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ReplicationController_KeepsReplicasAndReportsStatus()
    {
        await using var bed = await WorkloadTestBed.CreateAsync(fixture, "rc");
        await bed.ApplyAsync($"""
            apiVersion: v1
            kind: ReplicationController
            metadata:
              name: legacy
            spec:
              replicas: 3
              selector:
                app: legacy
              template:
                metadata:
                  labels:
                    app: legacy
                spec:
                  nodeName: {bed.Node}
                  containers:
                  - name: c
                    image: nginx:1.0
            """);
        var rc = await Eventually.UntilAsync(async () =>
        {
            var r = await bed.Client.CoreV1.ReadNamespacedReplicationControllerAsync("legacy", bed.Namespace);
            return r.Status is { Replicas: 3, ReadyReplicas: 3, AvailableReplicas: 3 } ? r : null;
        }, Timeout, "3 ready replicas");
        var pods = await bed.ActivePodsAsync("app=legacy");
        Assert.Equal(3, pods.Count);
        Assert.All(pods, p => Assert.True(p.Metadata.OwnerReferences.Single() is { Kind: "ReplicationController", ApiVersion: "v1", Controller: true }
            && p.Metadata.Name.StartsWith("legacy-", StringComparison.Ordinal)));

        // A deleted pod is replaced.
        await bed.Client.CoreV1.DeleteNamespacedPodAsync(pods[0].Metadata.Name, bed.Namespace);
        await Eventually.UntilAsync(async () =>
        {
            var now = await bed.ActivePodsAsync("app=legacy");
            return now.Count == 3 && now.All(p => p.Metadata.Name != pods[0].Metadata.Name);
        }, Timeout, "a replacement pod");
        var events = await bed.KubectlAsync("get", "events", "--field-selector", $"involvedObject.uid={rc.Metadata.Uid}", "-o", "wide");
        Assert.Contains("replication-controller", events, StringComparison.Ordinal);
        Assert.Contains("Created pod: legacy-", events, StringComparison.Ordinal);
    }
}
