using k8s;
using k8s.Models;
using MiniKube.Testing;
using Xunit;
using Xunit.Abstractions;

namespace MiniKube.ControllerManager.Tests.DaemonSet;

/// <summary>
/// The DaemonSet controller in a real minikube-controller-manager against a real API server, following fake nodes
/// as they come, change and go. There is no scheduler here: daemon Pods stay unbound with their node affinity, and a
/// test that needs them Running binds them itself through pods/binding, as the scheduler would. Each test selects
/// its own nodes by a label, and the class has its own cluster because it creates Nodes.
/// </summary>
[System.Diagnostics.CodeAnalysis.SuppressMessage("Design", "CA1001", Justification = "The fake nodes are disposed in IAsyncLifetime.DisposeAsync, which xunit calls after each test.")]
public sealed class DaemonSetControllerTests(ControllerManagerFixture fixture, ITestOutputHelper output)
    : IClassFixture<ControllerManagerFixture>, IAsyncLifetime
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(60);
    private readonly List<string> _created = [];
    private FakeNodes _nodes = null!;
    private string _ns = null!;

    public async Task InitializeAsync()
    {
        _ns = await fixture.CreateNamespaceAsync("ds");
        _nodes = new FakeNodes(fixture.Client);
    }

    public async Task DisposeAsync()
    {
        foreach (var node in _created)
        {
            try { await _nodes.DeleteAsync(node); }
            catch (k8s.Autorest.HttpOperationException) { } // the test deleted it already
        }
        await _nodes.DisposeAsync();
        output.WriteLine(fixture.ControllerManager.Output);
    }

    // Nodes labelled for this test only, so other tests' nodes never qualify.
    private async Task<string> NodeAsync(string suffix, IList<V1Taint>? taints = null, bool labelled = true)
    {
        var name = $"{_ns}-{suffix}";
        await _nodes.CreateAsync(name, labels: labelled ? new Dictionary<string, string> { ["daemon-test"] = _ns } : null, taints: taints);
        _created.Add(name);
        return name;
    }

    private string Manifest(string name, string image = "fluentd:1", string tolerations = "") => $"""
        apiVersion: apps/v1
        kind: DaemonSet
        metadata:
          name: {name}
        spec:
          selector:
            matchLabels:
              app: {name}
          template:
            metadata:
              labels:
                app: {name}
            spec:
              nodeSelector:
                daemon-test: {_ns}
              terminationGracePeriodSeconds: 0
              {tolerations}
              containers:
              - name: agent
                image: {image}
        """;

    private async Task<Dictionary<string, V1Pod>> PodsByNodeAsync() =>
        (await fixture.Client.CoreV1.ListNamespacedPodAsync(_ns)).Items
            .Where(p => p.Metadata.DeletionTimestamp is null)
            .ToDictionary(p => p.Spec.Affinity.NodeAffinity.RequiredDuringSchedulingIgnoredDuringExecution.NodeSelectorTerms[0].MatchFields[0].Values[0]);

    private Task WaitForPodsOnAsync(params string[] nodes) =>
        Eventually.UntilAsync(async () => (await PodsByNodeAsync()).Keys.Order().SequenceEqual(nodes.Order()), Timeout,
            $"daemon pods on exactly [{string.Join(", ", nodes)}]");

    // What the scheduler would do: bind each daemon Pod to the node its affinity names.
    private async Task BindPendingPodsAsync()
    {
        foreach (var (node, pod) in await PodsByNodeAsync())
        {
            if (!string.IsNullOrEmpty(pod.Spec.NodeName)) continue;
            try
            {
                await fixture.Client.CoreV1.CreateNamespacedPodBindingAsync(new V1Binding
                {
                    Metadata = new V1ObjectMeta { Name = pod.Metadata.Name, NamespaceProperty = _ns },
                    Target = new V1ObjectReference { Kind = "Node", Name = node },
                }, pod.Metadata.Name, _ns);
            }
            catch (k8s.Autorest.HttpOperationException) { } // deleted or bound meanwhile; the next round looks again
        }
    }

    [RequiresFact]
    public async Task Nodes_AddedRelabelledAndDeleted_DaemonPodsFollow()
    {
        var first = await NodeAsync("a");
        var second = await NodeAsync("b");
        var other = await NodeAsync("unlabelled", labelled: false);
        using var kubectl = new Kubectl("1.33", fixture.Server.KubeconfigPath);
        output.WriteLine(await kubectl.SucceedWithInputAsync(Manifest("agent"), "-n", _ns, "apply", "-f", "-"));
        await WaitForPodsOnAsync(first, second);

        var pod = (await PodsByNodeAsync())[first];
        Assert.Null(pod.Spec.NodeName); // left to the scheduler
        Assert.Equal("metadata.name", pod.Spec.Affinity.NodeAffinity.RequiredDuringSchedulingIgnoredDuringExecution.NodeSelectorTerms[0].MatchFields[0].Key);
        foreach (var (key, effect) in new[]
        {
            ("node.kubernetes.io/not-ready", "NoExecute"), ("node.kubernetes.io/unreachable", "NoExecute"), ("node.kubernetes.io/disk-pressure", "NoSchedule"),
            ("node.kubernetes.io/memory-pressure", "NoSchedule"), ("node.kubernetes.io/pid-pressure", "NoSchedule"), ("node.kubernetes.io/unschedulable", "NoSchedule"),
        })
        {
            Assert.Contains(pod.Spec.Tolerations, t => t.Key == key && t.Effect == effect && t.OperatorProperty == "Exists");
        }
        Assert.DoesNotContain(pod.Spec.Tolerations, t => t.Key == "node.kubernetes.io/network-unavailable");
        var owner = Assert.Single(pod.Metadata.OwnerReferences);
        Assert.Equal(("DaemonSet", "agent", true, true), (owner.Kind, owner.Name, owner.Controller, owner.BlockOwnerDeletion));
        Assert.True(pod.Metadata.Labels.ContainsKey("controller-revision-hash"));
        await EventsIn.WaitForAsync(fixture.Client, _ns, "SuccessfulCreate", $"Created pod: {pod.Metadata.Name}");

        // Bound and Running, the pods count as ready; the status reports both nodes.
        await Eventually.UntilAsync(async () =>
        {
            await BindPendingPodsAsync();
            var ds = await fixture.Client.AppsV1.ReadNamespacedDaemonSetAsync("agent", _ns);
            return ds.Status is { DesiredNumberScheduled: 2, CurrentNumberScheduled: 2, NumberReady: 2, NumberAvailable: 2, UpdatedNumberScheduled: 2, NumberMisscheduled: 0 }
                && ds.Status.ObservedGeneration == ds.Metadata.Generation;
        }, Timeout, "status: 2 desired, 2 ready");
        output.WriteLine(await kubectl.SucceedAsync("-n", _ns, "rollout", "status", "daemonset/agent", "--timeout=60s"));

        // A new labelled node gets a pod.
        var third = await NodeAsync("c");
        await WaitForPodsOnAsync(first, second, third);

        // The first node loses the label: its pod goes. The second node is deleted: its pod goes.
        var firstPod = (await PodsByNodeAsync())[first].Metadata.Name;
        await fixture.Client.CoreV1.PatchNodeAsync(new V1Patch("""{"metadata":{"labels":{"daemon-test":null}}}""", V1Patch.PatchType.MergePatch), first);
        await _nodes.DeleteAsync(second);
        await WaitForPodsOnAsync(third);
        await EventsIn.WaitForAsync(fixture.Client, _ns, "SuccessfulDelete", $"Deleted pod: {firstPod}");
        Assert.DoesNotContain(other, (await PodsByNodeAsync()).Keys);
        await Eventually.UntilAsync(async () =>
            (await fixture.Client.AppsV1.ReadNamespacedDaemonSetAsync("agent", _ns)).Status is { DesiredNumberScheduled: 1, CurrentNumberScheduled: 1 },
            Timeout, "status: 1 desired");
    }

    [RequiresFact]
    public async Task Taints_UntoleratedNoScheduleKeepsNewPodsAway_NoExecuteEvicts_TolerationsLetThemIn()
    {
        var plain = await NodeAsync("plain");
        var tainted = await NodeAsync("tainted", taints: [new V1Taint { Key = "dedicated", Value = "db", Effect = "NoSchedule" }]);
        await fixture.Client.AppsV1.CreateNamespacedDaemonSetAsync(KubernetesYaml.Deserialize<V1DaemonSet>(Manifest("plain")), _ns);
        await WaitForPodsOnAsync(plain);

        // A NoSchedule taint added under a running daemon leaves it there; a NoExecute one removes it.
        await fixture.Client.CoreV1.PatchNodeAsync(new V1Patch("""{"spec":{"taints":[{"key":"maintenance","effect":"NoSchedule"}]}}""", V1Patch.PatchType.MergePatch), plain);
        await Eventually.UntilAsync(async () =>
            (await fixture.Client.AppsV1.ReadNamespacedDaemonSetAsync("plain", _ns)).Status is { DesiredNumberScheduled: 0, NumberMisscheduled: 1 },
            Timeout, "the tainted node to count as misscheduled");
        Assert.Contains(plain, (await PodsByNodeAsync()).Keys);
        await fixture.Client.CoreV1.PatchNodeAsync(new V1Patch("""{"spec":{"taints":[{"key":"maintenance","effect":"NoExecute"}]}}""", V1Patch.PatchType.MergePatch), plain);
        await WaitForPodsOnAsync();

        // A DaemonSet that tolerates both taints runs on both nodes.
        var tolerations = """
            tolerations:
                  - key: dedicated
                    operator: Equal
                    value: db
                    effect: NoSchedule
                  - key: maintenance
                    operator: Exists
            """;
        await fixture.Client.AppsV1.CreateNamespacedDaemonSetAsync(KubernetesYaml.Deserialize<V1DaemonSet>(Manifest("tolerant", tolerations: tolerations)), _ns);
        await WaitForPodsOnAsync(plain, tainted);
        Assert.All((await PodsByNodeAsync()).Values, p => Assert.Equal("tolerant", p.Metadata.Labels["app"]));
    }

    [RequiresFact]
    public async Task RollingUpdate_ReplacesEveryPod_AndKubectlShowsTheRevisions()
    {
        var a = await NodeAsync("a");
        var b = await NodeAsync("b");
        using var kubectl = new Kubectl("1.33", fixture.Server.KubeconfigPath);
        await kubectl.SucceedWithInputAsync(Manifest("logs"), "-n", _ns, "apply", "-f", "-");
        await WaitForPodsOnAsync(a, b);
        await kubectl.SucceedAsync("-n", _ns, "set", "image", "daemonset/logs", "agent=fluentd:2");

        await Eventually.UntilAsync(async () =>
        {
            await BindPendingPodsAsync();
            var pods = await PodsByNodeAsync();
            var ds = await fixture.Client.AppsV1.ReadNamespacedDaemonSetAsync("logs", _ns);
            return pods.Count == 2 && pods.Values.All(p => p.Spec.Containers[0].Image == "fluentd:2")
                && ds.Status is { UpdatedNumberScheduled: 2, NumberAvailable: 2 } && ds.Status.ObservedGeneration == ds.Metadata.Generation;
        }, Timeout, "both nodes to run fluentd:2");

        var history = await kubectl.SucceedAsync("-n", _ns, "rollout", "history", "daemonset/logs");
        output.WriteLine(history);
        Assert.Matches(@"(?m)^1\s", history);
        Assert.Matches(@"(?m)^2\s", history);
    }
}
