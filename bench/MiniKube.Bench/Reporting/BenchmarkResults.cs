using MiniKube.Bench.Benchmarks;
using MiniKube.Bench.ControlPlane;
using MiniKube.Bench.Cri;
using MiniKube.Bench.Measurements;
using MiniKube.Bench.Runtime;

namespace MiniKube.Bench.Reporting;

/// <summary>Everything one run measured, filled in as the benchmarks finish, then rendered by <see cref="MarkdownReport"/>.</summary>
internal sealed class BenchmarkResults
{
    public required DateTimeOffset StartedAt { get; init; }
    public required MachineInfo Machine { get; init; }
    /// <summary>Which sections ran (<c>--only</c>); the report shows only those.</summary>
    public required BenchParts Parts { get; init; }
    public string EtcdVersion { get; set; } = "unknown";
    public string ApiServerVersion { get; set; } = "unknown";
    public string? Note { get; init; }
    public string LoadAverageAtEnd { get; set; } = "unknown";
    public TimeSpan Duration { get; set; }

    public BackendResults OnEtcd { get; } = new();
    public BackendResults OnSqlite { get; } = new();

    // The peer: the same work done directly on etcd with dotnet-etcd.
    public ThroughputResult? RawEtcdPut { get; set; }
    public ListBenchmark.ListResult? RawEtcdRange { get; set; }
    public ListBenchmark.ListResult? RawEtcdRangePaginated { get; set; }
    public WatchBenchmark.WatchResult? RawEtcdWatch { get; set; }

    // Container start latency: minirunc against runc (and crun), with unshare as the floor.
    public RuntimeResults? Runtime { get; set; }

    // Scheduler throughput per profile and the controller manager's pace.
    public ControlPlaneResults? ControlPlane { get; set; }

    // minikube-runtime through CRI: image pull against skopeo and containerd, pod start against containerd.
    public CriResults? Cri { get; set; }
}
