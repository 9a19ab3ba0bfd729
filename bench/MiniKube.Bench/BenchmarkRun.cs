using System.Diagnostics;
using System.Net;
using MiniKube.Bench.Benchmarks;
using MiniKube.Bench.ControlPlane;
using MiniKube.Bench.Cri;
using MiniKube.Bench.Reporting;
using MiniKube.Bench.Runtime;
using MiniKube.Testing;

namespace MiniKube.Bench;

/// <summary>
/// One benchmark run: the API server on a real etcd next to the raw etcd peer, then the API server on its embedded
/// sqlite store, then container start latency under minirunc, runc and crun, then the scheduler and controller manager
/// under load, then minikube-runtime through CRI against skopeo and containerd (each section can be skipped with --only).
/// Every process is started here and killed (and its temporary directory deleted) when its part ends, also when a
/// benchmark fails.
/// </summary>
internal sealed class BenchmarkRun(BenchSettings settings, BenchExecutables executables, BenchmarkResults results)
{
    private readonly Stopwatch _clock = Stopwatch.StartNew();

    public async Task RunAsync(CancellationToken cancellationToken)
    {
        if (results.Parts.HasFlag(BenchParts.ApiServer))
        {
            results.EtcdVersion = await EtcdServer.VersionAsync();
            await RunOnEtcdAsync(cancellationToken);
            await RunOnSqliteAsync(cancellationToken);
        }
        if (results.Parts.HasFlag(BenchParts.Runtime))
        {
            Progress($"runtime: busybox bundle, first run of each of minirunc ({executables.Minirunc}), runc, crun, unshare");
            results.Runtime = await RuntimeBenchmark.RunAsync(executables.Minirunc!, settings, Progress, cancellationToken);
        }
        if (results.Parts.HasFlag(BenchParts.ControlPlane))
        {
            results.ControlPlane = await ControlPlaneBenchmark.RunAsync(executables.ApiServer!, executables.Scheduler!, executables.ControllerManager!,
                settings, Progress, cancellationToken);
        }
        if (results.Parts.HasFlag(BenchParts.Cri))
        {
            results.Cri = await CriBenchmark.RunAsync(executables.Runtime!, executables.Minirunc!, settings, Progress, cancellationToken);
        }
    }

    private async Task RunOnEtcdAsync(CancellationToken cancellationToken)
    {
        Progress("starting etcd and minikube-apiserver --etcd-servers …");
        // The tests' EtcdServer starts nothing when etcd is missing (outside CI); the benchmark cannot do without it.
        Prerequisites.RequireTool("etcd");
        var etcd = new EtcdServer();
        try
        {
            await etcd.InitializeAsync();
            await MeasureOnEtcdAsync(etcd, cancellationToken);
        }
        finally
        {
            await etcd.DisposeAsync();
        }
    }

    private async Task MeasureOnEtcdAsync(EtcdServer etcd, CancellationToken cancellationToken)
    {
        // Compaction is off (ApiServerProcess's default): the watch benchmark starts watches at a list's resourceVersion.
        await using var server = await ApiServerProcess.StartProgramAsync(executables.ApiServer!, etcd.ClientUrl);
        results.ApiServerVersion = await server.VersionAsync(cancellationToken);
        await CreateNamespacesAsync(server, cancellationToken);

        // 1. Create throughput. The peer goes first, so the API server's run meets the larger etcd database.
        Progress($"raw etcd: warm-up, then {settings.Pods:N0} puts from {settings.Clients} clients");
        await CreateBenchmark.RawEtcdAsync(etcd.ClientUrl, BenchObjects.WarmupNamespace, "warmup", settings.Clients * settings.WarmupOperationsPerClient,
            settings, settings.CreateTimeLimit, cancellationToken);
        results.RawEtcdPut = await CreateBenchmark.RawEtcdAsync(etcd.ClientUrl, BenchObjects.PodsNamespace, "pod", settings.Pods,
            settings, settings.CreateTimeLimit, cancellationToken);
        Progress($"  {results.RawEtcdPut.PerSecond:N0} puts/s");
        await CreatePodsAsync(server, results.OnEtcd, cancellationToken);

        // 2. LIST; the peer range-reads the very keys the API server wrote.
        await ListPodsAsync(server, results.OnEtcd, cancellationToken);
        var podKeys = $"/registry/pods/{BenchObjects.PodsNamespace}/";
        Progress($"raw etcd: range read of {podKeys} ×{settings.ListRepeats}, whole and in pages");
        results.RawEtcdRange = await ListBenchmark.RawEtcdAsync(etcd.ClientUrl, podKeys, paginated: false, settings.ListRepeats, settings, cancellationToken);
        results.RawEtcdRangePaginated = await ListBenchmark.RawEtcdAsync(etcd.ClientUrl, podKeys, paginated: true, settings.ListRepeats, settings, cancellationToken);
        Progress($"  p50 {results.RawEtcdRange.Latency.P50Milliseconds:0.0} ms whole, {results.RawEtcdRangePaginated.Latency.P50Milliseconds:0.0} ms in pages");

        // 3. Watch delivery.
        await WatchAsync(server, results.OnEtcd, cancellationToken);
        Progress($"raw etcd: {settings.Watchers} watches, {settings.WatchWrites} puts");
        results.RawEtcdWatch = await WatchBenchmark.RawEtcdAsync(etcd.ClientUrl, BenchObjects.WatchNamespace, settings, cancellationToken);
        Progress($"  p50 {results.RawEtcdWatch.FromWriteCompletion.P50Milliseconds:0.00} ms after the write completed");
        Progress("stopping etcd and minikube-apiserver");
    }

    private async Task RunOnSqliteAsync(CancellationToken cancellationToken)
    {
        Progress("starting minikube-apiserver --storage-backend sqlite …");
        await using var server = await ApiServerProcess.StartProgramAsync(executables.ApiServer!, etcdUrl: null);
        await CreateNamespacesAsync(server, cancellationToken);
        await CreatePodsAsync(server, results.OnSqlite, cancellationToken);
        await ListPodsAsync(server, results.OnSqlite, cancellationToken);
        await WatchAsync(server, results.OnSqlite, cancellationToken);
        Progress("stopping minikube-apiserver");
    }

    private async Task CreatePodsAsync(ApiServerProcess server, BackendResults backend, CancellationToken cancellationToken)
    {
        Progress($"API server: warm-up, then {settings.Pods:N0} pod creates from {settings.Clients} clients");
        await CreateBenchmark.ThroughApiServerAsync(server, BenchObjects.WarmupNamespace, "warmup", settings.Clients * settings.WarmupOperationsPerClient,
            settings, settings.CreateTimeLimit, cancellationToken);
        backend.Create = await CreateBenchmark.ThroughApiServerAsync(server, BenchObjects.PodsNamespace, "pod", settings.Pods,
            settings, settings.CreateTimeLimit, cancellationToken);
        Progress($"  {backend.Create.PerSecond:N0} pods/s ({backend.Create.Failed} failed{(backend.Create.FirstError is { } e ? ": " + e : "")})");

        // The LIST benchmark needs the full count: when the timed run stopped at its limit (or some creates failed), fill up untimed.
        var missing = settings.Pods - backend.Create.Succeeded;
        if (missing > 0)
        {
            Progress($"  creating the {missing:N0} missing pods for the LIST benchmark (untimed)");
            var topUp = await CreateBenchmark.ThroughApiServerAsync(server, BenchObjects.PodsNamespace, "pod-topup", missing,
                settings, settings.TopUpTimeLimit, cancellationToken);
            backend.ToppedUpPods = topUp.Succeeded;
        }
    }

    private async Task ListPodsAsync(ApiServerProcess server, BackendResults backend, CancellationToken cancellationToken)
    {
        Progress($"API server: LIST of {settings.Pods:N0} pods ×{settings.ListRepeats}: JSON and Table, whole and in pages of {ListBenchmark.PageSize}");
        // A LIST the server cannot answer is a finding for the report, not a reason to stop the run.
        backend.ListJson = await ListBenchmark.ThroughApiServerAsync(server, BenchObjects.PodsNamespace, "application/json", paginated: false,
            settings.ListRepeats, settings, cancellationToken);
        backend.ListJsonPaginated = await ListBenchmark.ThroughApiServerAsync(server, BenchObjects.PodsNamespace, "application/json", paginated: true,
            settings.ListRepeats, settings, cancellationToken);
        backend.ListTable = await ListBenchmark.ThroughApiServerAsync(server, BenchObjects.PodsNamespace, ListBenchmark.TableAccept, paginated: false,
            settings.ListRepeats, settings, cancellationToken);
        backend.ListTablePaginated = await ListBenchmark.ThroughApiServerAsync(server, BenchObjects.PodsNamespace, ListBenchmark.TableAccept, paginated: true,
            settings.ListRepeats, settings, cancellationToken);
        foreach (var (kind, result) in new[] { ("JSON", backend.ListJson), ("JSON in pages", backend.ListJsonPaginated), ("Table", backend.ListTable), ("Table in pages", backend.ListTablePaginated) })
        {
            Progress(result.Error is null
                ? $"  {kind}: p50 {result.Latency.P50Milliseconds:0.0} ms ({result.Items:N0} items)"
                : $"  {kind}: failed: {result.Error}");
        }
    }

    private async Task WatchAsync(ApiServerProcess server, BackendResults backend, CancellationToken cancellationToken)
    {
        Progress($"API server: {settings.Watchers} watchers, {settings.WatchWrites} ConfigMap creates");
        backend.Watch = await WatchBenchmark.ThroughApiServerAsync(server, BenchObjects.WatchNamespace, settings, cancellationToken);
        Progress($"  p50 {backend.Watch.FromWriteCompletion.P50Milliseconds:0.00} ms after the write completed " +
                 $"({backend.Watch.ReceivedEvents:N0}/{backend.Watch.ExpectedEvents:N0} events)");
    }

    // Objects can only be created in an existing namespace (the NamespaceLifecycle admission plugin).
    private async Task CreateNamespacesAsync(ApiServerProcess server, CancellationToken cancellationToken)
    {
        using var client = server.CreateHttp2Client(settings.RequestTimeout);
        foreach (var name in new[] { BenchObjects.PodsNamespace, BenchObjects.WarmupNamespace, BenchObjects.WatchNamespace })
        {
            using var body = BenchObjects.Json(BenchObjects.NamespaceJson(name));
            using var response = await client.PostAsync(new Uri("/api/v1/namespaces", UriKind.Relative), body, cancellationToken);
            if (response.StatusCode is not (HttpStatusCode.Created or HttpStatusCode.Conflict))
            {
                throw new InvalidOperationException($"creating namespace {name}: HTTP {(int)response.StatusCode} {await response.Content.ReadAsStringAsync(cancellationToken)}");
            }
        }
    }

    private void Progress(string message) => Console.Error.WriteLine($"[{_clock.Elapsed:mm\\:ss}] {message}");
}
