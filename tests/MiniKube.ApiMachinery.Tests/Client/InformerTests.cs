using k8s;
using k8s.Models;
using MiniKube.ApiMachinery.Client;
using MiniKube.Testing;
using Xunit;
using Xunit.Abstractions;

namespace MiniKube.ApiMachinery.Tests.Client;

public sealed class InformerTests(SqliteApiServerFixture fixture, ITestOutputHelper output) : IClassFixture<SqliteApiServerFixture>
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(20);

    [Fact]
    public async Task RunAsync_ListsThenWatches_CacheAndHandlersFollowCreateUpdateDelete()
    {
        var client = fixture.Client;
        var ns = await SqliteApiServerFixture.CreateNamespaceAsync(client, "informer");
        await client.CoreV1.CreateNamespacedConfigMapAsync(ConfigMap("before", "1"), ns);
        var informer = new Informer<V1ConfigMap>(client, ns);
        var log = new List<string>();
        informer.AddEventHandler(new ResourceEventHandler<V1ConfigMap>
        {
            OnAdd = cm => { lock (log) log.Add($"add {cm.Metadata.Name}"); },
            OnUpdate = (old, cm) => { lock (log) log.Add($"update {cm.Metadata.Name} {old.Data["v"]}->{cm.Data["v"]}"); },
            OnDelete = cm => { lock (log) log.Add($"delete {cm.Metadata.Name}"); },
        });
        using var cts = new CancellationTokenSource();
        var run = RunAsync(informer, cts.Token);

        await informer.WaitForCacheSyncAsync(cts.Token).WaitAsync(Timeout);
        Assert.True(informer.HasSynced);
        var cached = informer.Indexer.Get(ns, "before");
        Assert.NotNull(cached);
        Assert.Equal("ConfigMap", cached.Kind);          // filled in even though list items come without it

        await client.CoreV1.CreateNamespacedConfigMapAsync(ConfigMap("after", "1"), ns);
        await Eventually.UntilAsync(() => Task.FromResult(informer.Indexer.Get(ns, "after") is not null), Timeout, "the new configmap in the cache");

        var after = await client.CoreV1.ReadNamespacedConfigMapAsync("after", ns);
        after.Data["v"] = "2";
        await client.CoreV1.ReplaceNamespacedConfigMapAsync(after, "after", ns);
        await Eventually.UntilAsync(() => Task.FromResult(informer.Indexer.Get(ns, "after")?.Data["v"] == "2"), Timeout, "the update in the cache");

        await client.CoreV1.DeleteNamespacedConfigMapAsync("before", ns);
        await Eventually.UntilAsync(() => Task.FromResult(informer.Indexer.Get(ns, "before") is null), Timeout, "the deleted configmap to leave the cache");

        Assert.Equal(["add before", "add after", "update after 1->2", "delete before"], Snapshot(log));
        Assert.Equal(1, informer.Indexer.Count);
        Assert.Equal([$"{ns}/after"], informer.Indexer.ListKeys());
        await cts.CancelAsync();
        await run.WaitAsync(Timeout);
    }

    [Fact]
    public async Task AddEventHandler_AfterSync_ReplaysCachedObjectsAsAdds()
    {
        var client = fixture.Client;
        var ns = await SqliteApiServerFixture.CreateNamespaceAsync(client, "late-handler");
        await client.CoreV1.CreateNamespacedConfigMapAsync(ConfigMap("one", "1"), ns);
        var informer = new Informer<V1ConfigMap>(client, ns);
        using var cts = new CancellationTokenSource();
        var run = RunAsync(informer, cts.Token);
        await informer.WaitForCacheSyncAsync(cts.Token).WaitAsync(Timeout);

        var added = new List<string>();
        informer.AddEventHandler(new ResourceEventHandler<V1ConfigMap> { OnAdd = cm => { lock (added) added.Add(cm.Metadata.Name); } });
        Assert.Equal(["one"], Snapshot(added));
        await cts.CancelAsync();
        await run.WaitAsync(Timeout);
    }

    [Fact]
    public async Task Indexer_PodsByNodeAndByControllingOwner()
    {
        var client = fixture.Client;
        var ns = await SqliteApiServerFixture.CreateNamespaceAsync(client, "indexes");
        var ownerUid = Guid.NewGuid().ToString();
        await client.CoreV1.CreateNamespacedPodAsync(Pod("a", "node-1", ownerUid), ns);
        await client.CoreV1.CreateNamespacedPodAsync(Pod("b", "node-2", ownerUid), ns);
        await client.CoreV1.CreateNamespacedPodAsync(Pod("c", "node-1", null), ns);
        await client.CoreV1.CreateNamespacedPodAsync(Pod("pending", null, null), ns);
        var informer = new Informer<V1Pod>(client, ns);
        using var cts = new CancellationTokenSource();
        var run = RunAsync(informer, cts.Token);
        await informer.WaitForCacheSyncAsync(cts.Token).WaitAsync(Timeout);

        Assert.Equal(["a", "c"], Names(informer.Indexer.ByIndex(Indexers.NodeName, "node-1")));
        Assert.Equal(["a", "b"], Names(informer.Indexer.ByIndex(Indexers.Owner, ownerUid)));
        Assert.Equal(["a", "b", "c", "pending"], Names(informer.Indexer.ByIndex(Indexers.Namespace, ns)));

        // A pod leaving a node leaves that node's index too.
        // Raw DELETE: KubernetesClient expects the deleted Pod back, and our API server answers a Status for now.
        using var http = fixture.Server.CreateHttpClient();
        (await http.DeleteAsync($"/api/v1/namespaces/{ns}/pods/a?gracePeriodSeconds=0")).EnsureSuccessStatusCode();
        await Eventually.UntilAsync(() => Task.FromResult(informer.Indexer.ByIndex(Indexers.NodeName, "node-1").Count == 1), Timeout,
            "pod a to leave the node-1 index");
        Assert.Equal(["b"], Names(informer.Indexer.ByIndex(Indexers.Owner, ownerUid)));
        await cts.CancelAsync();
        await run.WaitAsync(Timeout);
    }

    private Task RunAsync<T>(Informer<T> informer, CancellationToken cancellationToken) where T : class, IKubernetesObject<V1ObjectMeta>
    {
        informer.WatchError += ex => output.WriteLine($"watch error: {ex.GetType().Name}: {ex.Message}");
        return Task.Run(() => informer.RunAsync(cancellationToken), CancellationToken.None);
    }

    private static List<string> Snapshot(List<string> list)
    {
        lock (list) return [.. list];
    }

    private static List<string> Names(IEnumerable<IMetadata<V1ObjectMeta>> objects) => [.. objects.Select(o => o.Metadata.Name).Order()];

    internal static V1ConfigMap ConfigMap(string name, string value) =>
        new() { Metadata = new V1ObjectMeta { Name = name }, Data = new Dictionary<string, string> { ["v"] = value } };

    private static V1Pod Pod(string name, string? node, string? ownerUid) => new()
    {
        Metadata = new V1ObjectMeta
        {
            Name = name,
            OwnerReferences = ownerUid is null ? null :
                [new V1OwnerReference { ApiVersion = "apps/v1", Kind = "ReplicaSet", Name = "web", Uid = ownerUid, Controller = true }],
        },
        Spec = new V1PodSpec { NodeName = node, Containers = [new V1Container { Name = "c", Image = "busybox" }] },
    };
}
