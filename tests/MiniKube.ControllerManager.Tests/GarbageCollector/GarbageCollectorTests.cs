using System.Net;
using k8s;
using k8s.Models;
using MiniKube.Testing;
using Xunit;

namespace MiniKube.ControllerManager.Tests.GarbageCollector;

[Collection(ControllerManagerCluster.Name)]
public sealed class GarbageCollectorTests(ControllerManagerFixture fixture)
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);

    private static V1OwnerReference OwnedBy(IKubernetesObject<V1ObjectMeta> owner, bool block = false) => new()
    {
        ApiVersion = owner.ApiVersion ?? "v1",
        Kind = owner.Kind ?? "ConfigMap",
        Name = owner.Metadata.Name,
        Uid = owner.Metadata.Uid,
        Controller = true,
        BlockOwnerDeletion = block ? true : null,
    };

    private Task<V1ConfigMap> ConfigMapAsync(string ns, string name, V1OwnerReference? owner = null, params string[] finalizers) =>
        fixture.Client.CoreV1.CreateNamespacedConfigMapAsync(new V1ConfigMap
        {
            ApiVersion = "v1",
            Kind = "ConfigMap",
            Metadata = new V1ObjectMeta { Name = name, OwnerReferences = owner is null ? null : [owner], Finalizers = finalizers.Length == 0 ? null : finalizers },
        }, ns);

    private async Task<bool> ConfigMapExistsAsync(string ns, string name) =>
        (await fixture.Client.CoreV1.ListNamespacedConfigMapAsync(ns)).Items.Any(c => c.Metadata.Name == name);

    [Fact]
    public async Task BackgroundDeletion_OfAReplicaSet_DeletesItsPods()
    {
        var ns = await fixture.CreateNamespaceAsync("gc");
        var labels = new Dictionary<string, string> { ["app"] = "web" };
        var rs = await fixture.Client.AppsV1.CreateNamespacedReplicaSetAsync(new V1ReplicaSet
        {
            Metadata = new V1ObjectMeta { Name = "web" },
            Spec = new V1ReplicaSetSpec
            {
                Replicas = 0, // no ReplicaSet controller runs in this test's process set; the pods are made by hand
                Selector = new V1LabelSelector { MatchLabels = labels },
                Template = new V1PodTemplateSpec { Metadata = new V1ObjectMeta { Labels = labels }, Spec = new V1PodSpec { Containers = [new V1Container { Name = "c", Image = "busybox" }] } },
            },
        }, ns);
        rs.ApiVersion = "apps/v1";
        rs.Kind = "ReplicaSet";
        foreach (var name in new[] { "web-a", "web-b" })
        {
            await fixture.Client.CoreV1.CreateNamespacedPodAsync(new V1Pod
            {
                Metadata = new V1ObjectMeta { Name = name, Labels = labels, OwnerReferences = [OwnedBy(rs, block: true)] },
                Spec = new V1PodSpec { Containers = [new V1Container { Name = "c", Image = "busybox" }] },
            }, ns);
        }
        var unowned = await fixture.Client.CoreV1.CreateNamespacedPodAsync(new V1Pod
        {
            Metadata = new V1ObjectMeta { Name = "standalone", Labels = labels },
            Spec = new V1PodSpec { Containers = [new V1Container { Name = "c", Image = "busybox" }] },
        }, ns);

        await fixture.Client.AppsV1.DeleteNamespacedReplicaSetAsync("web", ns, propagationPolicy: "Background");

        await Eventually.UntilAsync(async () => (await fixture.Client.CoreV1.ListNamespacedPodAsync(ns)).Items.Count == 1, Timeout, "the ReplicaSet's pods to be collected");
        Assert.Equal(unowned.Metadata.Uid, (await fixture.Client.CoreV1.ReadNamespacedPodAsync("standalone", ns)).Metadata.Uid);
    }

    [Fact]
    public async Task DependentCreatedForAnOwnerThatIsAlreadyGone_IsCollected()
    {
        var ns = await fixture.CreateNamespaceAsync("gc");
        var ghost = new V1OwnerReference { ApiVersion = "v1", Kind = "ConfigMap", Name = "never-was", Uid = Guid.NewGuid().ToString() };
        await ConfigMapAsync(ns, "orphaned-child", ghost);
        // A second dependent whose owner is alive stays.
        var owner = await ConfigMapAsync(ns, "alive");
        await ConfigMapAsync(ns, "kept-child", OwnedBy(owner));

        await Eventually.UntilAsync(async () => !await ConfigMapExistsAsync(ns, "orphaned-child"), Timeout, "the dependent of a missing owner to be deleted");
        Assert.True(await ConfigMapExistsAsync(ns, "kept-child"));
    }

    [Fact]
    public async Task KubectlCascadeForeground_OwnerWaitsForItsBlockingDependent_ThenGoes()
    {
        var ns = await fixture.CreateNamespaceAsync("gc");
        var owner = await ConfigMapAsync(ns, "owner");
        await ConfigMapAsync(ns, "child", OwnedBy(owner, block: true));
        // This dependent cannot go until the test removes its finalizer, so the owner must wait for it.
        await ConfigMapAsync(ns, "held-child", OwnedBy(owner, block: true), "example.com/hold");

        using var kubectl = new Kubectl("1.33", fixture.Server.KubeconfigPath);
        await kubectl.SucceedAsync("delete", "configmap", "owner", "-n", ns, "--cascade=foreground", "--wait=false");

        await Eventually.UntilAsync(async () => !await ConfigMapExistsAsync(ns, "child"), Timeout, "the plain dependent to be deleted");
        var held = await fixture.Client.CoreV1.ReadNamespacedConfigMapAsync("held-child", ns);
        Assert.NotNull(held.Metadata.DeletionTimestamp);
        var waiting = await fixture.Client.CoreV1.ReadNamespacedConfigMapAsync("owner", ns);
        Assert.NotNull(waiting.Metadata.DeletionTimestamp);
        Assert.Contains("foregroundDeletion", waiting.Metadata.Finalizers);

        held.Metadata.Finalizers = [];
        await fixture.Client.CoreV1.ReplaceNamespacedConfigMapAsync(held, "held-child", ns);

        await Eventually.UntilAsync(async () => !await ConfigMapExistsAsync(ns, "owner"), Timeout, "the owner to go once its dependents are gone");
    }

    [Fact]
    public async Task KubectlCascadeOrphan_KeepsTheDependents_WithoutTheOwnerReference()
    {
        var ns = await fixture.CreateNamespaceAsync("gc");
        var owner = await ConfigMapAsync(ns, "owner");
        var other = await ConfigMapAsync(ns, "other-owner");
        await ConfigMapAsync(ns, "child");
        var child = await fixture.Client.CoreV1.ReadNamespacedConfigMapAsync("child", ns);
        var secondary = OwnedBy(other);
        secondary.Controller = false;
        child.Metadata.OwnerReferences = [OwnedBy(owner), secondary];
        await fixture.Client.CoreV1.ReplaceNamespacedConfigMapAsync(child, "child", ns);

        using var kubectl = new Kubectl("1.33", fixture.Server.KubeconfigPath);
        await kubectl.SucceedAsync("delete", "configmap", "owner", "-n", ns, "--cascade=orphan");

        await Eventually.UntilAsync(async () => !await ConfigMapExistsAsync(ns, "owner"), Timeout, "the owner to be deleted");
        var orphan = await fixture.Client.CoreV1.ReadNamespacedConfigMapAsync("child", ns);
        Assert.Equal(other.Metadata.Uid, Assert.Single(orphan.Metadata.OwnerReferences).Uid);
        Assert.Null(orphan.Metadata.DeletionTimestamp);
    }

    [Fact]
    public async Task KubectlCascadeBackground_DeletesAChainOfDependents()
    {
        var ns = await fixture.CreateNamespaceAsync("gc");
        var root = await ConfigMapAsync(ns, "root");
        var middle = await ConfigMapAsync(ns, "middle", OwnedBy(root));
        await ConfigMapAsync(ns, "leaf", OwnedBy(middle));

        using var kubectl = new Kubectl("1.33", fixture.Server.KubeconfigPath);
        await kubectl.SucceedAsync("delete", "configmap", "root", "-n", ns);

        await Eventually.UntilAsync(async () => (await fixture.Client.CoreV1.ListNamespacedConfigMapAsync(ns)).Items.All(c => c.Metadata.Name is not ("middle" or "leaf")),
            Timeout, "the middle and leaf ConfigMaps to be collected");
        var ex = await Assert.ThrowsAsync<k8s.Autorest.HttpOperationException>(() => fixture.Client.CoreV1.ReadNamespacedConfigMapAsync("root", ns));
        Assert.Equal(HttpStatusCode.NotFound, ex.Response.StatusCode);
    }
}
