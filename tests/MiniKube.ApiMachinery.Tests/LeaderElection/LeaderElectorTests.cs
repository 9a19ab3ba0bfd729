using k8s;
using MiniKube.ApiMachinery.LeaderElection;
using MiniKube.Testing;
using Xunit;

namespace MiniKube.ApiMachinery.Tests.LeaderElection;

public sealed class LeaderElectorTests(SqliteApiServerFixture fixture) : IClassFixture<SqliteApiServerFixture>
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(20);

    [Fact]
    public async Task RunAsync_TwoCandidates_OneLeadsAndTheOtherTakesOverWhenItStops()
    {
        var client = fixture.Client;
        var ns = await SqliteApiServerFixture.CreateNamespaceAsync(client, "election");
        var cluster = new Candidates();
        var a = cluster.Start(client, ns, "a", release: true);
        var b = cluster.Start(client, ns, "b", release: true);

        var first = await Eventually.UntilAsync(() => Task.FromResult(cluster.Leaders().SingleOrDefault()), Timeout, "a leader");
        var lease = await client.CoordinationV1.ReadNamespacedLeaseAsync("test-controller", ns);
        Assert.Equal(first, lease.Spec.HolderIdentity);
        Assert.NotNull(lease.Spec.RenewTime);
        Assert.NotNull(lease.Spec.AcquireTime);

        var (leader, follower) = first == "a" ? (a, b) : (b, a);
        await leader.Stop.CancelAsync();
        await leader.Run.WaitAsync(Timeout);
        Assert.True(leader.Stopped);

        var second = await Eventually.UntilAsync(() => Task.FromResult(cluster.Leaders().SingleOrDefault()), Timeout, "the other to take over");
        Assert.NotEqual(first, second);
        lease = await client.CoordinationV1.ReadNamespacedLeaseAsync("test-controller", ns);
        Assert.Equal(second, lease.Spec.HolderIdentity);
        Assert.Equal(1, lease.Spec.LeaseTransitions);
        Assert.Equal(1, cluster.MostAtOnce);

        await follower.Stop.CancelAsync();
        await follower.Run.WaitAsync(Timeout);
    }

    [Fact]
    public async Task RunAsync_LeaderVanishesWithoutRelease_OtherTakesOverAfterLeaseDuration()
    {
        var client = fixture.Client;
        var ns = await SqliteApiServerFixture.CreateNamespaceAsync(client, "election-crash");
        var cluster = new Candidates();
        var a = cluster.Start(client, ns, "a", release: false);
        await Eventually.UntilAsync(() => Task.FromResult(cluster.Leaders().SequenceEqual(["a"])), Timeout, "a to lead");
        var b = cluster.Start(client, ns, "b", release: false);

        await a.Stop.CancelAsync();                     // like a crash: the Lease still names "a"
        await a.Run.WaitAsync(Timeout);
        Assert.Equal("a", (await client.CoordinationV1.ReadNamespacedLeaseAsync("test-controller", ns)).Spec.HolderIdentity);

        await Eventually.UntilAsync(() => Task.FromResult(cluster.Leaders().SequenceEqual(["b"])), Timeout, "b to take over the expired lease");
        Assert.Equal(1, cluster.MostAtOnce);
        await b.Stop.CancelAsync();
        await b.Run.WaitAsync(Timeout);
    }

    // Candidates sharing one Lease, with short periods so the test takes seconds, and a count of how many lead at once.
    private sealed class Candidates
    {
        private readonly Lock _lock = new();
        private readonly HashSet<string> _leading = [];

        public int MostAtOnce { get; private set; }

        public string[] Leaders()
        {
            lock (_lock) return [.. _leading];
        }

        public Candidate Start(IKubernetes client, string ns, string identity, bool release)
        {
            var candidate = new Candidate(new CancellationTokenSource());
            var elector = new LeaderElector(new LeaderElectionConfig
            {
                Lock = new LeaseLock(client, ns, "test-controller", identity),
                LeaseDuration = TimeSpan.FromSeconds(1),
                RenewDeadline = TimeSpan.FromMilliseconds(800),
                RetryPeriod = TimeSpan.FromMilliseconds(200),
                ReleaseOnCancel = release,
                OnStartedLeading = async leadingToken =>
                {
                    lock (_lock)
                    {
                        _leading.Add(identity);
                        MostAtOnce = Math.Max(MostAtOnce, _leading.Count);
                    }
                    try { await Task.Delay(System.Threading.Timeout.Infinite, leadingToken); }
                    catch (OperationCanceledException) { }
                    lock (_lock) _leading.Remove(identity);
                },
                OnStoppedLeading = () => candidate.Stopped = true,
            });
            candidate.Run = Task.Run(() => elector.RunAsync(candidate.Stop.Token));
            return candidate;
        }
    }

    private sealed class Candidate(CancellationTokenSource stop)
    {
        public CancellationTokenSource Stop { get; } = stop;
        public Task Run { get; set; } = Task.CompletedTask;
        public bool Stopped { get; set; }
    }
}
