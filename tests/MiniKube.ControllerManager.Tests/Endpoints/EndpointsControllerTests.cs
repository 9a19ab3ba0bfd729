using System.Text.Json;
using k8s;
using k8s.Models;
using MiniKube.Testing;
using Xunit;

namespace MiniKube.ControllerManager.Tests.Endpoints;

[Collection(ControllerManagerCluster.Name)]
public sealed class EndpointsControllerTests(ControllerManagerFixture fixture)
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);

    private static V1Pod Pod(string name, string app) => new()
    {
        Metadata = new V1ObjectMeta { Name = name, Labels = new Dictionary<string, string> { ["app"] = app } },
        Spec = new V1PodSpec
        {
            Containers = [new V1Container { Name = "c", Image = "busybox", Ports = [new V1ContainerPort { Name = "web", ContainerPort = 8080 }] }],
        },
    };

    // What a kubelet reports: an IP, and Ready true or false.
    private Task SetStatusAsync(string ns, string pod, string ip, bool ready)
    {
        var patch = JsonSerializer.Serialize(new
        {
            status = new
            {
                phase = "Running",
                podIP = ip,
                podIPs = new[] { new { ip } },
                conditions = new[] { new { type = "Ready", status = ready ? "True" : "False", lastTransitionTime = DateTime.UtcNow.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", System.Globalization.CultureInfo.InvariantCulture) } },
            },
        });
        return fixture.Client.CoreV1.PatchNamespacedPodStatusAsync(new V1Patch(patch, V1Patch.PatchType.MergePatch), pod, ns);
    }

    private async Task<V1Endpoints> EndpointsWhenAsync(string ns, string name, Func<V1Endpoints, bool> condition, string what) =>
        await Eventually.UntilAsync(async () =>
        {
            var list = await fixture.Client.CoreV1.ListNamespacedEndpointsAsync(ns);
            return list.Items.FirstOrDefault(e => e.Metadata.Name == name && condition(e));
        }, Timeout, what);

    private static IEnumerable<V1EndpointAddress> Ready(V1Endpoints e) => e.Subsets?.SelectMany(s => s.Addresses ?? []) ?? [];
    private static IEnumerable<V1EndpointAddress> NotReady(V1Endpoints e) => e.Subsets?.SelectMany(s => s.NotReadyAddresses ?? []) ?? [];

    [Fact]
    public async Task Endpoints_FollowPodsBecomingReadyUnreadyAndDeleted_AndGoWithTheService()
    {
        var ns = await fixture.CreateNamespaceAsync("ep");
        await fixture.Client.CoreV1.CreateNamespacedServiceAsync(new V1Service
        {
            Metadata = new V1ObjectMeta { Name = "web", Labels = new Dictionary<string, string> { ["tier"] = "front" } },
            Spec = new V1ServiceSpec
            {
                Selector = new Dictionary<string, string> { ["app"] = "web" },
                Ports = [new V1ServicePort { Name = "http", Port = 80, TargetPort = "web" }],
            },
        }, ns);
        await fixture.Client.CoreV1.CreateNamespacedPodAsync(Pod("web-1", "web"), ns);
        await fixture.Client.CoreV1.CreateNamespacedPodAsync(Pod("web-2", "web"), ns);
        await fixture.Client.CoreV1.CreateNamespacedPodAsync(Pod("other", "db"), ns);
        await SetStatusAsync(ns, "web-1", "10.244.9.1", ready: true);
        await SetStatusAsync(ns, "other", "10.244.9.3", ready: true);
        // web-2 has no IP yet: it must not appear at all.

        var endpoints = await EndpointsWhenAsync(ns, "web", e => Ready(e).Any(), "web-1 to be a ready address");
        var address = Assert.Single(Ready(endpoints));
        Assert.Equal(("10.244.9.1", "Pod", "web-1"), (address.Ip, address.TargetRef.Kind, address.TargetRef.Name));
        Assert.Empty(NotReady(endpoints));
        var port = Assert.Single(endpoints.Subsets.Single().Ports);
        Assert.Equal(("http", 8080, "TCP"), (port.Name, port.Port, port.Protocol));
        Assert.Equal("front", endpoints.Metadata.Labels["tier"]);
        Assert.True(endpoints.Metadata.Annotations.ContainsKey("endpoints.kubernetes.io/last-change-trigger-time"));

        await SetStatusAsync(ns, "web-2", "10.244.9.2", ready: false);
        endpoints = await EndpointsWhenAsync(ns, "web", e => NotReady(e).Any(), "web-2 to be a not-ready address");
        Assert.Equal("web-2", Assert.Single(NotReady(endpoints)).TargetRef.Name);

        await SetStatusAsync(ns, "web-1", "10.244.9.1", ready: false);
        await SetStatusAsync(ns, "web-2", "10.244.9.2", ready: true);
        endpoints = await EndpointsWhenAsync(ns, "web", e => Ready(e).Any(a => a.TargetRef.Name == "web-2") && NotReady(e).Any(a => a.TargetRef.Name == "web-1"),
            "web-1 and web-2 to swap readiness");

        await fixture.Client.CoreV1.DeleteNamespacedPodAsync("web-1", ns);
        endpoints = await EndpointsWhenAsync(ns, "web", e => !NotReady(e).Any(), "web-1 to leave the Endpoints");
        Assert.Equal("web-2", Assert.Single(Ready(endpoints)).TargetRef.Name);

        using var kubectl = new Kubectl("1.33", fixture.Server.KubeconfigPath);
        await kubectl.SucceedAsync("delete", "service", "web", "-n", ns);
        await Eventually.UntilAsync(async () => (await fixture.Client.CoreV1.ListNamespacedEndpointsAsync(ns)).Items.Count == 0, Timeout, "the Endpoints to be deleted with the Service");
    }

    [Fact]
    public async Task ServiceWithoutSelector_ItsEndpointsAreLeftAlone()
    {
        var ns = await fixture.CreateNamespaceAsync("ep");
        await fixture.Client.CoreV1.CreateNamespacedServiceAsync(new V1Service
        {
            Metadata = new V1ObjectMeta { Name = "external" },
            Spec = new V1ServiceSpec { Ports = [new V1ServicePort { Port = 5432 }] },
        }, ns);
        await fixture.Client.CoreV1.CreateNamespacedEndpointsAsync(new V1Endpoints
        {
            Metadata = new V1ObjectMeta { Name = "external" },
            Subsets = [new V1EndpointSubset { Addresses = [new V1EndpointAddress { Ip = "192.0.2.10" }], Ports = [new Corev1EndpointPort { Port = 5432 }] }],
        }, ns);
        // A selector service created afterwards is a marker: once its Endpoints exist, the controller has seen both.
        await fixture.Client.CoreV1.CreateNamespacedServiceAsync(new V1Service
        {
            Metadata = new V1ObjectMeta { Name = "marker" },
            Spec = new V1ServiceSpec { Selector = new Dictionary<string, string> { ["app"] = "none" }, Ports = [new V1ServicePort { Port = 80 }] },
        }, ns);
        await EndpointsWhenAsync(ns, "marker", _ => true, "the marker's Endpoints");

        var external = await fixture.Client.CoreV1.ReadNamespacedEndpointsAsync("external", ns);
        Assert.Equal("192.0.2.10", Assert.Single(external.Subsets.Single().Addresses).Ip);
        var kubernetes = await fixture.Client.CoreV1.ReadNamespacedEndpointsAsync("kubernetes", "default");
        Assert.Equal("127.0.0.1", kubernetes.Subsets.Single().Addresses.Single().Ip);
    }
}
