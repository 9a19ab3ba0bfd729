using System.Net;
using dotnet_etcd;
using Etcdserverpb;
using MiniKube.Bench.Measurements;
using MiniKube.Testing;

namespace MiniKube.Bench.Benchmarks;

/// <summary>
/// Create throughput: objects written per second by many concurrent clients. Through the API server a create is
/// POST → decode, defaults, admission, validation → an etcd transaction "create if absent" → the object as the answer.
/// The peer is the floor underneath: a plain etcd put of the same Pod JSON.
/// </summary>
internal static class CreateBenchmark
{
    /// <summary>Creates <paramref name="count"/> pods named {namePrefix}-00000… with POST /api/v1/namespaces/{ns}/pods.</summary>
    public static async Task<ThroughputResult> ThroughApiServerAsync(ApiServerProcess server, string ns, string namePrefix, int count,
        BenchSettings settings, TimeSpan timeLimit, CancellationToken cancellationToken)
    {
        // One HttpClient (one HTTP/2 connection) per simulated client, as 32 separate controllers or kubectl processes would have.
        var clients = Enumerable.Range(0, settings.Clients).Select(_ => server.CreateHttp2Client(settings.RequestTimeout)).ToArray();
        try
        {
            var path = new Uri($"/api/v1/namespaces/{ns}/pods", UriKind.Relative);
            return await ConcurrentLoad.RunAsync(count, settings.Clients, timeLimit, async (client, index, ct) =>
            {
                using var body = BenchObjects.Json(BenchObjects.PodJson(ns, $"{namePrefix}-{index:D5}"));
                using var response = await clients[client].PostAsync(path, body, ct);
                return response.StatusCode == HttpStatusCode.Created
                    ? null
                    : $"HTTP {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync(ct)}";
            }, cancellationToken);
        }
        finally
        {
            foreach (var client in clients) client.Dispose();
        }
    }

    /// <summary>Puts the same Pod JSON under {RawPrefix}pods/{ns}/{name} with one etcd client per simulated client.</summary>
    public static async Task<ThroughputResult> RawEtcdAsync(string etcdUrl, string ns, string namePrefix, int count,
        BenchSettings settings, TimeSpan timeLimit, CancellationToken cancellationToken)
    {
        var clients = Enumerable.Range(0, settings.Clients).Select(_ => new EtcdClient(etcdUrl)).ToArray();
        try
        {
            return await ConcurrentLoad.RunAsync(count, settings.Clients, timeLimit, async (client, index, ct) =>
            {
                var name = $"{namePrefix}-{index:D5}";
                await clients[client].PutAsync(new PutRequest
                {
                    Key = EtcdKeys.Key($"{BenchObjects.RawPrefix}pods/{ns}/{name}"),
                    Value = Google.Protobuf.ByteString.CopyFromUtf8(BenchObjects.PodJson(ns, name)),
                }, cancellationToken: ct);
                return null;
            }, cancellationToken);
        }
        finally
        {
            foreach (var client in clients) client.Dispose();
        }
    }
}
