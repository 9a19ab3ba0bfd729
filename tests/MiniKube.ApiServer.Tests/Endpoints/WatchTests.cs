using System.Text.Json.Nodes;
using MiniKube.Testing;
using Xunit;
using Xunit.Abstractions;

namespace MiniKube.ApiServer.Tests.Endpoints;

/// <summary>
/// The watch contract clients build on: from a resourceVersion, every later change arrives once and in order,
/// and a client that lost its connection (here: the API server was killed and restarted) resumes from the last
/// resourceVersion it saw without missing or repeating anything.
/// </summary>
public abstract class WatchTests(ITestOutputHelper output)
{
    protected abstract Task<ApiServerProcess> StartServerAsync(params string[] extraArgs);

    [ConformanceFact]
    public async Task Watch_ResumedAfterApiServerRestart_SeesEveryEventOnceInOrder()
    {
        await using var server = await StartServerAsync();
        var ns = "watch-" + Guid.NewGuid().ToString("N")[..8];
        var collection = $"/api/v1/namespaces/{ns}/configmaps";
        using (var api = new ApiClient(server.CreateHttpClient()))
        {
            await api.PostJsonAsync("/api/v1/namespaces", $$$"""{"apiVersion":"v1","kind":"Namespace","metadata":{"name":"{{{ns}}}"}}""");
        }
        string startRevision;
        using (var api = new ApiClient(server.CreateHttpClient()))
        {
            startRevision = (await api.GetJsonAsync(collection))["metadata"]!["resourceVersion"]!.GetValue<string>();
        }

        // Part 1: watch from the list's revision and see two creates.
        var seen = new List<(string Type, string Name, long Revision)>();
        using (var http = server.CreateHttpClient(Timeout.InfiniteTimeSpan))
        {
            var watch = WatchLinesAsync(http, $"{collection}?watch=true&resourceVersion={startRevision}", seen, expected: 2);
            using var api = new ApiClient(server.CreateHttpClient());
            await api.PostJsonAsync(collection, ConfigMap("b", "1"));
            await api.PostJsonAsync(collection, ConfigMap("c", "1"));
            await watch;
        }
        Assert.Equal([("ADDED", "b"), ("ADDED", "c")], seen.Select(e => (e.Type, e.Name)));

        // Part 2: the API server dies (kill -9) and comes back; meanwhile the world moves on.
        await server.RestartAsync();
        using (var api = new ApiClient(server.CreateHttpClient()))
        {
            var b = await api.GetJsonAsync($"{collection}/b");
            b["data"]!["v"] = "2";
            var (code, _) = await api.SendAsync(HttpMethod.Put, $"{collection}/b", b.ToJsonString());
            Assert.Equal(System.Net.HttpStatusCode.OK, code);
            await api.SendAsync(HttpMethod.Delete, $"{collection}/c");
            await api.PostJsonAsync(collection, ConfigMap("d", "1"));
        }

        // Part 3: resume from the last revision seen; the stream ends by itself after timeoutSeconds.
        var resumed = new List<(string Type, string Name, long Revision)>();
        using (var http = server.CreateHttpClient(Timeout.InfiniteTimeSpan))
        {
            await WatchLinesAsync(http, $"{collection}?watch=true&resourceVersion={seen[^1].Revision}&timeoutSeconds=3", resumed, expected: int.MaxValue);
        }
        output.WriteLine(string.Join("\n", seen.Concat(resumed)));
        Assert.Equal([("MODIFIED", "b"), ("DELETED", "c"), ("ADDED", "d")], resumed.Select(e => (e.Type, e.Name)));
        var revisions = seen.Concat(resumed).Select(e => e.Revision).ToList();
        Assert.Equal(revisions.Order(), revisions);
        Assert.Equal(revisions.Count, revisions.Distinct().Count());
    }

    [ConformanceFact]
    public async Task Watch_FromCompactedRevision_AnswersExpiredErrorEvent()
    {
        // Compaction every second: two ticks later, history before the first tick's revision is gone.
        await using var server = await StartServerAsync("--etcd-compaction-interval", "1s");
        using var api = new ApiClient(server.CreateHttpClient());
        var ns = "expired-" + Guid.NewGuid().ToString("N")[..8];
        await api.PostJsonAsync("/api/v1/namespaces", $$$"""{"apiVersion":"v1","kind":"Namespace","metadata":{"name":"{{{ns}}}"}}""");
        var oldRevision = (await api.GetJsonAsync($"/api/v1/namespaces/{ns}/configmaps"))["metadata"]!["resourceVersion"]!.GetValue<string>();
        using var http = server.CreateHttpClient(Timeout.InfiniteTimeSpan);
        var writes = 0;
        var error = await Eventually.UntilAsync(async () =>
        {
            // Keep moving the revision, so a later compaction tick passes the revision we watch from.
            await api.PostJsonAsync($"/api/v1/namespaces/{ns}/configmaps", ConfigMap($"later-{writes++}", "1"));
            var events = await ReadAllAsync(http, $"/api/v1/namespaces/{ns}/configmaps?watch=true&resourceVersion={oldRevision}&timeoutSeconds=1");
            return events.FirstOrDefault(e => e["type"]!.GetValue<string>() == "ERROR");
        }, TimeSpan.FromSeconds(30), "the watch from a compacted revision to answer an ERROR event");

        output.WriteLine(error.ToJsonString());
        Assert.Equal(410, error["object"]!["code"]!.GetValue<int>());
        Assert.Equal("Expired", error["object"]!["reason"]!.GetValue<string>());
        Assert.StartsWith("too old resource version", error["object"]!["message"]!.GetValue<string>(), StringComparison.Ordinal);
    }

    private static async Task<List<JsonNode>> ReadAllAsync(HttpClient http, string url)
    {
        using var response = await http.GetAsync(url, HttpCompletionOption.ResponseHeadersRead);
        response.EnsureSuccessStatusCode();
        var body = await response.Content.ReadAsStringAsync();
        return body.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => JsonNode.Parse(l)!).ToList();
    }

    private static string ConfigMap(string name, string value) =>
        $$$"""{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"{{{name}}}"},"data":{"v":"{{{value}}}"}}""";

    /// <summary>Reads watch events (one JSON object per line) until <paramref name="expected"/> arrived or the stream ended.</summary>
    private static async Task WatchLinesAsync(HttpClient http, string url, List<(string Type, string Name, long Revision)> into, int expected)
    {
        using var cts = new CancellationTokenSource(Eventually.Scale(TimeSpan.FromSeconds(60)));
        using var response = await http.GetAsync(url, HttpCompletionOption.ResponseHeadersRead, cts.Token);
        response.EnsureSuccessStatusCode();
        using var reader = new StreamReader(await response.Content.ReadAsStreamAsync(cts.Token));
        while (into.Count < expected && await reader.ReadLineAsync(cts.Token) is { } line)
        {
            var e = JsonNode.Parse(line)!;
            var obj = e["object"]!;
            into.Add((e["type"]!.GetValue<string>(), obj["metadata"]!["name"]?.GetValue<string>() ?? "",
                long.Parse(obj["metadata"]!["resourceVersion"]!.GetValue<string>(), System.Globalization.CultureInfo.InvariantCulture)));
        }
    }
}

public sealed class WatchOnSqliteTests(ITestOutputHelper output) : WatchTests(output)
{
    protected override Task<ApiServerProcess> StartServerAsync(params string[] extraArgs) => ApiServerProcess.StartSqliteAsync(extraArgs);
}

[RequiresTools("etcd")]
public sealed class WatchOnEtcdTests(EtcdServer etcd, ITestOutputHelper output) : WatchTests(output), IClassFixture<EtcdServer>
{
    protected override Task<ApiServerProcess> StartServerAsync(params string[] extraArgs) => ApiServerProcess.StartAsync(etcd.ClientUrl, extraArgs);
}
