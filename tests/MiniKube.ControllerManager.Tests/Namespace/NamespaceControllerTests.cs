using k8s;
using k8s.Models;
using MiniKube.Testing;
using Xunit;

namespace MiniKube.ControllerManager.Tests.Namespace;

[Collection(ControllerManagerCluster.Name)]
public sealed class NamespaceControllerTests(ControllerManagerFixture fixture)
{
    [Fact]
    public async Task KubectlDeleteNamespace_DeletesItsContent_ThenTheNamespace()
    {
        var ns = await fixture.CreateNamespaceAsync("nsdel");
        await fixture.Client.CoreV1.CreateNamespacedConfigMapAsync(new V1ConfigMap { Metadata = new V1ObjectMeta { Name = "settings" } }, ns);
        await fixture.Client.CoreV1.CreateNamespacedServiceAsync(new V1Service
        {
            Metadata = new V1ObjectMeta { Name = "web" },
            Spec = new V1ServiceSpec { Selector = new Dictionary<string, string> { ["app"] = "web" }, Ports = [new V1ServicePort { Port = 80 }] },
        }, ns);
        await fixture.Client.CoreV1.CreateNamespacedPodAsync(new V1Pod
        {
            Metadata = new V1ObjectMeta { Name = "web-1", Labels = new Dictionary<string, string> { ["app"] = "web" } },
            Spec = new V1PodSpec { Containers = [new V1Container { Name = "c", Image = "busybox" }] },
        }, ns);
        await fixture.Client.AppsV1.CreateNamespacedDeploymentAsync(new V1Deployment
        {
            Metadata = new V1ObjectMeta { Name = "web" },
            Spec = new V1DeploymentSpec
            {
                Selector = new V1LabelSelector { MatchLabels = new Dictionary<string, string> { ["app"] = "web" } },
                Template = new V1PodTemplateSpec
                {
                    Metadata = new V1ObjectMeta { Labels = new Dictionary<string, string> { ["app"] = "web" } },
                    Spec = new V1PodSpec { Containers = [new V1Container { Name = "c", Image = "busybox" }] },
                },
            },
        }, ns);

        using var kubectl = new Kubectl("1.33", fixture.Server.KubeconfigPath);
        // kubectl waits until the namespace is really gone before it returns.
        var output = await kubectl.SucceedAsync("delete", "namespace", ns, "--timeout=60s");

        Assert.Contains($"namespace \"{ns}\" deleted", output, StringComparison.Ordinal);
        var names = (await fixture.Client.CoreV1.ListNamespaceAsync()).Items.Select(n => n.Metadata.Name);
        Assert.DoesNotContain(ns, names);
        Assert.Empty((await fixture.Client.CoreV1.ListNamespacedConfigMapAsync(ns)).Items);
        Assert.Empty((await fixture.Client.CoreV1.ListNamespacedPodAsync(ns)).Items);
        Assert.Empty((await fixture.Client.AppsV1.ListNamespacedDeploymentAsync(ns)).Items);
    }

    [Fact]
    public async Task ContentWithAFinalizer_KeepsTheNamespaceTerminating_WithContentRemainingConditions()
    {
        var ns = await fixture.CreateNamespaceAsync("nsfin");
        await fixture.Client.CoreV1.CreateNamespacedConfigMapAsync(new V1ConfigMap
        {
            Metadata = new V1ObjectMeta { Name = "held", Finalizers = ["example.com/hold"] },
        }, ns);

        await fixture.Client.CoreV1.DeleteNamespaceAsync(ns);

        var stuck = await Eventually.UntilAsync(async () =>
        {
            var current = await fixture.Client.CoreV1.ReadNamespaceAsync(ns);
            return current.Status?.Conditions?.Any(c => c.Type == "NamespaceContentRemaining" && c.Status == "True") == true ? current : null;
        }, TimeSpan.FromSeconds(30), "the NamespaceContentRemaining condition");
        Assert.Equal("Terminating", stuck.Status.Phase);
        var remaining = stuck.Status.Conditions.Single(c => c.Type == "NamespaceContentRemaining");
        Assert.Equal(("SomeResourcesRemain", "Some resources are remaining: configmaps. has 1 resource instances"), (remaining.Reason, remaining.Message));
        var finalizers = stuck.Status.Conditions.Single(c => c.Type == "NamespaceFinalizersRemaining");
        Assert.Equal(("True", "Some content in the namespace has finalizers remaining: example.com/hold in 1 resource instances"), (finalizers.Status, finalizers.Message));

        // Whoever owns the finalizer finishes; the controller notices on its next look and the namespace goes.
        var held = await fixture.Client.CoreV1.ReadNamespacedConfigMapAsync("held", ns);
        held.Metadata.Finalizers = [];
        await fixture.Client.CoreV1.ReplaceNamespacedConfigMapAsync(held, "held", ns);
        await Eventually.UntilAsync(async () => !(await fixture.Client.CoreV1.ListNamespaceAsync()).Items.Any(n => n.Metadata.Name == ns),
            TimeSpan.FromSeconds(60), "the namespace to be deleted");
    }
}
