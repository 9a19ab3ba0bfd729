using MiniKube.Bench.Benchmarks;
using MiniKube.Bench.Measurements;

namespace MiniKube.Bench.Reporting;

/// <summary>The API server's results on one storage backend.</summary>
internal sealed class BackendResults
{
    public ThroughputResult? Create { get; set; }

    /// <summary>Pods created after the timed run, untimed, when it stopped at its time limit before reaching the LIST size.</summary>
    public int ToppedUpPods { get; set; }

    public ListBenchmark.ListResult? ListJson { get; set; }

    /// <summary>JSON in pages of ListBenchmark.PageSize: how a client-go informer lists.</summary>
    public ListBenchmark.ListResult? ListJsonPaginated { get; set; }
    public ListBenchmark.ListResult? ListTable { get; set; }

    /// <summary>Table in pages of ListBenchmark.PageSize: exactly what kubectl get sends.</summary>
    public ListBenchmark.ListResult? ListTablePaginated { get; set; }
    public WatchBenchmark.WatchResult? Watch { get; set; }
}
