using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Text;
using MiniKube.ApiServer.Storage;
using MiniKube.Testing;
using Xunit;
using Xunit.Abstractions;

namespace MiniKube.ApiServer.Tests.Storage;

/// <summary>
/// The storage conformance suite: the etcd v3 behaviour the API server relies on (create-if-absent, compare-and-swap,
/// lists at a revision, watches from a revision, compaction), checked the same way on every backend. Each backend
/// is one small subclass: <see cref="Etcd3StorageTests"/> on a real etcd, <see cref="SqliteStorageTests"/> on a file.
/// Concept: https://kubernetes.io/docs/reference/using-api/api-concepts/#efficient-detection-of-changes
/// </summary>
[SuppressMessage("Design", "CA1001", Justification = "xunit calls IAsyncLifetime.DisposeAsync, which disposes it")]
public abstract class StorageConformanceTests(ITestOutputHelper output) : IAsyncLifetime
{
    // Every test writes under its own root, so tests sharing one etcd never see each other's keys.
    private readonly string _registry = $"/test-{Guid.NewGuid():N}/registry/";
    // A test that hangs (a watch that never ends, a lost wake-up) fails after this instead of blocking the run.
    private readonly CancellationTokenSource _testTimeout = new(Eventually.Scale(TimeSpan.FromSeconds(60)));

    protected ITestOutputHelper Output { get; } = output;
    protected IStorage Storage { get; private set; } = null!;
    protected CancellationToken Ct => _testTimeout.Token;

    /// <summary>Opens a new store (a new client or connection) on the backend's data: twice in one test means
    /// "the API server restarted", and the second store must see what the first one wrote.</summary>
    protected abstract IStorage OpenStorage();

    public Task InitializeAsync()
    {
        Storage = OpenStorage();
        return Task.CompletedTask;
    }

    public virtual async Task DisposeAsync()
    {
        await Storage.DisposeAsync();
        _testTimeout.Dispose();
    }

    // ---- create and get ----

    [ConformanceFact]
    public async Task Create_AbsentKey_StoresValueAtNewRevision()
    {
        var key = Key("pods/default/web-1");
        var before = await Storage.CurrentRevisionAsync(Ct);

        var revision = await Storage.CreateAsync(key, Value("web-1 v1"), Ct);

        Assert.True(revision > before, $"the create's revision {revision} must be after the store's revision before it, {before}");
        Assert.Equal(revision, await Storage.CurrentRevisionAsync(Ct));
        var stored = await Storage.GetAsync(key, Ct);
        Assert.NotNull(stored);
        Assert.Equal(key, stored.Key);
        Assert.Equal("web-1 v1", Text(stored.Value));
        Assert.Equal(revision, stored.CreateRevision);
        Assert.Equal(revision, stored.ModRevision);
    }

    [ConformanceFact]
    public async Task Create_ExistingKey_ThrowsKeyExistsAndKeepsValue()
    {
        var key = Key("pods/default/web-1");
        var revision = await Storage.CreateAsync(key, Value("first"), Ct);

        var error = await Assert.ThrowsAsync<KeyExistsException>(() => Storage.CreateAsync(key, Value("second"), Ct));

        Assert.Equal(key, error.Key);
        var stored = await Storage.GetAsync(key, Ct);
        Assert.Equal("first", Text(stored!.Value));
        Assert.Equal(revision, stored.ModRevision);
    }

    [ConformanceFact]
    public async Task Create_DeletedKey_StartsANewLifeWithNewCreateRevision()
    {
        var key = Key("pods/default/web-1");
        var first = await Storage.CreateAsync(key, Value("first"), Ct);
        await Storage.DeleteAsync(key, first, Ct);

        var second = await Storage.CreateAsync(key, Value("second"), Ct);

        var stored = await Storage.GetAsync(key, Ct);
        Assert.Equal("second", Text(stored!.Value));
        Assert.Equal(second, stored.CreateRevision);
    }

    [ConformanceFact]
    public async Task List_MoreThanFourMegabytes_ReturnsEverything()
    {
        // 10,000 pods are ~16 MB of JSON: a LIST must not stop at gRPC's default 4 MB message limit.
        var big = new byte[1024 * 1024];
        Array.Fill(big, (byte)'x');
        for (var i = 0; i < 6; i++) await Storage.CreateAsync(Key($"big/default/item-{i}"), big, Ct);

        var list = await Storage.ListAsync(Key("big/"), 0, null, 0, Ct);

        Assert.Equal(6, list.Items.Count);
        Assert.All(list.Items, item => Assert.Equal(big.Length, item.Value.Length));
    }

    [ConformanceFact]
    public async Task Get_AbsentKey_ReturnsNull()
    {
        Assert.Null(await Storage.GetAsync(Key("pods/default/nobody"), Ct));
    }

    // ---- update and delete: compare-and-swap on the revision ----

    [ConformanceFact]
    public async Task Update_CurrentRevision_ReplacesValueAndKeepsCreateRevision()
    {
        var key = Key("pods/default/web-1");
        var created = await Storage.CreateAsync(key, Value("v1"), Ct);

        var updated = await Storage.UpdateAsync(key, Value("v2"), created, Ct);

        Assert.True(updated > created);
        var stored = await Storage.GetAsync(key, Ct);
        Assert.Equal("v2", Text(stored!.Value));
        Assert.Equal(created, stored.CreateRevision);
        Assert.Equal(updated, stored.ModRevision);
    }

    [ConformanceFact]
    public async Task Update_StaleRevision_ThrowsConflictCarryingCurrentValue()
    {
        var key = Key("pods/default/web-1");
        var created = await Storage.CreateAsync(key, Value("v1"), Ct);
        var updated = await Storage.UpdateAsync(key, Value("v2"), created, Ct);

        // A second writer still holding the first read loses, and learns what is there now.
        var error = await Assert.ThrowsAsync<RevisionConflictException>(() => Storage.UpdateAsync(key, Value("stale"), created, Ct));

        Assert.Equal(key, error.Key);
        Assert.NotNull(error.Current);
        Assert.Equal("v2", Text(error.Current.Value));
        Assert.Equal(updated, error.Current.ModRevision);
        Assert.Equal("v2", Text((await Storage.GetAsync(key, Ct))!.Value));
    }

    [ConformanceFact]
    public async Task Update_AbsentKey_ThrowsKeyNotFound()
    {
        await Assert.ThrowsAsync<KeyNotFoundException>(() => Storage.UpdateAsync(Key("pods/default/never"), Value("v"), 1, Ct));

        var deleted = Key("pods/default/deleted");
        var created = await Storage.CreateAsync(deleted, Value("v1"), Ct);
        var deleteRevision = await Storage.DeleteAsync(deleted, created, Ct);
        await Assert.ThrowsAsync<KeyNotFoundException>(() => Storage.UpdateAsync(deleted, Value("v2"), deleteRevision, Ct));
        Assert.Null(await Storage.GetAsync(deleted, Ct));
    }

    [ConformanceFact]
    public async Task Update_RevisionZero_IsRejectedAndCreatesNothing()
    {
        var key = Key("pods/default/web-1");

        // "mod_revision == 0" is the create condition; an update must never turn into a create.
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => Storage.UpdateAsync(key, Value("v"), 0, Ct));

        Assert.Null(await Storage.GetAsync(key, Ct));
    }

    [ConformanceFact]
    public async Task Delete_CurrentRevision_RemovesKeyAtNewRevision()
    {
        var key = Key("pods/default/web-1");
        var created = await Storage.CreateAsync(key, Value("v1"), Ct);

        var deleted = await Storage.DeleteAsync(key, created, Ct);

        Assert.True(deleted > created);
        Assert.Equal(deleted, await Storage.CurrentRevisionAsync(Ct));
        Assert.Null(await Storage.GetAsync(key, Ct));
    }

    [ConformanceFact]
    public async Task Delete_StaleRevision_ThrowsConflictAndKeepsKey()
    {
        var key = Key("pods/default/web-1");
        var created = await Storage.CreateAsync(key, Value("v1"), Ct);
        var updated = await Storage.UpdateAsync(key, Value("v2"), created, Ct);

        var error = await Assert.ThrowsAsync<RevisionConflictException>(() => Storage.DeleteAsync(key, created, Ct));

        Assert.Equal(updated, error.Current!.ModRevision);
        Assert.Equal("v2", Text((await Storage.GetAsync(key, Ct))!.Value));
    }

    [ConformanceFact]
    public async Task Delete_AbsentKey_ThrowsKeyNotFound()
    {
        await Assert.ThrowsAsync<KeyNotFoundException>(() => Storage.DeleteAsync(Key("pods/default/never"), 1, Ct));
    }

    [ConformanceFact]
    public async Task Update_ConcurrentWritersRetryingOnConflict_LoseNoUpdate()
    {
        const int writers = 16, incrementsEach = 50;
        var key = Key("counters/default/hits");
        await Storage.CreateAsync(key, Value("0"), Ct);
        var conflicts = 0;

        // Each writer does what every Kubernetes client does: read, change, write back with the revision read, and on
        // 409 Conflict start again from the current value. If two writers could both win a compare-and-swap, one
        // increment would be lost and the count would come out short.
        await Task.WhenAll(Enumerable.Range(0, writers).Select(_ => Task.Run(async () =>
        {
            for (var i = 0; i < incrementsEach; i++)
            {
                var current = await Storage.GetAsync(key, Ct) ?? throw new InvalidOperationException("counter vanished");
                while (true)
                {
                    var next = int.Parse(Text(current.Value)!, CultureInfo.InvariantCulture) + 1;
                    try
                    {
                        await Storage.UpdateAsync(key, Value(next.ToString(CultureInfo.InvariantCulture)), current.ModRevision, Ct);
                        break;
                    }
                    catch (RevisionConflictException conflict)
                    {
                        Interlocked.Increment(ref conflicts);
                        current = conflict.Current ?? throw new InvalidOperationException("counter vanished");
                    }
                }
            }
        })));

        Output.WriteLine($"{writers * incrementsEach} increments needed {conflicts} retries after a conflict");
        Assert.Equal((writers * incrementsEach).ToString(CultureInfo.InvariantCulture), Text((await Storage.GetAsync(key, Ct))!.Value));
    }

    // ---- list ----

    [ConformanceFact]
    public async Task List_Prefix_ReturnsOnlyKeysUnderPrefixInKeyOrder()
    {
        // Written out of order, next to neighbours that share the text "pods" but are not under "pods/".
        foreach (var name in new[] { "pods/kube-system/dns", "pods/default/web-2", "podsecurity/default/restricted", "pods/default/web-1" })
        {
            await Storage.CreateAsync(Key(name), Value(name), Ct);
        }
        await Storage.CreateAsync(_registry + "pods", Value("not under pods/"), Ct);

        var list = await Storage.ListAsync(Prefix("pods"), 0, null, 0, Ct);

        Assert.Equal([Key("pods/default/web-1"), Key("pods/default/web-2"), Key("pods/kube-system/dns")], list.Items.Select(i => i.Key));
        Assert.Equal("pods/default/web-1", Text(list.Items[0].Value));
        Assert.False(list.HasMore);
        Assert.Equal(0, list.RemainingCount);
        Assert.Equal(await Storage.CurrentRevisionAsync(Ct), list.Revision);
    }

    [ConformanceFact]
    public async Task List_Paginated_AllPagesShowTheFirstPagesSnapshot()
    {
        foreach (var name in new[] { "a", "b", "c", "d", "e" }) await Storage.CreateAsync(Key($"pods/default/{name}"), Value($"{name} v1"), Ct);
        var prefix = Prefix("pods");

        var page1 = await Storage.ListAsync(prefix, 0, null, 2, Ct);
        Assert.Equal(["a", "b"], Names(page1));
        Assert.True(page1.HasMore);
        Assert.Equal(3, page1.RemainingCount);

        // Changes between pages: a new key that sorts into page 2, an update and a delete of keys on page 2.
        await Storage.CreateAsync(Key("pods/default/bb"), Value("bb v1"), Ct);
        var c = await Storage.GetAsync(Key("pods/default/c"), Ct);
        await Storage.UpdateAsync(c!.Key, Value("c v2"), c.ModRevision, Ct);
        var d = await Storage.GetAsync(Key("pods/default/d"), Ct);
        await Storage.DeleteAsync(d!.Key, d.ModRevision, Ct);

        // Later pages read at page 1's revision (what the continue token carries), so none of that shows.
        var page2 = await Storage.ListAsync(prefix, page1.Revision, page1.Items[^1].Key, 2, Ct);
        Assert.Equal(["c", "d"], Names(page2));
        Assert.Equal("c v1", Text(page2.Items[0].Value));
        Assert.Equal(page1.Revision, page2.Revision);
        Assert.True(page2.HasMore);
        Assert.Equal(1, page2.RemainingCount);

        var page3 = await Storage.ListAsync(prefix, page1.Revision, page2.Items[^1].Key, 2, Ct);
        Assert.Equal(["e"], Names(page3));
        Assert.False(page3.HasMore);
        Assert.Equal(0, page3.RemainingCount);

        // A fresh list sees the changes.
        var now = await Storage.ListAsync(prefix, 0, null, 0, Ct);
        Assert.Equal(["a", "b", "bb", "c", "e"], Names(now));
        Assert.Equal("c v2", Text(now.Items[3].Value));
    }

    [ConformanceFact]
    public async Task List_CompactedRevision_ThrowsRevisionCompacted()
    {
        var key = Key("pods/default/web-1");
        var created = await Storage.CreateAsync(key, Value("v1"), Ct);
        var updated = await Storage.UpdateAsync(key, Value("v2"), created, Ct);

        await Storage.CompactAsync(updated, Ct);

        var error = await Assert.ThrowsAsync<RevisionCompactedException>(() => Storage.ListAsync(Prefix("pods"), created, null, 0, Ct));
        Assert.Equal(created, error.Requested);
        Assert.True(error.Compacted >= updated, $"compacted revision {error.Compacted} should be at least {updated}");
        // The compaction revision itself and later ones can still be listed.
        var atCompaction = await Storage.ListAsync(Prefix("pods"), updated, null, 0, Ct);
        Assert.Equal("v2", Text(Assert.Single(atCompaction.Items).Value));
    }

    [ConformanceFact]
    public async Task List_FutureRevision_IsRejected()
    {
        var current = await Storage.CurrentRevisionAsync(Ct);

        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => Storage.ListAsync(Prefix("pods"), current + 1000, null, 0, Ct));
    }

    [ConformanceFact]
    public async Task Compact_ThenReadNow_KeepsEveryCurrentValue()
    {
        var a = await Storage.CreateAsync(Key("pods/default/a"), Value("a v1"), Ct);
        var b = await Storage.CreateAsync(Key("pods/default/b"), Value("b v1"), Ct);
        await Storage.UpdateAsync(Key("pods/default/a"), Value("a v2"), a, Ct);
        await Storage.DeleteAsync(Key("pods/default/b"), b, Ct);
        var c = await Storage.CreateAsync(Key("pods/default/c"), Value("c v1"), Ct);

        await Storage.CompactAsync(c, Ct);
        await Storage.CompactAsync(c, Ct); // compacting again at the same revision is harmless

        var list = await Storage.ListAsync(Prefix("pods"), 0, null, 0, Ct);
        Assert.Equal(["a", "c"], Names(list));
        Assert.Equal("a v2", Text(list.Items[0].Value));
        Assert.Equal(a, list.Items[0].CreateRevision);
        Assert.Null(await Storage.GetAsync(Key("pods/default/b"), Ct));
        // Writes go on as before.
        await Storage.UpdateAsync(Key("pods/default/c"), Value("c v2"), c, Ct);
    }

    // ---- watch ----

    [ConformanceFact]
    public async Task Watch_FromRevision_DeliversEveryLaterChangeOnceInOrder()
    {
        var prefix = Prefix("pods");
        var web1 = Key("pods/default/web-1");
        var web2 = Key("pods/default/web-2");
        var start = await Storage.CurrentRevisionAsync(Ct);
        // These happen before the watch starts: it must replay them from history.
        var r1 = await Storage.CreateAsync(web1, Value("web-1 v1"), Ct);
        var r2 = await Storage.CreateAsync(web2, Value("web-2 v1"), Ct);
        var r3 = await Storage.UpdateAsync(web1, Value("web-1 v2"), r1, Ct);
        var r4 = await Storage.DeleteAsync(web2, r2, Ct);

        await using var watch = new WatchRecorder(Storage, prefix, start, Output);

        AssertEvent(await watch.NextAsync(), WatchEventType.Put, web1, "web-1 v1", previous: null, r1);
        AssertEvent(await watch.NextAsync(), WatchEventType.Put, web2, "web-2 v1", previous: null, r2);
        AssertEvent(await watch.NextAsync(), WatchEventType.Put, web1, "web-1 v2", previous: "web-1 v1", r3);
        AssertEvent(await watch.NextAsync(), WatchEventType.Delete, web2, value: null, previous: "web-2 v1", r4);

        // And this one happens while it watches.
        var r5 = await Storage.UpdateAsync(web1, Value("web-1 v3"), r3, Ct);
        AssertEvent(await watch.NextAsync(), WatchEventType.Put, web1, "web-1 v3", previous: "web-1 v2", r5);

        await AssertNoOtherEventsAsync(watch, prefix);
    }

    [ConformanceFact]
    public async Task Watch_Prefix_IgnoresKeysThatOnlyShareItsText()
    {
        var prefix = Prefix("pods");
        var start = await Storage.CurrentRevisionAsync(Ct);
        await Storage.CreateAsync(Key("podsecurity/default/restricted"), Value("x"), Ct);
        await Storage.CreateAsync(_registry + "pods", Value("x"), Ct);
        await Storage.CreateAsync(Key("podtemplates/default/t"), Value("x"), Ct);
        var pod = await Storage.CreateAsync(Key("pods/default/web-1"), Value("web-1"), Ct);

        await using var watch = new WatchRecorder(Storage, prefix, start, Output);

        AssertEvent(await watch.NextAsync(), WatchEventType.Put, Key("pods/default/web-1"), "web-1", previous: null, pod);
        await AssertNoOtherEventsAsync(watch, prefix);
    }

    [ConformanceFact]
    public async Task Watch_FromZero_DeliversOnlyChangesAfterItStarts()
    {
        var prefix = Prefix("pods");
        var old = await Storage.CreateAsync(Key("pods/default/old"), Value("old"), Ct);

        await using var watch = new WatchRecorder(Storage, prefix, 0, Output);

        // "From now" starts at some moment after this line, on the watch's own thread. Keep writing new keys until the
        // watch reports one: the first event must be one of those, never the older write.
        var first = await Eventually.UntilAsync(async () =>
        {
            await Storage.CreateAsync(Key($"pods/default/new-{Guid.NewGuid():N}"), Value("new"), Ct);
            return watch.TryTake();
        }, TimeSpan.FromSeconds(10), "the watch from 0 to report a write made after it started");

        Assert.StartsWith(Key("pods/default/new-"), first.Key, StringComparison.Ordinal);
        Assert.True(first.Revision > old);
    }

    [ConformanceFact]
    public async Task Watch_CompactedRevision_ThrowsRevisionCompacted()
    {
        var key = Key("pods/default/web-1");
        var r1 = await Storage.CreateAsync(key, Value("v1"), Ct);
        var r2 = await Storage.UpdateAsync(key, Value("v2"), r1, Ct);
        var r3 = await Storage.UpdateAsync(key, Value("v3"), r2, Ct);
        await Storage.CompactAsync(r3, Ct);

        // Changes after r1 include r2, which compaction forgot: the watch cannot be complete, so it must fail
        // (the API answers 410 Gone and the informer lists again).
        var error = await Assert.ThrowsAsync<RevisionCompactedException>(async () =>
        {
            await foreach (var _ in Storage.WatchAsync(Prefix("pods"), r1, Ct))
            {
                Assert.Fail("a watch from a compacted revision must not deliver events");
            }
        });
        Assert.True(error.Compacted >= r3, $"compacted revision {error.Compacted} should be at least {r3}");

        // Watching from just before the compaction revision is still complete: the change at r3 itself was kept.
        await using var watch = new WatchRecorder(Storage, Prefix("pods"), r3 - 1, Output);
        var change = await watch.NextAsync();
        Assert.Equal((WatchEventType.Put, key, "v3", r3), (change.Type, change.Key, Text(change.Value), change.Revision));
    }

    [ConformanceFact]
    public async Task Watch_ResumedAfterReopeningTheStore_DeliversExactlyTheMissedChanges()
    {
        var prefix = Prefix("pods");
        var web1 = Key("pods/default/web-1");
        var web2 = Key("pods/default/web-2");
        var web3 = Key("pods/default/web-3");
        var start = await Storage.CurrentRevisionAsync(Ct);
        var r1 = await Storage.CreateAsync(web1, Value("web-1 v1"), Ct);
        var r2 = await Storage.CreateAsync(web2, Value("web-2 v1"), Ct);

        long lastSeen;
        await using (var watch = new WatchRecorder(Storage, prefix, start, Output))
        {
            Assert.Equal(r1, (await watch.NextAsync()).Revision);
            lastSeen = (await watch.NextAsync()).Revision;
        }
        Assert.Equal(r2, lastSeen);

        // While nobody watches: three changes, then the API server restarts (a new client, or the same file reopened).
        var r3 = await Storage.CreateAsync(web3, Value("web-3 v1"), Ct);
        var r4 = await Storage.UpdateAsync(web1, Value("web-1 v2"), r1, Ct);
        var r5 = await Storage.DeleteAsync(web2, r2, Ct);
        await Storage.DisposeAsync();
        Storage = OpenStorage();

        // An informer resumes from the last revision it saw and must get exactly what it missed.
        await using var resumed = new WatchRecorder(Storage, prefix, lastSeen, Output);
        AssertEvent(await resumed.NextAsync(), WatchEventType.Put, web3, "web-3 v1", previous: null, r3);
        AssertEvent(await resumed.NextAsync(), WatchEventType.Put, web1, "web-1 v2", previous: "web-1 v1", r4);
        AssertEvent(await resumed.NextAsync(), WatchEventType.Delete, web2, value: null, previous: "web-2 v1", r5);
        await AssertNoOtherEventsAsync(resumed, prefix);
    }

    // ---- health ----

    [ConformanceFact]
    public async Task CheckHealth_RunningStore_IsHealthy()
    {
        var (healthy, message) = await Storage.CheckHealthAsync(Ct);

        Assert.True(healthy, message);
    }

    // ---- helpers ----

    private string Key(string path) => _registry + path;

    private string Prefix(string resource) => $"{_registry}{resource}/"; // callers always end a prefix with "/"

    private static byte[] Value(string text) => Encoding.UTF8.GetBytes(text);

    private static string? Text(byte[]? value) => value is null ? null : Encoding.UTF8.GetString(value);

    private static IEnumerable<string> Names(ListResult list) => list.Items.Select(i => i.Key[(i.Key.LastIndexOf('/') + 1)..]);

    private static void AssertEvent(WatchEvent actual, WatchEventType type, string key, string? value, string? previous, long revision)
    {
        Assert.Equal((type, key, value, previous, revision),
            (actual.Type, actual.Key, Text(actual.Value), Text(actual.PreviousValue), actual.Revision));
    }

    /// <summary>
    /// Proves a watch has nothing else queued (no duplicate, no stray event) without sleeping: write one more key
    /// under the prefix; since events arrive in order, the very next event must be that one.
    /// </summary>
    private async Task AssertNoOtherEventsAsync(WatchRecorder watch, string prefix)
    {
        var marker = $"{prefix}zz-marker";
        var revision = await Storage.CreateAsync(marker, Value("marker"), Ct);
        AssertEvent(await watch.NextAsync(), WatchEventType.Put, marker, "marker", previous: null, revision);
    }
}
