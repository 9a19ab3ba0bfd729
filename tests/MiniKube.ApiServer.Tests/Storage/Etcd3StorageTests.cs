using System.Diagnostics;
using MiniKube.ApiServer.Storage;
using MiniKube.ApiServer.Storage.Etcd3;
using MiniKube.Testing;
using Xunit;
using Xunit.Abstractions;

namespace MiniKube.ApiServer.Tests.Storage;

/// <summary>The storage conformance suite on a real etcd, started once for this class (each test uses its own keys).</summary>
[RequiresTools("etcd")]
public sealed class Etcd3StorageTests(EtcdServer etcd, ITestOutputHelper output)
    : StorageConformanceTests(output), IClassFixture<EtcdServer>
{
    protected override IStorage OpenStorage() => new Etcd3Storage(etcd.ClientUrl);

    [RequiresFact(Tools = ["etcd"])]
    public async Task CheckHealth_NothingListening_IsUnhealthyQuickly()
    {
        // /readyz must not hang when etcd is down: the check gives up after its short timeout.
        await using var storage = new Etcd3Storage($"http://127.0.0.1:{FreePort.Next()}");
        var elapsed = Stopwatch.StartNew();

        var (healthy, message) = await storage.CheckHealthAsync(Ct);

        Output.WriteLine($"{message} (after {elapsed.ElapsedMilliseconds} ms)");
        Assert.False(healthy);
        Assert.Contains("did not answer", message, StringComparison.Ordinal);
    }
}
