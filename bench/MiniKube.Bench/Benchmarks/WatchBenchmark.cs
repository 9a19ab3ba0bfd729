using System.Diagnostics;
using System.Net;
using System.Text.Json;
using dotnet_etcd;
using Etcdserverpb;
using Google.Protobuf;
using Grpc.Core;
using MiniKube.Bench.Measurements;
using MiniKube.Testing;

namespace MiniKube.Bench.Benchmarks;

/// <summary>
/// Watch delivery latency: how long after a write each of many watchers hears about it. Through the API server every
/// watch request holds its own etcd watch; an etcd event is decoded, filtered and re-encoded as a JSON line on each
/// watcher's HTTP/2 stream. The peer is the same number of watches directly on etcd.
/// Concept: https://kubernetes.io/docs/reference/using-api/api-concepts/#efficient-detection-of-changes
/// </summary>
internal static class WatchBenchmark
{
    /// <summary>
    /// Latency from the writer's "write completed" (the response arrived) and from its "write started", over every
    /// (watcher, event) pair. The first can be slightly negative: an event may reach a watcher before the writer
    /// has read its own response.
    /// </summary>
    internal sealed record WatchResult(LatencySummary FromWriteCompletion, LatencySummary FromWriteStart, int ExpectedEvents, int ReceivedEvents);

    public static async Task<WatchResult> ThroughApiServerAsync(ApiServerProcess server, string ns, BenchSettings settings,
        CancellationToken cancellationToken)
    {
        using var writer = server.CreateHttp2Client(settings.RequestTimeout);
        var collection = $"/api/v1/namespaces/{ns}/configmaps";

        // Watch from the resourceVersion of a LIST, as an informer does: no event after it can be missed.
        string listResourceVersion;
        using (var list = JsonDocument.Parse(await writer.GetStringAsync(new Uri(collection, UriKind.Relative), cancellationToken)))
        {
            listResourceVersion = list.RootElement.GetProperty("metadata").GetProperty("resourceVersion").GetString()!;
        }

        // Watch streams last as long as the benchmark lets them: no HttpClient timeout, the stop token ends them.
        var clients = Enumerable.Range(0, settings.Watchers).Select(_ => server.CreateHttp2Client(Timeout.InfiniteTimeSpan)).ToArray();
        try
        {
            var watchPath = new Uri($"{collection}?watch=true&resourceVersion={listResourceVersion}", UriKind.Relative);
            return await MeasureAsync(settings,
                startWatch: (index, recorder, ct) => ReadHttpWatchAsync(clients[index], watchPath, recorder, ct),
                write: async (name, ct) =>
                {
                    using var body = BenchObjects.Json(BenchObjects.ConfigMapJson(ns, name));
                    using var response = await writer.PostAsync(new Uri(collection, UriKind.Relative), body, ct);
                    if (response.StatusCode != HttpStatusCode.Created)
                    {
                        throw new InvalidOperationException($"creating configmap {name}: HTTP {(int)response.StatusCode} {await response.Content.ReadAsStringAsync(ct)}");
                    }
                },
                cancellationToken);
        }
        finally
        {
            foreach (var client in clients) client.Dispose();
        }
    }

    public static async Task<WatchResult> RawEtcdAsync(string etcdUrl, string ns, BenchSettings settings, CancellationToken cancellationToken)
    {
        var prefix = $"{BenchObjects.RawPrefix}configmaps/{ns}/";
        using var writer = new EtcdClient(etcdUrl);
        // Start at the revision after the current one, as the API server's watch from a list's resourceVersion does.
        var current = await writer.GetAsync(new RangeRequest { Key = EtcdKeys.Key(prefix), RangeEnd = EtcdKeys.PrefixEnd(prefix), CountOnly = true },
            cancellationToken: cancellationToken);

        // One etcd client (one gRPC connection) per watcher, like the one HTTP/2 connection per watcher above.
        var clients = Enumerable.Range(0, settings.Watchers).Select(_ => new EtcdClient(etcdUrl)).ToArray();
        try
        {
            return await MeasureAsync(settings,
                startWatch: (index, recorder, ct) => ReadEtcdWatchAsync(clients[index], prefix, current.Header.Revision + 1, recorder, ct),
                write: async (name, ct) => await writer.PutAsync(new PutRequest
                {
                    Key = EtcdKeys.Key(prefix + name),
                    Value = ByteString.CopyFromUtf8(BenchObjects.ConfigMapJson(ns, name)),
                }, cancellationToken: ct),
                cancellationToken);
        }
        finally
        {
            foreach (var client in clients) client.Dispose();
        }
    }

    /// <summary>
    /// The measurement both sides share: start the watchers, write a warm-up object and wait until every watcher has
    /// seen it (so every watch is established), then write the measured objects one at a time, recording when each
    /// write started and completed, and wait for the watchers to see them all (bounded by WatchTimeLimit).
    /// </summary>
    private static async Task<WatchResult> MeasureAsync(BenchSettings settings,
        Func<int, WatchRecorder, CancellationToken, Task> startWatch, Func<string, CancellationToken, Task> write,
        CancellationToken cancellationToken)
    {
        var names = Enumerable.Range(0, settings.WatchWrites).Select(i => $"cm-{i:D5}").ToArray();
        var recorders = Enumerable.Range(0, settings.Watchers).Select(_ => new WatchRecorder(names.Length + 1)).ToArray();
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        stop.CancelAfter(settings.WatchTimeLimit);
        var watches = recorders.Select((recorder, index) => Task.Run(() => startWatch(index, recorder, stop.Token), stop.Token)).ToArray();
        var writeStarted = new long[names.Length];
        var writeCompleted = new long[names.Length];
        try
        {
            await write(WatchRecorder.WarmupName, stop.Token);
            await WaitAllOrStopAsync(recorders.Select(r => r.WarmupSeen), watches, stop.Token);

            for (var i = 0; i < names.Length && !stop.IsCancellationRequested; i++)
            {
                writeStarted[i] = Stopwatch.GetTimestamp();
                await write(names[i], stop.Token);
                writeCompleted[i] = Stopwatch.GetTimestamp();
                await Task.Delay(settings.WatchWritePacing, stop.Token);
            }
            await WaitAllOrStopAsync(recorders.Select(r => r.AllSeen), watches, stop.Token);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            // WatchTimeLimit passed: report what arrived, and how much did not.
        }
        finally
        {
            await stop.CancelAsync();
            await Task.WhenAll(watches.Select(async w => { try { await w; } catch (Exception) when (stop.IsCancellationRequested) { } }));
        }
        cancellationToken.ThrowIfCancellationRequested();

        var fromCompletion = new List<double>();
        var fromStart = new List<double>();
        foreach (var recorder in recorders)
        {
            for (var i = 0; i < names.Length; i++)
            {
                if (writeCompleted[i] == 0 || !recorder.Arrivals.TryGetValue(names[i], out var arrived)) continue;
                fromCompletion.Add(Stopwatch.GetElapsedTime(writeCompleted[i], arrived).TotalMilliseconds);
                fromStart.Add(Stopwatch.GetElapsedTime(writeStarted[i], arrived).TotalMilliseconds);
            }
        }
        return new WatchResult(LatencySummary.From(fromCompletion), LatencySummary.From(fromStart),
            names.Length * recorders.Length, fromCompletion.Count);
    }

    // Waits for every signal; a watch that fails (rather than is stopped) fails the benchmark with its error.
    private static async Task WaitAllOrStopAsync(IEnumerable<Task> signals, Task[] watches, CancellationToken stop)
    {
        var allSignals = Task.WhenAll(signals);
        var firstFailure = Task.WhenAny(watches);
        var finished = await Task.WhenAny(allSignals, firstFailure).WaitAsync(stop);
        if (finished == allSignals) return;
        await await firstFailure; // rethrows the watch's error, if it failed
        throw new InvalidOperationException("a watch ended although nobody stopped it");
    }

    /// <summary>Reads a watch response: one JSON event per line; the arrival time is taken as soon as the line is read.</summary>
    private static async Task ReadHttpWatchAsync(HttpClient client, Uri path, WatchRecorder recorder, CancellationToken cancellationToken)
    {
        using var response = await client.GetAsync(path, HttpCompletionOption.ResponseHeadersRead, cancellationToken);
        response.EnsureSuccessStatusCode();
        using var reader = new StreamReader(await response.Content.ReadAsStreamAsync(cancellationToken));
        while (await reader.ReadLineAsync(cancellationToken) is { } line)
        {
            var arrived = Stopwatch.GetTimestamp();
            using var watchEvent = JsonDocument.Parse(line);
            var type = watchEvent.RootElement.GetProperty("type").GetString();
            if (type == "ERROR") throw new InvalidOperationException($"watch error event: {line}");
            if (type != "ADDED") continue;
            recorder.Record(watchEvent.RootElement.GetProperty("object").GetProperty("metadata").GetProperty("name").GetString()!, arrived);
        }
    }

    /// <summary>Opens an etcd watch on the prefix (one gRPC stream) and records every put event's arrival.</summary>
    private static async Task ReadEtcdWatchAsync(EtcdClient client, string prefix, long startRevision, WatchRecorder recorder,
        CancellationToken cancellationToken)
    {
        using var call = client.GetConnection().WatchClient.Watch(cancellationToken: cancellationToken);
        await call.RequestStream.WriteAsync(new WatchRequest
        {
            CreateRequest = new WatchCreateRequest { Key = EtcdKeys.Key(prefix), RangeEnd = EtcdKeys.PrefixEnd(prefix), StartRevision = startRevision },
        }, cancellationToken);
        while (await call.ResponseStream.MoveNext(cancellationToken))
        {
            var arrived = Stopwatch.GetTimestamp();
            var response = call.ResponseStream.Current;
            if (response.Canceled) throw new InvalidOperationException($"etcd cancelled the watch: {response.CancelReason}");
            foreach (var change in response.Events)
            {
                if (change.Type == Mvccpb.Event.Types.EventType.Put) recorder.Record(EtcdKeys.NameOf(change.Kv.Key), arrived);
            }
        }
    }
}
