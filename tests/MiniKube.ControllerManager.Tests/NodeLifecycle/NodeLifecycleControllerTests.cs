using k8s;
using k8s.Models;
using MiniKube.Testing;
using Xunit;
using Xunit.Abstractions;

namespace MiniKube.ControllerManager.Tests.NodeLifecycle;

/// <summary>
/// A node whose kubelet dies: its own API server and controller manager (Nodes are cluster-scoped, and the grace
/// period is shortened to a few seconds), with kwok-like fake nodes whose Leases the test renews.
/// </summary>
[System.Diagnostics.CodeAnalysis.SuppressMessage("Design", "CA1001", Justification = "xunit disposes it through IAsyncLifetime.DisposeAsync")]
public sealed class NodeLifecycleControllerTests(ITestOutputHelper output) : IAsyncLifetime
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(60);
    private readonly ControllerManagerFixture _cluster = ControllerManagerFixture.WithFlags("--node-monitor-grace-period", "4s", "--node-monitor-period", "1s");
    private FakeNodes _nodes = null!;

    public async Task InitializeAsync()
    {
        await _cluster.InitializeAsync();
        _nodes = new FakeNodes(_cluster.Client);
    }

    public async Task DisposeAsync()
    {
        output.WriteLine(_cluster.ControllerManager?.Output ?? "");
        if (_nodes is not null) await _nodes.DisposeAsync();
        await _cluster.DisposeAsync();
    }

    private Task<V1Pod> PodOnAsync(string ns, string name, string node, params V1Toleration[] tolerations) =>
        _cluster.Client.CoreV1.CreateNamespacedPodAsync(new V1Pod
        {
            Metadata = new V1ObjectMeta { Name = name },
            Spec = new V1PodSpec { NodeName = node, Tolerations = tolerations, Containers = [new V1Container { Name = "c", Image = "busybox" }] },
        }, ns);

    private static V1Toleration Unreachable(long? seconds) =>
        new() { Key = "node.kubernetes.io/unreachable", OperatorProperty = "Exists", Effect = "NoExecute", TolerationSeconds = seconds };

    [Fact]
    public async Task NodeLeaseStops_NodeBecomesUnknownAndTainted_PodsEvictedAfterTheirToleration_TaintGoesWhenItReturns()
    {
        var ns = await _cluster.CreateNamespaceAsync("nl");
        await _nodes.CreateAsync("nl-node-1");
        await PodOnAsync(ns, "short", "nl-node-1", Unreachable(2));
        await PodOnAsync(ns, "forever", "nl-node-1", Unreachable(null));
        // Both become Running and Ready (FakeNodes plays the kubelet).
        await Eventually.UntilAsync(async () => (await _cluster.Client.CoreV1.ListNamespacedPodAsync(ns)).Items.All(p => p.Status?.Phase == "Running"),
            Timeout, "the pods to run");

        _nodes.StopRenewing("nl-node-1");

        var node = await Eventually.UntilAsync(async () =>
        {
            var n = await _cluster.Client.CoreV1.ReadNodeAsync("nl-node-1");
            return n.Spec?.Taints?.Any(t => t.Key == "node.kubernetes.io/unreachable" && t.Effect == "NoExecute") == true ? n : null;
        }, Timeout, "the unreachable NoExecute taint");
        Assert.Contains(node.Spec.Taints, t => t.Key == "node.kubernetes.io/unreachable" && t.Effect == "NoSchedule");
        foreach (var type in new[] { "Ready", "MemoryPressure", "DiskPressure", "PIDPressure" })
        {
            var condition = node.Status.Conditions.Single(c => c.Type == type);
            Assert.Equal("Unknown", condition.Status);
        }
        var ready = node.Status.Conditions.Single(c => c.Type == "Ready");
        Assert.Equal(("NodeStatusUnknown", "Kubelet stopped posting node status."), (ready.Reason, ready.Message));

        // The pod tolerating the taint for 2s is evicted; the one tolerating it forever stays.
        await Eventually.UntilAsync(async () =>
        {
            var pods = (await _cluster.Client.CoreV1.ListNamespacedPodAsync(ns)).Items;
            return pods.FirstOrDefault(p => p.Metadata.Name == "short") is not { Metadata.DeletionTimestamp: null };
        }, Timeout, "the short-tolerating pod to be evicted");
        var forever = await _cluster.Client.CoreV1.ReadNamespacedPodAsync("forever", ns);
        Assert.Null(forever.Metadata.DeletionTimestamp);
        Assert.Equal("False", forever.Status.Conditions.Single(c => c.Type == "Ready").Status);

        var events = (await _cluster.Client.CoreV1.ListEventForAllNamespacesAsync()).Items;
        Assert.Contains(events, e => e.Reason == "NodeNotReady" && e.InvolvedObject.Kind == "Node" && e.Message == "Node nl-node-1 status is now: NodeNotReady");
        Assert.Contains(events, e => e.Reason == "TaintManagerEviction" && e.Message == $"Marking for deletion Pod {ns}/short");
        Assert.Contains(events, e => e.Reason == "NodeNotReady" && e.InvolvedObject.Name == "forever" && e.Type == "Warning");

        await _nodes.ResumeRenewingAsync("nl-node-1");

        await Eventually.UntilAsync(async () =>
        {
            var n = await _cluster.Client.CoreV1.ReadNodeAsync("nl-node-1");
            return n.Spec?.Taints?.Any(t => t.Key.StartsWith("node.kubernetes.io/", StringComparison.Ordinal)) != true;
        }, Timeout, "the controller's taints to be removed");
        Assert.Null((await _cluster.Client.CoreV1.ReadNamespacedPodAsync("forever", ns)).Metadata.DeletionTimestamp);
    }

    [Fact]
    public async Task PodWithTheDefaultTolerations_IsNotEvictedWithinTheGracePeriod_ButAnIntolerantOneIsAtOnce()
    {
        var ns = await _cluster.CreateNamespaceAsync("nl");
        await _nodes.CreateAsync("nl-node-2");
        // Gets the 300s tolerations from the DefaultTolerationSeconds admission plugin.
        var defaulted = await PodOnAsync(ns, "defaulted", "nl-node-2");
        Assert.Contains(defaulted.Spec.Tolerations, t => t.Key == "node.kubernetes.io/unreachable" && t.TolerationSeconds == 300);
        await _cluster.Client.CoreV1.CreateNamespacedPodAsync(new V1Pod
        {
            Metadata = new V1ObjectMeta { Name = "intolerant" },
            // Tolerates only not-ready: the unreachable taint evicts it at once.
            Spec = new V1PodSpec
            {
                NodeName = "nl-node-2",
                Tolerations = [new V1Toleration { Key = "node.kubernetes.io/not-ready", OperatorProperty = "Exists", Effect = "NoExecute" }, Unreachable(0)],
                Containers = [new V1Container { Name = "c", Image = "busybox" }],
            },
        }, ns);

        _nodes.StopRenewing("nl-node-2");

        await Eventually.UntilAsync(async () =>
        {
            var pods = (await _cluster.Client.CoreV1.ListNamespacedPodAsync(ns)).Items;
            return pods.FirstOrDefault(p => p.Metadata.Name == "intolerant") is not { Metadata.DeletionTimestamp: null };
        }, Timeout, "the pod with tolerationSeconds 0 to be evicted");
        Assert.Null((await _cluster.Client.CoreV1.ReadNamespacedPodAsync("defaulted", ns)).Metadata.DeletionTimestamp);
        await _nodes.DeleteAsync("nl-node-2");
    }
}
