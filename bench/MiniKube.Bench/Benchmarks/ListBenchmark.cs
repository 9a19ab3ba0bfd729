using System.Diagnostics;
using System.Text;
using System.Text.Json;
using dotnet_etcd;
using Etcdserverpb;
using Google.Protobuf;
using MiniKube.Bench.Measurements;
using MiniKube.Testing;

namespace MiniKube.Bench.Benchmarks;

/// <summary>
/// LIST latency: the time for one client to receive every pod of a namespace, body included. Through the API server a
/// LIST is an etcd range read → decode each object → encode one PodList (or a Table, which is what kubectl get asks
/// for). The peer is that etcd range read of the same keys on its own. Both are measured in one answer and in pages of
/// <see cref="PageSize"/>, which is how kubectl get really lists (its --chunk-size default).
/// </summary>
internal static class ListBenchmark
{
    /// <summary>The Accept header kubectl get sends: a server-side Table, else plain JSON.</summary>
    public const string TableAccept = "application/json;as=Table;v=v1;g=meta.k8s.io,application/json";

    /// <summary>kubectl get's default --chunk-size: it sends ?limit=500 and follows metadata.continue.</summary>
    public const int PageSize = 500;

    /// <summary>
    /// The listed objects, the bytes of one whole listing (all pages), and the latency of the repeated LISTs. Error is
    /// set (and nothing timed) when the server could not answer the LIST at all.
    /// </summary>
    internal sealed record ListResult(int Items, long Bytes, LatencySummary Latency, string? Error = null);

    /// <summary>Lists the pods of <paramref name="ns"/> <c>repeats</c> times (fewer if ListTimeLimit passes first), in one answer or in pages.</summary>
    public static async Task<ListResult> ThroughApiServerAsync(ApiServerProcess server, string ns, string accept, bool paginated, int repeats,
        BenchSettings settings, CancellationToken cancellationToken)
    {
        using var client = server.CreateHttp2Client(settings.RequestTimeout);
        var collection = $"/api/v1/namespaces/{ns}/pods";

        // One complete listing: every page read to the end and parsed, since a client must read each page's continue token.
        async Task<(int Items, long Bytes)> ListAllAsync()
        {
            var items = 0;
            var bytes = 0L;
            string? continueToken = null;
            do
            {
                var query = paginated ? $"?limit={PageSize}" + (continueToken is null ? "" : $"&continue={Uri.EscapeDataString(continueToken)}") : "";
                using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(collection + query, UriKind.Relative));
                request.Headers.TryAddWithoutValidation("Accept", accept);
                using var response = await client.SendAsync(request, cancellationToken);
                var body = await response.Content.ReadAsByteArrayAsync(cancellationToken);
                if (!response.IsSuccessStatusCode)
                {
                    throw new HttpRequestException($"HTTP {(int)response.StatusCode}: {StatusMessage(body)}");
                }
                using var page = JsonDocument.Parse(body);
                items += (page.RootElement.TryGetProperty("rows", out var rows) ? rows : page.RootElement.GetProperty("items")).GetArrayLength();
                bytes += body.Length;
                continueToken = page.RootElement.GetProperty("metadata").TryGetProperty("continue", out var c) && c.GetString() is { Length: > 0 } token
                    ? token : null;
            }
            while (continueToken is not null);
            return (items, bytes);
        }

        // One untimed listing first: it warms the path and tells us what the answer holds.
        (int Items, long Bytes) first;
        try
        {
            first = await ListAllAsync();
        }
        catch (HttpRequestException ex)
        {
            return new ListResult(0, 0, LatencySummary.From([]), ex.Message);
        }
        var samples = await TimeRepeatedlyAsync(repeats, settings, ListAllAsync);
        return new ListResult(first.Items, first.Bytes, LatencySummary.From(samples));
    }

    /// <summary>
    /// Range-reads every key under <paramref name="prefix"/> (e.g. the API server's /registry/pods/bench/), in one
    /// response or in pages of PageSize keys read at the first page's revision (as the API server pages).
    /// </summary>
    public static async Task<ListResult> RawEtcdAsync(string etcdUrl, string prefix, bool paginated, int repeats, BenchSettings settings,
        CancellationToken cancellationToken)
    {
        // gRPC refuses responses over 4 MB unless told otherwise; 10,000 pods in one range are far more. (etcd's Go
        // client, which kube-apiserver uses, allows up to 2 GiB by default.)
        using var client = new EtcdClient(etcdUrl, configureChannelOptions: options => options.MaxReceiveMessageSize = null);

        async Task<(int Items, long Bytes)> ListAllAsync()
        {
            var items = 0;
            var bytes = 0L;
            var revision = 0L;
            ByteString start = EtcdKeys.Key(prefix);
            while (true)
            {
                var response = await client.GetAsync(new RangeRequest
                {
                    Key = start,
                    RangeEnd = EtcdKeys.PrefixEnd(prefix),
                    Limit = paginated ? PageSize : 0,
                    Revision = revision,
                }, cancellationToken: cancellationToken);
                items += response.Kvs.Count;
                bytes += response.Kvs.Sum(kv => (long)kv.Key.Length + kv.Value.Length);
                if (!response.More) return (items, bytes);
                revision = response.Header.Revision;
                start = ByteString.CopyFrom([.. response.Kvs[^1].Key, 0]); // the smallest key after the last one read
            }
        }

        var first = await ListAllAsync();
        var samples = await TimeRepeatedlyAsync(repeats, settings, ListAllAsync);
        return new ListResult(first.Items, first.Bytes, LatencySummary.From(samples));
    }

    // An error answer is a Status object; its message says what went wrong.
    private static string StatusMessage(byte[] body)
    {
        try
        {
            using var status = JsonDocument.Parse(body);
            return status.RootElement.GetProperty("message").GetString() ?? "";
        }
        catch (Exception ex) when (ex is JsonException or KeyNotFoundException or InvalidOperationException)
        {
            return Encoding.UTF8.GetString(body);
        }
    }

    private static async Task<List<double>> TimeRepeatedlyAsync(int repeats, BenchSettings settings, Func<Task> list)
    {
        var samples = new List<double>(repeats);
        var clock = Stopwatch.StartNew();
        for (var i = 0; i < repeats && clock.Elapsed < settings.ListTimeLimit; i++)
        {
            var started = Stopwatch.GetTimestamp();
            await list();
            samples.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
        }
        return samples;
    }
}
