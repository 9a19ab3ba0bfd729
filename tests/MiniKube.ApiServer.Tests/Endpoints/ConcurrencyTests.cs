using System.Net;
using System.Text.Json.Nodes;
using MiniKube.Testing;
using Xunit;
using Xunit.Abstractions;

namespace MiniKube.ApiServer.Tests.Endpoints;

/// <summary>
/// Optimistic concurrency end to end: many clients doing read-modify-write with resourceVersion on one object
/// never lose an update; every attempt either lands or gets 409 Conflict and retries.
/// </summary>
public abstract class ConcurrencyTests(ApiServerProcess server, ITestOutputHelper output)
{
    private const int Writers = 16;
    private const int IncrementsPerWriter = 200;

    [ConformanceFact]
    public async Task ParallelReadModifyWrite_LosesNoUpdate()
    {
        var ns = "race-" + Guid.NewGuid().ToString("N")[..8];
        using var setup = new ApiClient(server.CreateHttpClient());
        await setup.PostJsonAsync("/api/v1/namespaces", $$$"""{"apiVersion":"v1","kind":"Namespace","metadata":{"name":"{{{ns}}}"}}""");
        await setup.PostJsonAsync($"/api/v1/namespaces/{ns}/configmaps", """{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"counter"},"data":{"count":"0"}}""");
        var path = $"/api/v1/namespaces/{ns}/configmaps/counter";
        var conflicts = 0;

        await Task.WhenAll(Enumerable.Range(0, Writers).Select(_ => Task.Run(async () =>
        {
            using var api = new ApiClient(server.CreateHttpClient());
            for (var done = 0; done < IncrementsPerWriter;)
            {
                var current = await api.GetJsonAsync(path);
                var count = int.Parse(current["data"]!["count"]!.GetValue<string>(), System.Globalization.CultureInfo.InvariantCulture);
                current["data"]!["count"] = (count + 1).ToString(System.Globalization.CultureInfo.InvariantCulture);
                var (status, answer) = await api.SendAsync(HttpMethod.Put, path, current.ToJsonString());
                if (status == HttpStatusCode.OK) done++;
                else if (status == HttpStatusCode.Conflict) Interlocked.Increment(ref conflicts);
                else throw new InvalidOperationException($"unexpected {(int)status}: {answer}");
            }
        })));

        var final = await setup.GetJsonAsync(path);
        output.WriteLine($"{Writers * IncrementsPerWriter} increments landed, {conflicts} attempts got 409 Conflict");
        Assert.Equal((Writers * IncrementsPerWriter).ToString(System.Globalization.CultureInfo.InvariantCulture), final["data"]!["count"]!.GetValue<string>());
    }
}

public sealed class ConcurrencyOnSqliteTests(SqliteApiServerFixture fixture, ITestOutputHelper output)
    : ConcurrencyTests(fixture.Server, output), IClassFixture<SqliteApiServerFixture>;

[RequiresTools("etcd")]
public sealed class ConcurrencyOnEtcdTests(EtcdApiServerFixture fixture, ITestOutputHelper output)
    : ConcurrencyTests(fixture.Server, output), IClassFixture<EtcdApiServerFixture>;
