using System.Collections.Concurrent;
using k8s;
using k8s.Models;
using MiniKube.ApiMachinery.Client;
using MiniKube.Testing;
using Xunit;
using Xunit.Abstractions;

namespace MiniKube.Scheduler.Tests;

/// <summary>
/// Crashes and high availability, with real minikube-scheduler processes on the default Lease
/// (kube-system/kube-scheduler): a scheduler killed with SIGKILL while pods are pending leaves no pod bound twice or
/// moved once a new one takes over, and of two schedulers only the leader binds until it dies.
/// Each test starts its own schedulers (this class has no scheduler of its own), on an API server of its own.
/// Concept: https://kubernetes.io/docs/concepts/architecture/leases/#leader-election
/// </summary>
public sealed class SchedulerFailoverTests(SqliteApiServerFixture fixture, ITestOutputHelper output) : IClassFixture<SqliteApiServerFixture>
{
    private const string BoundLine = "Bound pod ";

    private ComponentProcess StartScheduler() =>
        ComponentProcess.Start("minikube-scheduler", fixture.Server.KubeconfigPath,
            "--leader-elect-lease-duration", "4s", "--leader-elect-renew-deadline", "3s", "--leader-elect-retry-period", "1s");

    private static V1Pod Pod(string name) => new()
    {
        Metadata = new V1ObjectMeta { Name = name },
        Spec = new V1PodSpec
        {
            Containers = [new V1Container
            {
                Name = "c", Image = "busybox",
                Resources = new V1ResourceRequirements { Requests = new Dictionary<string, ResourceQuantity> { ["cpu"] = new("10m") } },
            }],
        },
    };

    private static int CountBindings(ComponentProcess scheduler, string ns) =>
        scheduler.Output.Split('\n').Count(l => l.Contains(BoundLine + ns + "/", StringComparison.Ordinal));

    private async Task<List<V1Pod>> AllBoundAsync(string ns, int count, string what) =>
        await Eventually.UntilAsync(async () =>
        {
            var pods = (await fixture.Client.CoreV1.ListNamespacedPodAsync(ns)).Items;
            return pods.Count == count && pods.All(p => !string.IsNullOrEmpty(p.Spec.NodeName)) ? pods.ToList() : null;
        }, TimeSpan.FromSeconds(120), what);

    [Fact]
    public async Task Crash_KilledWhilePodsPending_NewSchedulerBindsEveryPodExactlyOnce()
    {
        const int podCount = 40;
        const int afterKill = 10;
        var ns = await fixture.CreateNamespaceAsync("crash");
        await using var nodes = new FakeNodes(fixture.Client);
        for (var i = 0; i < 3; i++) await nodes.CreateAsync($"{ns[^8..]}-{i}", cpu: "4");

        // Every nodeName each pod ever had, as the API server announced it: a pod bound twice, or moved, shows two.
        var seen = new ConcurrentDictionary<string, ConcurrentDictionary<string, byte>>(StringComparer.Ordinal);
        var bindings = 0;
        void Record(V1Pod? old, V1Pod pod)
        {
            if (string.IsNullOrEmpty(pod.Spec.NodeName)) return;
            seen.GetOrAdd(pod.Metadata.Name, _ => new(StringComparer.Ordinal)).TryAdd(pod.Spec.NodeName, 0);
            if (string.IsNullOrEmpty(old?.Spec.NodeName)) Interlocked.Increment(ref bindings);
        }
        using var stopWatching = new CancellationTokenSource();
        var informer = new Informer<V1Pod>(fixture.Client, ns);
        informer.AddEventHandler(new ResourceEventHandler<V1Pod> { OnAdd = pod => Record(null, pod), OnUpdate = Record });
        var watching = Task.Run(() => informer.RunAsync(stopWatching.Token));
        await informer.WaitForCacheSyncAsync(stopWatching.Token);

        // The pods wait before any scheduler runs, so the first one is killed while binding them; more are created
        // after the kill, so the second one certainly has pending pods to take over (a fast first may bind all 40).
        for (var i = 0; i < podCount; i++) await fixture.Client.CoreV1.CreateNamespacedPodAsync(Pod($"p-{i:D2}"), ns);
        await using (var first = StartScheduler())
        {
            await first.WaitForOutputAsync(BoundLine + ns + "/", TimeSpan.FromSeconds(60));
            await first.KillAsync();
            output.WriteLine($"first scheduler killed after {CountBindings(first, ns)} logged bindings");
        }
        for (var i = 0; i < afterKill; i++) await fixture.Client.CoreV1.CreateNamespacedPodAsync(Pod($"q-{i:D2}"), ns);

        await using var second = StartScheduler();
        var pods = await AllBoundAsync(ns, podCount + afterKill, "every pod bound by the second scheduler");
        await Eventually.UntilAsync(() => Task.FromResult(Volatile.Read(ref bindings) >= podCount + afterKill), TimeSpan.FromSeconds(30),
            "the informer to see every binding");
        output.WriteLine(second.Output);

        Assert.Equal(podCount + afterKill, Volatile.Read(ref bindings));
        Assert.All(pods, p => Assert.Equal([p.Spec.NodeName], seen[p.Metadata.Name].Keys));
        await stopWatching.CancelAsync();
        try { await watching; } catch (OperationCanceledException) { }
    }

    [Fact]
    public async Task LeaderElection_OnlyTheLeaderBinds_TheStandbyTakesOverWhenItIsKilled()
    {
        var ns = await fixture.CreateNamespaceAsync("ha");
        await using var nodes = new FakeNodes(fixture.Client);
        await nodes.CreateAsync($"{ns[^8..]}-0", cpu: "4");

        await using var leader = StartScheduler();
        await leader.WaitForOutputAsync("Starting scheduler", TimeSpan.FromSeconds(60));
        await using var standby = StartScheduler();
        await standby.WaitForOutputAsync("Attempting to acquire leader lease kube-system/kube-scheduler", TimeSpan.FromSeconds(60));
        var holder = (await fixture.Client.CoordinationV1.ReadNamespacedLeaseAsync("kube-scheduler", "kube-system")).Spec.HolderIdentity;

        for (var i = 0; i < 5; i++) await fixture.Client.CoreV1.CreateNamespacedPodAsync(Pod($"before-{i}"), ns);
        await AllBoundAsync(ns, 5, "the leader to bind the first pods");
        // The log is written a moment after the binding: wait for the lines, then check there are no more.
        await Eventually.UntilAsync(() => Task.FromResult(CountBindings(leader, ns) >= 5), TimeSpan.FromSeconds(30), "the leader's binding lines");
        Assert.Equal(5, CountBindings(leader, ns));
        Assert.Equal(0, CountBindings(standby, ns));
        Assert.DoesNotContain("Starting scheduler", standby.Output, StringComparison.Ordinal);

        await leader.KillAsync();
        for (var i = 0; i < 5; i++) await fixture.Client.CoreV1.CreateNamespacedPodAsync(Pod($"after-{i}"), ns);
        await standby.WaitForOutputAsync("Starting scheduler", TimeSpan.FromSeconds(60));
        await AllBoundAsync(ns, 10, "the new leader to bind the pods created after the kill");
        output.WriteLine(standby.Output);

        await Eventually.UntilAsync(() => Task.FromResult(CountBindings(standby, ns) >= 5), TimeSpan.FromSeconds(30), "the new leader's binding lines");
        Assert.Equal(5, CountBindings(standby, ns));
        Assert.DoesNotContain(standby.Output.Split('\n'), l => l.Contains(BoundLine + ns + "/before-", StringComparison.Ordinal));
        Assert.NotEqual(holder, (await fixture.Client.CoordinationV1.ReadNamespacedLeaseAsync("kube-scheduler", "kube-system")).Spec.HolderIdentity);
    }
}
