using MiniKube.Testing;
using k8s;
using k8s.Models;
using MiniKube.ApiMachinery.Client;
using Xunit;

namespace MiniKube.ApiMachinery.Tests.Client;

public sealed class EventRecorderTests(SqliteApiServerFixture fixture) : IClassFixture<SqliteApiServerFixture>
{
    [Fact]
    public async Task EventAsync_Repeats_AggregateIntoOneEventWithCountAndLastTimestamp()
    {
        var client = fixture.Client;
        var ns = await SqliteApiServerFixture.CreateNamespaceAsync(client, "events");
        var cm = await client.CoreV1.CreateNamespacedConfigMapAsync(InformerTests.ConfigMap("web", "1"), ns);
        cm.ApiVersion = "v1";
        cm.Kind = "ConfigMap";
        var clock = new ManualTimeProvider();
        var start = clock.GetUtcNow().UtcDateTime;
        using var recorder = new EventRecorder(client, "test-controller", timeProvider: clock);
        recorder.WriteError += ex => Assert.Fail(ex.ToString());

        await recorder.EventAsync(cm, EventType.Warning, "FailedSync", "boom");
        clock.Advance(TimeSpan.FromSeconds(30));
        await recorder.EventAsync(cm, EventType.Warning, "FailedSync", "boom");
        clock.Advance(TimeSpan.FromSeconds(30));
        await recorder.EventAsync(cm, EventType.Warning, "FailedSync", "boom");
        await recorder.EventAsync(cm, EventType.Normal, "Synced", "all good");

        var events = (await client.CoreV1.ListNamespacedEventAsync(ns)).Items.OrderBy(e => e.Reason).ToList();
        Assert.Equal(["FailedSync", "Synced"], events.Select(e => e.Reason));
        var failed = events[0];
        Assert.Equal(3, failed.Count);
        Assert.Equal(start, failed.FirstTimestamp);
        Assert.Equal(start.AddMinutes(1), failed.LastTimestamp);
        Assert.Equal(EventType.Warning, failed.Type);
        Assert.Equal("boom", failed.Message);
        Assert.Equal("test-controller", failed.Source.Component);
        Assert.Equal(("ConfigMap", "web", ns, cm.Metadata.Uid), (failed.InvolvedObject.Kind, failed.InvolvedObject.Name,
            failed.InvolvedObject.NamespaceProperty, failed.InvolvedObject.Uid));
        Assert.Matches(@"^web\.[0-9a-f]+$", failed.Metadata.Name);
        Assert.Equal(1, events[1].Count);
    }

    [Fact]
    public async Task EventAsync_AggregatedEventDeleted_CreatesANewOne()
    {
        var client = fixture.Client;
        var ns = await SqliteApiServerFixture.CreateNamespaceAsync(client, "events-gone");
        var cm = await client.CoreV1.CreateNamespacedConfigMapAsync(InformerTests.ConfigMap("web", "1"), ns);
        var clock = new ManualTimeProvider();
        using var recorder = new EventRecorder(client, "test-controller", timeProvider: clock);
        recorder.WriteError += ex => Assert.Fail(ex.ToString());

        await recorder.EventAsync(cm, EventType.Normal, "Synced", "ok");
        var first = Assert.Single((await client.CoreV1.ListNamespacedEventAsync(ns)).Items);
        await client.CoreV1.DeleteNamespacedEventAsync(first.Metadata.Name, ns);
        clock.Advance(TimeSpan.FromSeconds(1));
        await recorder.EventAsync(cm, EventType.Normal, "Synced", "ok");

        var second = Assert.Single((await client.CoreV1.ListNamespacedEventAsync(ns)).Items);
        Assert.NotEqual(first.Metadata.Name, second.Metadata.Name);
        Assert.Equal(1, second.Count);
    }

    [Fact]
    public async Task EventAsync_ClusterScopedObject_GoesToDefaultNamespace()
    {
        var client = fixture.Client;
        var ns = await SqliteApiServerFixture.CreateNamespaceAsync(client, "events-node");
        var clusterScoped = await client.CoreV1.ReadNamespaceAsync(ns);
        using var recorder = new EventRecorder(client, "test-controller", host: "node-1");
        recorder.WriteError += ex => Assert.Fail(ex.ToString());

        await recorder.EventAsync(clusterScoped, EventType.Normal, "Tested", $"about {ns}");

        var events = (await client.CoreV1.ListNamespacedEventAsync("default")).Items.Where(e => e.InvolvedObject.Name == ns).ToList();
        var e = Assert.Single(events);
        Assert.Equal("node-1", e.Source.Host);
    }
}
