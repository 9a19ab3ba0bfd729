using k8s;
using k8s.Models;
using MiniKube.Testing;
using Xunit;
using Xunit.Abstractions;

namespace MiniKube.Scheduler.Tests;

/// <summary>
/// A real API server, a real minikube-scheduler process and kwok-like FakeNodes: pods are bound as scoring says,
/// a pod that fits nowhere gets upstream's FailedScheduling diagnosis, pods for another scheduler are left alone, and
/// a higher-priority pod (its priority resolved from a PriorityClass by the API server's Priority admission plugin)
/// preempts a lower-priority one unless its preemptionPolicy is Never.
/// </summary>
public sealed class SchedulerIntegrationTests : IClassFixture<SqliteApiServerFixture>, IAsyncLifetime, IAsyncDisposable
{
    private readonly SqliteApiServerFixture _fixture;
    private readonly ITestOutputHelper _output;
    private ComponentProcess _scheduler = null!;
    private FakeNodes _nodes = null!;

    public SchedulerIntegrationTests(SqliteApiServerFixture fixture, ITestOutputHelper output)
    {
        _fixture = fixture;
        _output = output;
    }

    public async Task InitializeAsync()
    {
        _nodes = new FakeNodes(_fixture.Client);
        _scheduler = ComponentProcess.Start("minikube-scheduler", _fixture.Server.KubeconfigPath,
            "--leader-elect-lease-duration", "4s", "--leader-elect-renew-deadline", "3s", "--leader-elect-retry-period", "1s");
        await _scheduler.WaitForOutputAsync("Starting scheduler", TimeSpan.FromSeconds(60));
    }

    public async Task DisposeAsync()
    {
        // The scheduler's log is the event trail of a failing test.
        _output.WriteLine(_scheduler.Output);
        await _scheduler.DisposeAsync();
        await _nodes.DisposeAsync();
    }

    ValueTask IAsyncDisposable.DisposeAsync() => new(DisposeAsync());

    private static V1Pod Pod(string name, string cpu = "100m", string? schedulerName = null, IDictionary<string, string>? nodeSelector = null,
        string? priorityClassName = null) => new()
    {
        Metadata = new V1ObjectMeta { Name = name },
        Spec = new V1PodSpec
        {
            SchedulerName = schedulerName,
            NodeSelector = nodeSelector,
            PriorityClassName = priorityClassName,
            Containers = [new V1Container
            {
                Name = "c", Image = "busybox",
                Resources = new V1ResourceRequirements { Requests = new Dictionary<string, ResourceQuantity> { ["cpu"] = new(cpu), ["memory"] = new("64Mi") } },
            }],
        },
    };

    [Fact]
    public async Task Schedule_PodsAreBoundAndSpread_OtherSchedulerNameUntouched()
    {
        var ns = await _fixture.CreateNamespaceAsync("spread");
        var prefix = ns[^8..];
        await _nodes.CreateAsync($"{prefix}-a", cpu: "4", labels: new Dictionary<string, string> { ["test"] = prefix });
        await _nodes.CreateAsync($"{prefix}-b", cpu: "4", labels: new Dictionary<string, string> { ["test"] = prefix });
        var selector = new Dictionary<string, string> { ["test"] = prefix };
        for (var i = 0; i < 4; i++) await _fixture.Client.CoreV1.CreateNamespacedPodAsync(Pod($"web-{i}", "500m", nodeSelector: selector), ns);
        await _fixture.Client.CoreV1.CreateNamespacedPodAsync(Pod("other", schedulerName: "my-scheduler"), ns);

        var pods = await Eventually.UntilAsync(async () =>
        {
            var list = await _fixture.Client.CoreV1.ListNamespacedPodAsync(ns);
            var web = list.Items.Where(p => p.Metadata.Name.StartsWith("web-", StringComparison.Ordinal)).ToList();
            return web.All(p => !string.IsNullOrEmpty(p.Spec.NodeName)) ? web : null;
        }, TimeSpan.FromSeconds(60), "all web pods bound");
        // LeastAllocated + BalancedAllocation: equal nodes get equal shares.
        Assert.Equal(2, pods.Count(p => p.Spec.NodeName == $"{prefix}-a"));
        Assert.Equal(2, pods.Count(p => p.Spec.NodeName == $"{prefix}-b"));

        // The Scheduled Event is written just after the binding.
        var web0 = pods.Single(p => p.Metadata.Name == "web-0").Spec.NodeName;
        await Eventually.UntilAsync(async () => (await _fixture.Client.CoreV1.ListNamespacedEventAsync(ns)).Items
            .Any(e => e.Reason == "Scheduled" && e.Message == $"Successfully assigned {ns}/web-0 to {web0}"), TimeSpan.FromSeconds(30), "web-0's Scheduled Event");
        var other = await _fixture.Client.CoreV1.ReadNamespacedPodAsync("other", ns);
        Assert.True(string.IsNullOrEmpty(other.Spec.NodeName));
        Assert.DoesNotContain(other.Status?.Conditions ?? [], c => c.Type == "PodScheduled");
    }

    [Fact]
    public async Task Schedule_PodThatFitsNowhere_StaysPendingWithUpstreamMessage_ThenSchedulesOnNewNode()
    {
        var ns = await _fixture.CreateNamespaceAsync("nofit");
        var prefix = ns[^8..];
        var label = new Dictionary<string, string> { ["fit"] = prefix };
        await _nodes.CreateAsync($"{prefix}-small", cpu: "1", labels: label);
        await _fixture.Client.CoreV1.CreateNamespacedPodAsync(Pod("big", "2", nodeSelector: label), ns);

        var condition = await Eventually.UntilAsync(async () =>
        {
            var pod = await _fixture.Client.CoreV1.ReadNamespacedPodAsync("big", ns);
            return pod.Status?.Conditions?.FirstOrDefault(c => c.Type == "PodScheduled" && c.Status == "False");
        }, TimeSpan.FromSeconds(60), "PodScheduled=False");
        Assert.Equal("Unschedulable", condition.Reason);
        var nodeCount = (await _fixture.Client.CoreV1.ListNodeAsync()).Items.Count;
        // Every other node of the shared server lacks the label (no eviction helps there); ours lacks cpu, which in 1.33
        // is only Unschedulable even though the pod is larger than the node, so preemption looks at it and finds no
        // lower-priority pod to evict.
        var expected = $"0/{nodeCount} nodes are available: 1 Insufficient cpu"
            + (nodeCount > 1 ? $", {nodeCount - 1} node(s) didn't match Pod's node affinity/selector" : "")
            + $". preemption: 0/{nodeCount} nodes are available: 1 No preemption victims found for incoming pod"
            + (nodeCount > 1 ? $", {nodeCount - 1} Preemption is not helpful for scheduling" : "") + ".";
        Assert.Equal(expected, condition.Message);
        var events = await _fixture.Client.CoreV1.ListNamespacedEventAsync(ns);
        Assert.Contains(events.Items, e => e.Reason == "FailedScheduling" && e.Type == "Warning" && e.Message == expected);

        await _nodes.CreateAsync($"{prefix}-large", cpu: "8", labels: label);
        var bound = await Eventually.UntilAsync(async () =>
        {
            var pod = await _fixture.Client.CoreV1.ReadNamespacedPodAsync("big", ns);
            return string.IsNullOrEmpty(pod.Spec.NodeName) ? null : pod;
        }, TimeSpan.FromSeconds(60), "the pod to be bound after a fitting node was added");
        Assert.Equal($"{prefix}-large", bound.Spec.NodeName);
    }

    private async Task<string> CreatePriorityClassAsync(string prefix, int value, string? preemptionPolicy = null)
    {
        var name = $"{prefix}-{Guid.NewGuid().ToString("N")[..8]}";
        await _fixture.Client.SchedulingV1.CreatePriorityClassAsync(new V1PriorityClass
        {
            Metadata = new V1ObjectMeta { Name = name },
            Value = value,
            PreemptionPolicy = preemptionPolicy,
        });
        return name;
    }

    /// <summary>A one-cpu node only this test's pods select, with a low-priority pod already bound on most of it.</summary>
    private async Task<(string Ns, string Node, Dictionary<string, string> Selector, V1Pod Victim)> FullNodeWithLowPriorityPodAsync(string prefix)
    {
        var ns = await _fixture.CreateNamespaceAsync(prefix);
        var node = $"{ns[^8..]}-node";
        var selector = new Dictionary<string, string> { ["preempt"] = ns[^8..] };
        await _nodes.CreateAsync(node, cpu: "1", labels: selector);
        var low = await CreatePriorityClassAsync("low", 100);
        await _fixture.Client.CoreV1.CreateNamespacedPodAsync(Pod("victim", "800m", nodeSelector: selector, priorityClassName: low), ns);
        var victim = await Eventually.UntilAsync(async () =>
        {
            var pod = await _fixture.Client.CoreV1.ReadNamespacedPodAsync("victim", ns);
            return pod.Status?.Phase == "Running" ? pod : null;
        }, TimeSpan.FromSeconds(60), "the low-priority pod to run");
        Assert.Equal((node, 100), (victim.Spec.NodeName, victim.Spec.Priority));
        return (ns, node, selector, victim);
    }

    [Fact]
    public async Task Preemption_HigherPriorityPod_EvictsTheLowerOne_IsNominatedAndBindsThere()
    {
        var (ns, node, selector, victim) = await FullNodeWithLowPriorityPodAsync("preempt");
        var high = await CreatePriorityClassAsync("high", 1000);

        var created = await _fixture.Client.CoreV1.CreateNamespacedPodAsync(Pod("preemptor", "800m", nodeSelector: selector, priorityClassName: high), ns);
        Assert.Equal((1000, "PreemptLowerPriority"), (created.Spec.Priority, created.Spec.PreemptionPolicy));

        // The preemptor is nominated to the node while the victim goes …
        var nominated = await Eventually.UntilAsync(async () =>
        {
            var pod = await _fixture.Client.CoreV1.ReadNamespacedPodAsync("preemptor", ns);
            return string.IsNullOrEmpty(pod.Status?.NominatedNodeName) ? null : pod.Status.NominatedNodeName;
        }, TimeSpan.FromSeconds(60), "status.nominatedNodeName on the preemptor");
        Assert.Equal(node, nominated);
        await Eventually.UntilAsync(async () =>
            !(await _fixture.Client.CoreV1.ListNamespacedPodAsync(ns)).Items.Any(p => p.Metadata.Name == "victim"),
            TimeSpan.FromSeconds(60), "the victim to be deleted");

        // … and binds there once the victim is gone.
        var bound = await Eventually.UntilAsync(async () =>
        {
            var pod = await _fixture.Client.CoreV1.ReadNamespacedPodAsync("preemptor", ns);
            return string.IsNullOrEmpty(pod.Spec.NodeName) ? null : pod;
        }, TimeSpan.FromSeconds(60), "the preemptor to be bound");
        Assert.Equal(node, bound.Spec.NodeName);
        Assert.True(string.IsNullOrEmpty(bound.Status?.NominatedNodeName), "the binding spends the nomination");

        // The Scheduled Event is written just after the binding.
        var events = await Eventually.UntilAsync(async () =>
        {
            var items = (await _fixture.Client.CoreV1.ListNamespacedEventAsync(ns)).Items;
            return items.Any(e => e.Reason == "Scheduled" && e.InvolvedObject.Name == "preemptor") ? items : null;
        }, TimeSpan.FromSeconds(30), "the preemptor's Scheduled Event");
        var preempted = Assert.Single(events, e => e.Reason == "Preempted");
        Assert.Equal(("Pod", "victim", victim.Metadata.Uid), (preempted.InvolvedObject.Kind, preempted.InvolvedObject.Name, preempted.InvolvedObject.Uid));
        Assert.Equal(($"Preempted by pod {created.Metadata.Uid} on node {node}", "Normal"), (preempted.Message, preempted.Type));
        Assert.Contains(events, e => e.Reason == "Scheduled" && e.Message == $"Successfully assigned {ns}/preemptor to {node}");
    }

    [Fact]
    public async Task Preemption_PolicyNever_DoesNotEvict_AndSaysWhy()
    {
        var (ns, node, selector, victim) = await FullNodeWithLowPriorityPodAsync("never");
        var polite = await CreatePriorityClassAsync("polite", 1000, preemptionPolicy: "Never");

        var created = await _fixture.Client.CoreV1.CreateNamespacedPodAsync(Pod("waiter", "800m", nodeSelector: selector, priorityClassName: polite), ns);
        Assert.Equal((1000, "Never"), (created.Spec.Priority, created.Spec.PreemptionPolicy));

        var condition = await Eventually.UntilAsync(async () =>
        {
            var pod = await _fixture.Client.CoreV1.ReadNamespacedPodAsync("waiter", ns);
            return pod.Status?.Conditions?.FirstOrDefault(c => c.Type == "PodScheduled" && c.Status == "False");
        }, TimeSpan.FromSeconds(60), "PodScheduled=False on the pod that may not preempt");
        Assert.StartsWith($"0/", condition.Message, StringComparison.Ordinal);
        Assert.EndsWith(". preemption: not eligible due to preemptionPolicy=Never.", condition.Message, StringComparison.Ordinal);

        var still = await _fixture.Client.CoreV1.ReadNamespacedPodAsync("victim", ns);
        Assert.Equal((victim.Metadata.Uid, node), (still.Metadata.Uid, still.Spec.NodeName));
        Assert.Null(still.Metadata.DeletionTimestamp);
        var waiter = await _fixture.Client.CoreV1.ReadNamespacedPodAsync("waiter", ns);
        Assert.True(string.IsNullOrEmpty(waiter.Spec.NodeName));
        Assert.True(string.IsNullOrEmpty(waiter.Status?.NominatedNodeName));
        Assert.DoesNotContain((await _fixture.Client.CoreV1.ListNamespacedEventAsync(ns)).Items, e => e.Reason == "Preempted");
    }
}
