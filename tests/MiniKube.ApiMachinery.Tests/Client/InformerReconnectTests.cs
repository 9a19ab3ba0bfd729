using k8s;
using k8s.Models;
using MiniKube.ApiMachinery.Client;
using MiniKube.Testing;
using Xunit;
using Xunit.Abstractions;

namespace MiniKube.ApiMachinery.Tests.Client;

/// <summary>Each test kills its own API server, so these do not share one.</summary>
public sealed class InformerReconnectTests(ITestOutputHelper output)
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task RunAsync_ServerRestarts_ResumesWatchAndCacheConverges()
    {
        await using var server = await ApiServerProcess.StartSqliteAsync();
        using var client = Kubeconfig.CreateClient(server.KubeconfigPath, "apimachinery-tests");
        var ns = await SqliteApiServerFixture.CreateNamespaceAsync(client, "restart");
        await client.CoreV1.CreateNamespacedConfigMapAsync(InformerTests.ConfigMap("old", "1"), ns);
        var (informer, errors) = NewInformer(client, ns);
        using var cts = new CancellationTokenSource();
        var run = Task.Run(() => informer.RunAsync(cts.Token));
        await informer.WaitForCacheSyncAsync(cts.Token).WaitAsync(Timeout);

        await server.RestartAsync();                     // kill -9 and start again on the same data
        await client.CoreV1.CreateNamespacedConfigMapAsync(InformerTests.ConfigMap("new", "1"), ns);
        await client.CoreV1.DeleteNamespacedConfigMapAsync("old", ns);

        await Eventually.UntilAsync(() => Task.FromResult(informer.Indexer.ListKeys().SequenceEqual([$"{ns}/new"])), Timeout,
            "the cache to hold only the configmap created after the restart");
        Assert.NotEmpty(errors);                         // it did notice the broken connection
        await cts.CancelAsync();
        await run.WaitAsync(Timeout);
    }

    [Fact]
    public async Task RunAsync_ResumeFromCompactedVersion_RelistsAfterExpired()
    {
        await using var server = await ApiServerProcess.StartSqliteAsync("--etcd-compaction-interval", "1s");
        using var client = Kubeconfig.CreateClient(server.KubeconfigPath, "apimachinery-tests");
        var ns = await SqliteApiServerFixture.CreateNamespaceAsync(client, "watched");
        var busy = await SqliteApiServerFixture.CreateNamespaceAsync(client, "busy");
        await client.CoreV1.CreateNamespacedConfigMapAsync(InformerTests.ConfigMap("gone-while-away", "1"), ns);
        var (informer, errors) = NewInformer(client, ns);
        using var cts = new CancellationTokenSource();
        var run = Task.Run(() => informer.RunAsync(cts.Token));
        await informer.WaitForCacheSyncAsync(cts.Token).WaitAsync(Timeout);
        var resumeFrom = informer.LastSyncResourceVersion;

        // Writes in another namespace move the revision on without reaching our watch, until the compactor has
        // thrown away the history our informer would resume from.
        var writes = 0;
        var probe = new ListerWatcher<V1ConfigMap>(client, ns);
        await Eventually.UntilAsync(async () =>
        {
            await client.CoreV1.CreateNamespacedConfigMapAsync(InformerTests.ConfigMap($"w{writes++}", "1"), busy);
            try
            {
                using var oneSecond = new CancellationTokenSource(TimeSpan.FromSeconds(1));
                await foreach (var _ in probe.WatchAsync(resumeFrom, TimeSpan.FromSeconds(1), oneSecond.Token)) { }
                return false;
            }
            catch (ApiStatusException ex) when (ex.IsExpired) { return true; }
            catch (OperationCanceledException) { return false; }
        }, Timeout, $"resourceVersion {resumeFrom} to be compacted");

        await server.RestartAsync();                     // the informer must resume from resumeFrom, which is gone
        await client.CoreV1.DeleteNamespacedConfigMapAsync("gone-while-away", ns);
        await client.CoreV1.CreateNamespacedConfigMapAsync(InformerTests.ConfigMap("created-after", "1"), ns);

        await Eventually.UntilAsync(() => Task.FromResult(informer.Indexer.ListKeys().SequenceEqual([$"{ns}/created-after"])), Timeout,
            "the cache to converge after a re-list");
        Assert.Contains(errors, e => e is ApiStatusException { IsExpired: true });
        await cts.CancelAsync();
        await run.WaitAsync(Timeout);
    }

    private (Informer<V1ConfigMap> Informer, List<Exception> Errors) NewInformer(Kubernetes client, string ns)
    {
        var informer = new Informer<V1ConfigMap>(client, ns);
        var errors = new List<Exception>();
        informer.WatchError += ex =>
        {
            output.WriteLine($"watch error: {ex.GetType().Name}: {ex.Message}");
            lock (errors) errors.Add(ex);
        };
        return (informer, errors);
    }
}
