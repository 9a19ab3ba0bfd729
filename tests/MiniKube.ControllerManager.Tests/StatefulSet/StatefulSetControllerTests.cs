using System.Text.Json;
using k8s;
using k8s.Models;
using MiniKube.Testing;
using Xunit;
using Xunit.Abstractions;

namespace MiniKube.ControllerManager.Tests.StatefulSet;

/// <summary>
/// The StatefulSet controller in a real minikube-controller-manager against a real API server. Pods are bound to
/// a fake node through the template's nodeName (there is no scheduler here), and the fake node marks them Running and
/// Ready, which is what lets an OrderedReady set move on. The class has its own cluster because it creates a Node.
/// </summary>
[System.Diagnostics.CodeAnalysis.SuppressMessage("Design", "CA1001", Justification = "The fake nodes are disposed in IAsyncLifetime.DisposeAsync, which xunit calls after each test.")]
public sealed class StatefulSetControllerTests(ControllerManagerFixture fixture, ITestOutputHelper output)
    : IClassFixture<ControllerManagerFixture>, IAsyncLifetime
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(60);
    private FakeNodes _nodes = null!;
    private string _ns = null!;
    private string _node = null!;

    public async Task InitializeAsync()
    {
        _ns = await fixture.CreateNamespaceAsync("sts");
        _node = "node-" + _ns;
        _nodes = new FakeNodes(fixture.Client);
        await _nodes.CreateAsync(_node);
    }

    public async Task DisposeAsync()
    {
        await _nodes.DeleteAsync(_node);
        await _nodes.DisposeAsync();
        output.WriteLine(fixture.ControllerManager.Output);
    }

    private string Manifest(string name, int replicas, string policy = "OrderedReady", string image = "nginx:1.27", bool bound = true) => $"""
        apiVersion: apps/v1
        kind: StatefulSet
        metadata:
          name: {name}
        spec:
          serviceName: {name}
          replicas: {replicas}
          podManagementPolicy: {policy}
          selector:
            matchLabels:
              app: {name}
          template:
            metadata:
              labels:
                app: {name}
            spec:
              {(bound ? $"nodeName: {_node}" : "")}
              terminationGracePeriodSeconds: 0
              containers:
              - name: nginx
                image: {image}
          volumeClaimTemplates:
          - metadata:
              name: data
            spec:
              accessModes: ["ReadWriteOnce"]
              resources:
                requests:
                  storage: 1Gi
        """;

    private async Task ApplyAsync(Kubectl kubectl, string yaml)
    {
        var stdout = await kubectl.SucceedWithInputAsync(yaml, "-n", _ns, "apply", "-f", "-");
        output.WriteLine(stdout);
    }

    private async Task<V1StatefulSet> WaitForReadyAsync(string name, int replicas) =>
        await Eventually.UntilAsync(async () =>
        {
            var set = await fixture.Client.AppsV1.ReadNamespacedStatefulSetAsync(name, _ns);
            return set.Status is { } s && s.ReadyReplicas == replicas && s.Replicas == replicas && s.ObservedGeneration == set.Metadata.Generation
                ? set : null;
        }, Timeout, $"statefulset {name} to have {replicas} ready replicas");

    [RequiresFact]
    public async Task OrderedReady_CreatesEachOrdinalOnlyAfterThePreviousIsReady_WithItsClaims()
    {
        await using var pods = await PodEventLog.StartAsync(fixture.Client, _ns);
        using var kubectl = new Kubectl("1.33", fixture.Server.KubeconfigPath);
        await ApplyAsync(kubectl, Manifest("web", 3));
        var rollout = await kubectl.SucceedAsync("-n", _ns, "rollout", "status", "statefulset/web", "--timeout=90s");
        output.WriteLine(rollout);
        Assert.Contains("roll out complete: 3 new pods have been updated", rollout, StringComparison.Ordinal);

        var set = await WaitForReadyAsync("web", 3);
        Assert.Equal(set.Status.UpdateRevision, set.Status.CurrentRevision);
        Assert.Equal(3, set.Status.CurrentReplicas);
        Assert.Equal(3, set.Status.UpdatedReplicas);
        Assert.Equal(3, set.Status.AvailableReplicas);

        // From the watch: web-N was first seen only after web-(N-1) had been seen Ready.
        for (var ordinal = 1; ordinal < 3; ordinal++)
        {
            var previousReady = pods.IndexOf(e => e.Name == $"web-{ordinal - 1}" && e.Ready);
            var added = pods.IndexOf(e => e.Name == $"web-{ordinal}");
            Assert.True(previousReady >= 0 && added > previousReady, $"web-{ordinal} appeared at {added}, web-{ordinal - 1} was Ready at {previousReady}");
        }

        for (var ordinal = 0; ordinal < 3; ordinal++)
        {
            var pod = await fixture.Client.CoreV1.ReadNamespacedPodAsync($"web-{ordinal}", _ns);
            Assert.Equal($"web-{ordinal}", pod.Metadata.Labels["statefulset.kubernetes.io/pod-name"]);
            Assert.Equal($"{ordinal}", pod.Metadata.Labels["apps.kubernetes.io/pod-index"]);
            Assert.Equal(set.Status.UpdateRevision, pod.Metadata.Labels["controller-revision-hash"]);
            Assert.Equal($"web-{ordinal}", pod.Spec.Hostname);
            Assert.Equal("web", pod.Spec.Subdomain);
            Assert.Equal($"data-web-{ordinal}", pod.Spec.Volumes.Single(v => v.Name == "data").PersistentVolumeClaim.ClaimName);
            var owner = Assert.Single(pod.Metadata.OwnerReferences);
            Assert.Equal(("StatefulSet", "web", set.Metadata.Uid, true, true), (owner.Kind, owner.Name, owner.Uid, owner.Controller, owner.BlockOwnerDeletion));
            var claim = await fixture.Client.CoreV1.ReadNamespacedPersistentVolumeClaimAsync($"data-web-{ordinal}", _ns);
            Assert.Equal("web", claim.Metadata.Labels["app"]);
            Assert.Equal("1Gi", claim.Spec.Resources.Requests["storage"].ToString());
        }

        await EventsIn.WaitForAsync(fixture.Client, _ns, "SuccessfulCreate", "create Claim data-web-0 Pod web-0 in StatefulSet web success");
        await EventsIn.WaitForAsync(fixture.Client, _ns, "SuccessfulCreate", "create Pod web-0 in StatefulSet web successful");
        await EventsIn.WaitForAsync(fixture.Client, _ns, "SuccessfulCreate", "create Pod web-2 in StatefulSet web successful");

        var revisions = await fixture.Client.AppsV1.ListNamespacedControllerRevisionAsync(_ns);
        var revision = Assert.Single(revisions.Items);
        Assert.Equal(set.Status.UpdateRevision, revision.Metadata.Name);
        Assert.Equal(1L, revision.Revision);
    }

    [RequiresFact]
    public async Task Parallel_CreatesEveryOrdinalWithoutWaiting()
    {
        // Not bound to a node, so no Pod ever becomes Ready: OrderedReady would stop at web-0.
        await fixture.Client.AppsV1.CreateNamespacedStatefulSetAsync(KubernetesYaml.Deserialize<V1StatefulSet>(Manifest("par", 3, "Parallel", bound: false)), _ns);
        await Eventually.UntilAsync(async () =>
            (await fixture.Client.CoreV1.ListNamespacedPodAsync(_ns)).Items.Select(p => p.Metadata.Name).Order().SequenceEqual(["par-0", "par-1", "par-2"]),
            Timeout, "par-0, par-1 and par-2 to exist");
        var set = await Eventually.UntilAsync(async () =>
        {
            var s = await fixture.Client.AppsV1.ReadNamespacedStatefulSetAsync("par", _ns);
            return s.Status?.Replicas == 3 ? s : null;
        }, Timeout, "status.replicas 3");
        Assert.Equal(0, set.Status.ReadyReplicas ?? 0);
    }

    [RequiresFact]
    public async Task ScaleDown_RemovesTheHighestOrdinalFirst_OneAtATime()
    {
        await fixture.Client.AppsV1.CreateNamespacedStatefulSetAsync(KubernetesYaml.Deserialize<V1StatefulSet>(Manifest("db", 3)), _ns);
        await WaitForReadyAsync("db", 3);
        await using var pods = await PodEventLog.StartAsync(fixture.Client, _ns);

        using var kubectl = new Kubectl("1.33", fixture.Server.KubeconfigPath);
        output.WriteLine(await kubectl.SucceedAsync("-n", _ns, "scale", "statefulset/db", "--replicas=1"));
        await WaitForReadyAsync("db", 1);

        var deleted2 = pods.IndexOf(e => e.Type == "DELETED" && e.Name == "db-2");
        var deleted1 = pods.IndexOf(e => e.Type == "DELETED" && e.Name == "db-1");
        Assert.True(deleted2 >= 0 && deleted1 > deleted2, $"db-2 deleted at {deleted2}, db-1 at {deleted1}");
        Assert.Equal(["db-0"], (await fixture.Client.CoreV1.ListNamespacedPodAsync(_ns)).Items.Select(p => p.Metadata.Name));
        // The claims stay (retention policy Retain), ready for a scale up.
        Assert.Equal(3, (await fixture.Client.CoreV1.ListNamespacedPersistentVolumeClaimAsync(_ns)).Items.Count);
        await EventsIn.WaitForAsync(fixture.Client, _ns, "SuccessfulDelete", "delete Pod db-2 in StatefulSet db successful");
        await EventsIn.WaitForAsync(fixture.Client, _ns, "SuccessfulDelete", "delete Pod db-1 in StatefulSet db successful");
    }

    [RequiresFact]
    public async Task DeletedPod_IsRecreatedWithTheSameNameAndClaim()
    {
        await fixture.Client.AppsV1.CreateNamespacedStatefulSetAsync(KubernetesYaml.Deserialize<V1StatefulSet>(Manifest("cache", 2)), _ns);
        await WaitForReadyAsync("cache", 2);
        var before = await fixture.Client.CoreV1.ReadNamespacedPodAsync("cache-1", _ns);

        await fixture.Client.CoreV1.DeleteNamespacedPodAsync("cache-1", _ns);
        var after = await Eventually.UntilAsync(async () =>
        {
            var pods = await fixture.Client.CoreV1.ListNamespacedPodAsync(_ns);
            return pods.Items.FirstOrDefault(p => p.Metadata.Name == "cache-1" && p.Metadata.Uid != before.Metadata.Uid);
        }, Timeout, "cache-1 to come back");
        Assert.Equal("data-cache-1", after.Spec.Volumes.Single(v => v.Name == "data").PersistentVolumeClaim.ClaimName);
        await WaitForReadyAsync("cache", 2);
    }

    [RequiresFact]
    public async Task RollingUpdate_ReplacesPodsFromTheHighestOrdinalDown_AndKeepsRevisions()
    {
        using var kubectl = new Kubectl("1.33", fixture.Server.KubeconfigPath);
        await ApplyAsync(kubectl, Manifest("app", 3));
        var first = await WaitForReadyAsync("app", 3);
        await using var pods = await PodEventLog.StartAsync(fixture.Client, _ns);

        await ApplyAsync(kubectl, Manifest("app", 3, image: "nginx:1.28"));
        output.WriteLine(await kubectl.SucceedAsync("-n", _ns, "rollout", "status", "statefulset/app", "--timeout=90s"));
        var set = await Eventually.UntilAsync(async () =>
        {
            var s = await fixture.Client.AppsV1.ReadNamespacedStatefulSetAsync("app", _ns);
            return s.Status is { UpdatedReplicas: 3, ReadyReplicas: 3 } st && st.CurrentRevision == st.UpdateRevision && st.UpdateRevision != first.Status.UpdateRevision
                ? s : null;
        }, Timeout, "the rolling update to finish");

        var order = new[] { 2, 1, 0 }.Select(o => pods.IndexOf(e => e.Type == "DELETED" && e.Name == $"app-{o}")).ToArray();
        Assert.True(order[0] >= 0 && order[1] > order[0] && order[2] > order[1], $"deleted at {string.Join(",", order)}");
        foreach (var pod in (await fixture.Client.CoreV1.ListNamespacedPodAsync(_ns)).Items)
        {
            Assert.Equal("nginx:1.28", pod.Spec.Containers[0].Image);
            Assert.Equal(set.Status.UpdateRevision, pod.Metadata.Labels["controller-revision-hash"]);
        }

        var history = await kubectl.SucceedAsync("-n", _ns, "rollout", "history", "statefulset/app");
        output.WriteLine(history);
        Assert.Matches(@"(?m)^1\s", history);
        Assert.Matches(@"(?m)^2\s", history);
        var revisions = (await fixture.Client.AppsV1.ListNamespacedControllerRevisionAsync(_ns)).Items;
        Assert.Equal([1L, 2L], revisions.Select(r => r.Revision ?? 0).Order());
        Assert.Contains("nginx:1.28", JsonSerializer.Serialize(revisions.Single(r => r.Revision == 2).Data), StringComparison.Ordinal);
    }
}
