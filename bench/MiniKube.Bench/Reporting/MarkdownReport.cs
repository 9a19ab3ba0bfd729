using System.Globalization;
using System.Text;
using MiniKube.Bench.Benchmarks;
using MiniKube.Bench.ControlPlane;
using MiniKube.Bench.Cri;
using MiniKube.Bench.Measurements;
using MiniKube.Bench.Runtime;
using MiniKube.Testing;

namespace MiniKube.Bench.Reporting;

/// <summary>Renders a run as the markdown of docs/benchmarks.md: the machine, the versions, one summary table, then how each figure was measured.</summary>
internal static class MarkdownReport
{
    private static readonly CultureInfo Invariant = CultureInfo.InvariantCulture;

    /// <summary>The heading the runtime section starts with; <see cref="MergeInto"/> splits reports there.</summary>
    public const string RuntimeHeading = "## Container start: minirunc against runc";

    /// <summary>The heading the control-plane section starts with.</summary>
    public const string ControlPlaneHeading = "## Control plane: scheduler and controller manager";

    /// <summary>The heading the CRI section starts with.</summary>
    public const string CriHeading = "## CRI runtime: minikube-runtime against skopeo and containerd";

    // The sections after the API server part, each starting at its heading, in the order a full run writes them.
    private static readonly (BenchParts Part, string Heading, string Word)[] Sections =
    [
        (BenchParts.Runtime, RuntimeHeading, "runtime"),
        (BenchParts.ControlPlane, ControlPlaneHeading, "controlplane"),
        (BenchParts.Cri, CriHeading, "cri"),
    ];

    public static string Render(BenchmarkResults results, BenchSettings settings)
    {
        var md = new StringBuilder();
        void Line(string text = "") => md.Append(text).Append('\n');

        Line("# MiniKube benchmarks");
        Line();
        Line($"Measured on {results.StartedAt.UtcDateTime.ToString("yyyy-MM-dd HH:mm", Invariant)} UTC by `make bench` " +
             $"(`bench/MiniKube.Bench`); the whole run took {results.Duration.TotalMinutes.ToString("0.0", Invariant)} minutes. " +
             "Numbers from one run on one machine: compare them with each other, not with other machines.");
        if (results.Note is not null)
        {
            Line();
            Line($"> **Note:** {results.Note}");
        }
        Line();
        Line("## Machine and versions");
        Line();
        Line($"- CPUs: {results.Machine.Processors} ({results.Machine.CpuModel}); memory: {results.Machine.Memory}");
        Line($"- OS: {results.Machine.OperatingSystem}; runtime: {results.Machine.DotNet}");
        Line($"- Load average (1/5/15 min): {results.Machine.LoadAverage} at the start, {results.LoadAverageAtEnd} at the end");
        if (results.Parts.HasFlag(BenchParts.ApiServer))
        {
            Line($"- minikube-apiserver {results.ApiServerVersion}; {results.EtcdVersion}; peer client dotnet-etcd " +
                 $"{typeof(dotnet_etcd.EtcdClient).Assembly.GetName().Version?.ToString(3)}");
            Line("- etcd, the API server and the benchmark's clients all run on this machine and share its CPUs, over loopback.");
        }
        Line();
        if (results.Parts != BenchParts.All)
        {
            Line($"Only part of the benchmark ran (`--only {PartName(results.Parts)}`).");
            Line();
        }
        if (results.Parts.HasFlag(BenchParts.ApiServer)) ApiServerSections(md, results, settings);
        if (results.Runtime is not null) RuntimeSection(md, results, results.Runtime);
        if (results.ControlPlane is not null) ControlPlaneSection(md, results, results.ControlPlane, settings);
        if (results.Cri is not null) CriSection(md, results, results.Cri);
        return md.ToString();
    }

    /// <summary>
    /// The report of a partial run (<c>--only</c>) merged into the report of an earlier run. A report has one part per
    /// section: the API server part (with the title and machine) is everything before the first section heading
    /// (<see cref="RuntimeHeading"/>, <see cref="ControlPlaneHeading"/>, <see cref="CriHeading"/>), and each other
    /// section runs from its heading to the next one. The parts that ran replace their counterparts; the others are
    /// kept as they were.
    /// </summary>
    public static string MergeInto(string existing, string report, BenchParts parts)
    {
        var before = Split(existing);
        var now = Split(report);
        var merged = new[] { BenchParts.ApiServer }.Concat(Sections.Select(s => s.Part))
            .Select(part => (parts.HasFlag(part) ? now : before)[part].Trim())
            .Where(text => text.Length > 0);
        return string.Join("\n\n", merged) + "\n";
    }

    private static Dictionary<BenchParts, string> Split(string markdown)
    {
        int At(string heading) => markdown.IndexOf("\n" + heading + "\n", StringComparison.Ordinal) is var i and >= 0 ? i + 1 : -1;
        var starts = Sections.Select(s => (s.Part, Start: At(s.Heading))).Where(s => s.Start >= 0).OrderBy(s => s.Start).ToList();
        var parts = new Dictionary<BenchParts, string> { [BenchParts.ApiServer] = markdown[..(starts.Count > 0 ? starts[0].Start : markdown.Length)] };
        foreach (var section in Sections) parts[section.Part] = "";
        for (var i = 0; i < starts.Count; i++)
        {
            parts[starts[i].Part] = markdown[starts[i].Start..(i + 1 < starts.Count ? starts[i + 1].Start : markdown.Length)];
        }
        return parts;
    }

    /// <summary>The <c>--only</c> words for the parts that ran, e.g. "runtime" or "apiserver controlplane".</summary>
    public static string PartName(BenchParts parts) => string.Join(' ',
        new[] { (BenchParts.ApiServer, "apiserver") }.Concat(Sections.Select(s => (s.Part, s.Word)))
            .Where(p => parts.HasFlag(p.Item1)).Select(p => p.Item2));

    // Image pull against skopeo (and containerd), pod start against containerd, then how they were measured.
    private static void CriSection(StringBuilder md, BenchmarkResults results, CriResults cri)
    {
        void Line(string text = "") => md.Append(text).Append('\n');
        if (!md.ToString().EndsWith("\n\n", StringComparison.Ordinal)) Line();
        Line(CriHeading);
        Line();
        if (results.Parts != BenchParts.All)
        {
            Line($"This section was measured on {results.StartedAt.UtcDateTime.ToString("yyyy-MM-dd HH:mm", Invariant)} UTC by " +
                 $"`minikube-bench --only {PartName(results.Parts)}` ({results.Duration.TotalMinutes.ToString("0.0", Invariant)} minutes).");
            Line();
        }
        Line($"Image pull of a multi-layer image ({cri.Image}) from a registry on loopback, after the image was removed. " +
             "Ratio = contender / skopeo (above 1: slower than skopeo copying the same blobs to a directory).");
        Line();
        CriTable(md, "Pull", cri.Pulls, "skopeo");
        Line();
        Line("Pod start: `RunPodSandbox` + `CreateContainer` + `StartContainer` of the same pod (a pause sandbox on a CNI bridge, one busybox " +
             "container running `sleep`). Ratio = contender / containerd (above 1: slower than containerd).");
        Line();
        CriTable(md, "Pod start", cri.PodStarts, "containerd");
        Line();
        Line("### How it was measured");
        Line();
        Line("Everything runs on this machine and is driven through CRI over a unix socket by the same generated gRPC client (runtime.v1), " +
             "the way the kubelet drives a runtime. One Debian `docker-registry` on 127.0.0.1 holds three images built by the benchmark and pushed " +
             "through the distribution API: a pause image (busybox-static with `sleep` as entrypoint), a busybox image for the workload, and the " +
             "multi-layer pull image (its bottom layer differs from the other images', so no blob of it is shared). minikube-runtime (the published " +
             "bin/minikube-runtime, minirunc from bin/) and containerd (Debian's, with its CRI plugin, started with a config.toml of the benchmark's own: " +
             "private socket, root and state, the same sandbox image, overlayfs snapshots, runc through the io.containerd.runc.v2 shim with cgroupfs, " +
             "`restrict_oom_score_adj`, network namespaces under its state dir) both map the registry to plain http as a mirror and share one CNI " +
             "conf dir: a bridge of the benchmark's own with host-local addresses (loopback is added by each runtime), no gateway, no masquerading " +
             "and no portmap, so no iptables rule is written.");
        Line();
        Line($"**Pull.** Each round: minikube-runtime `RemoveImage` (untimed; its blobs and snapshots go), then timed `PullImage`; skopeo: timed " +
             "`skopeo --policy <insecureAcceptAnything> copy --src-tls-verify=false docker://<registry>/<image> dir:<fresh directory>`, a new process each time, its start " +
             "included, as a CRI call's gRPC round trip is in the others' figures (the directory " +
             "is deleted untimed afterwards); containerd: `RemoveImage` (untimed; the CRI plugin deletes synchronously), then timed `PullImage`. " +
             "skopeo only fetches and verifies the blobs; the two CRI runtimes also unpack every layer into snapshots and record the image, so " +
             "skopeo is the floor of a pull rather than an equal.");
        Line();
        Line($"**Pod start.** Each run uses a fresh pod (new uid, name, log directory; cgroup parent `/minikube-bench-<id>/pod<uid>`) with the " +
             "same configs for every contender; the time runs from just before `RunPodSandbox` until `StartContainer` returned. Then, untimed, " +
             "`StopPodSandbox` and `RemovePodSandbox` (which removes the container, the network namespace and the addresses). The pause and " +
             "busybox images are on every runtime before the first round. containerd runs with runtime_handler `runc`; minikube-runtime with " +
             "`minirunc` and with `runc` (Debian's runc, the same binary containerd's shim runs).");
        Line();
        Line($"{cri.WarmupRounds} untimed rounds, then up to {cri.PullIterations} timed pull rounds and {cri.PodIterations} timed pod rounds; each " +
             "round runs every contender once, and the one that goes first rotates. The first run of each contender decides whether it runs here at " +
             "all; one that fails it (or a server that does not start) is shown with its error line instead of numbers. Percentiles are nearest-rank; " +
             "with fewer than 100 samples p99 is the slowest run.");
        Line();
        Line($"- Versions: {string.Join("; ", cri.Versions)}");
        Line($"- Load average (1/5/15 min): {cri.LoadAverageAtStart} before this section, {cri.LoadAverageAtEnd} after it" +
             (Busy(cri.LoadAverageAtStart, results.Machine.Processors) ? $": more runnable work than the {results.Machine.Processors} CPUs, so other " +
                 "work competed with every contender; the rows compare with each other, the absolute figures are slower than on an idle machine" : ""));
        foreach (var r in cri.Pulls.Concat(cri.PodStarts).Where(r => r.Latency is { Samples: > 0 }))
        {
            md.Append($"- {r.Name}{(cri.Pulls.Contains(r) ? " pull" : " pod start")}: {r.Latency!.Samples} runs, p50 {Ms(r.Latency.P50Milliseconds)} ms, " +
                      $"p99 {Ms(r.Latency.P99Milliseconds)} ms, max {Ms(r.Latency.MaxMilliseconds)} ms");
            if (r.LayersFetched.Count > 0)
            {
                md.Append(r.LayersFetched.All(n => n == cri.PullLayers)
                    ? $"; the registry served all {cri.PullLayers} layer blobs in each of the {r.LayersFetched.Count} pulls counted"
                    : $"; layer blobs served per pull (of {cri.PullLayers}): {string.Join(", ", r.LayersFetched.Distinct().Order())}");
            }
            if (r.Sandbox is { } s) md.Append($"; RunPodSandbox alone p50 {Ms(s.P50Milliseconds)} ms, p99 {Ms(s.P99Milliseconds)} ms");
            md.Append(r.Failed > 0 ? $"; {r.Failed} runs failed (first error: `{Shorten(r.FirstError ?? "")}`)\n" : "\n");
        }
    }

    // A 1-minute load average at or above the CPU count: the machine was busy with other work.
    private static bool Busy(string loadAverage, int processors) =>
        double.TryParse(loadAverage.Split(' ')[0], NumberStyles.Float, Invariant, out var oneMinute) && oneMinute >= processors;

    private static void CriTable(StringBuilder md, string what, List<CriResult> rows, string peerName)
    {
        var peer = rows.FirstOrDefault(r => r.Role == "peer")?.Latency;
        md.Append($"| {what} | p50 ms | p99 ms | Ratio to {peerName}, p50 | Ratio to {peerName}, p99 |\n");
        md.Append("|---|---:|---:|---:|---:|\n");
        foreach (var r in rows)
        {
            var name = r.Role switch { "ours" => $"**{r.Name}** (ours)", "peer" => $"{r.Name} (peer)", _ => r.Name };
            if (r.Unavailable is not null || r.Latency is null)
            {
                var why = r.Unavailable == "not installed" ? "not installed" : $"did not run here: `{Shorten(r.Unavailable ?? "no samples")}`";
                md.Append($"| {name} | {why} | – | – | – |\n");
                continue;
            }
            var l = r.Latency;
            md.Append($"| {name} | {Ms(l.P50Milliseconds)} | {Ms(l.P99Milliseconds)} | {Ratio(l.P50Milliseconds, peer?.P50Milliseconds)} | " +
                      $"{Ratio(l.P99Milliseconds, peer?.P99Milliseconds)} |\n");
        }
    }

    // Scheduling throughput per profile and the Deployment's pace, then how they were measured.
    private static void ControlPlaneSection(StringBuilder md, BenchmarkResults results, ControlPlaneResults controlPlane, BenchSettings settings)
    {
        void Line(string text = "") => md.Append(text).Append('\n');
        if (!md.ToString().EndsWith("\n\n", StringComparison.Ordinal)) Line();
        Line(ControlPlaneHeading);
        Line();
        if (results.Parts != BenchParts.All)
        {
            Line($"This section was measured on {results.StartedAt.UtcDateTime.ToString("yyyy-MM-dd HH:mm", Invariant)} UTC by " +
                 $"`minikube-bench --only {PartName(results.Parts)}` ({results.Duration.TotalMinutes.ToString("0.0", Invariant)} minutes).");
            Line();
        }
        Line("| Measurement | Result |");
        Line("|---|---:|");
        foreach (var s in controlPlane.Scheduling)
        {
            Line(s.Error is null
                ? $"| Scheduling, {s.Profile} profile: pods bound/s, {s.Pods:N0} pods on {s.Nodes:N0} nodes | {Rate(s.PodsPerSecond)} |"
                : $"| Scheduling, {s.Profile} profile: pods bound/s | **failed**: {Shorten(s.Error)} |");
            Line($"| Scheduling, {s.Profile} profile: scheduler resident memory at the end, MiB | {Rate(s.ResidentMiB)} |");
        }
        var fit = controlPlane.Scheduling.FirstOrDefault(s => s.Profile != "default");
        var all = controlPlane.Scheduling.FirstOrDefault(s => s.Profile == "default");
        if (fit is { Error: null } && all is { Error: null })
        {
            Line($"| Default profile / NodeResourcesFit only, throughput | {Ratio(all.PodsPerSecond, fit.PodsPerSecond)} |");
        }
        if (controlPlane.Deployment is { } d)
        {
            Line(d.Error is null
                ? $"| Deployment of {d.Replicas:N0} replicas: seconds until every pod exists | {d.Elapsed.TotalSeconds.ToString("0.0", Invariant)} |"
                : $"| Deployment of {d.Replicas:N0} replicas | **failed**: {Shorten(d.Error)} |");
            Line($"| Deployment of {d.Replicas:N0} replicas: pods created/s | {Rate(d.PodsPerSecond)} |");
        }
        Line();
        Line("### How it was measured");
        Line();
        Line($"One minikube-apiserver on a real etcd, both on this machine. {settings.SchedulerNodes:N0} fake nodes (Node objects that no kubelet " +
             "backs, as kwok makes them: 32 CPUs, 128 GiB, 110 pods each, Ready, three zones) are created first. For each profile, " +
             $"{settings.SchedulerPods:N0} pods requesting 100m CPU and 128 MiB are created in a namespace of their own while no scheduler runs; " +
             "then the published minikube-scheduler starts with a KubeSchedulerConfiguration holding only that profile (and leader election off), " +
             "and a watch of the namespace notes the moment each pod is seen bound. Throughput is (bound pods − 1) / (last binding − first binding), " +
             "so the scheduler's start-up and its first list are not counted. The NodeResourcesFit-only profile keeps PrioritySort and DefaultBinder " +
             "(a profile cannot schedule without them) and disables every other plugin; the default profile is upstream's default plugin set. " +
             "Memory is the scheduler's VmRSS once every pod is bound. " +
             $"Then the published minikube-controller-manager starts (deployment and replicaset controllers, no leader election) and a Deployment of " +
             $"{settings.DeploymentReplicas:N0} replicas is created; the time runs from the create request until a watch has seen all its pods. " +
             "There is no kube-scheduler or kube-controller-manager on these machines to run side by side, so the profiles are compared with each other.");
        Line();
        Line($"- Load average (1/5/15 min): {controlPlane.LoadAverageAtStart} before this section, {controlPlane.LoadAverageAtEnd} after it");
        foreach (var s in controlPlane.Scheduling)
        {
            Line($"- {s.Profile}: {s.Bound:N0} of {s.Pods:N0} pods bound" +
                 (s.FirstToLast is { } span ? $", first to last binding {span.TotalSeconds.ToString("0.0", Invariant)} s" : ""));
        }
    }

    private static void ApiServerSections(StringBuilder md, BenchmarkResults results, BenchSettings settings)
    {
        var etcd = results.OnEtcd;
        var sqlite = results.OnSqlite;
        void Line(string text = "") => md.Append(text).Append('\n');

        Line("## Summary");
        Line();
        Line("Ratio = ours / peer. For throughput a ratio below 1 means the API server is slower than the peer; for latency a ratio above 1 does.");
        Line("The peer is the same work done directly on etcd with dotnet-etcd: the floor the API server, which stores everything in etcd, builds on.");
        Line();
        Line("| Measurement | MiniKube on etcd | Peer: raw etcd | Ratio | MiniKube on sqlite |");
        Line("|---|---:|---:|---:|---:|");
        Line($"| Create: pods/s, {settings.Clients} clients | {Rate(etcd.Create)} | {Rate(results.RawEtcdPut)} (put) | " +
             $"{Ratio(etcd.Create?.PerSecond, results.RawEtcdPut?.PerSecond)} | {Rate(sqlite.Create)} |");
        ListRows(md, $"LIST {settings.Pods:N0} pods, JSON", etcd.ListJson, results.RawEtcdRange, sqlite.ListJson, "(range)");
        ListRows(md, $"LIST {settings.Pods:N0} pods, JSON, pages of {ListBenchmark.PageSize}", etcd.ListJsonPaginated,
            results.RawEtcdRangePaginated, sqlite.ListJsonPaginated, "(paged range)");
        ListRows(md, $"LIST {settings.Pods:N0} pods, Table", etcd.ListTable, results.RawEtcdRange, sqlite.ListTable, "(range)");
        ListRows(md, $"LIST {settings.Pods:N0} pods, Table, pages of {ListBenchmark.PageSize}", etcd.ListTablePaginated,
            results.RawEtcdRangePaginated, sqlite.ListTablePaginated, "(paged range)");
        LatencyRows(md, $"Watch, {settings.Watchers} watchers: write completed → event", etcd.Watch?.FromWriteCompletion,
            results.RawEtcdWatch?.FromWriteCompletion, sqlite.Watch?.FromWriteCompletion, "");
        LatencyRows(md, $"Watch, {settings.Watchers} watchers: write started → event", etcd.Watch?.FromWriteStart,
            results.RawEtcdWatch?.FromWriteStart, sqlite.Watch?.FromWriteStart, "");
        Line();

        Line("## How each figure was measured");
        Line();
        Line("Sizes were chosen so that the whole run (etcd, then the embedded sqlite store) stays well under 10 minutes on a 2-core machine. " +
             "Every load loop is bounded in count and in time; a loop that hits its time limit reports what it completed. " +
             "Clients talk HTTP/2 over TLS (`HttpClient`, as kubectl and client-go speak HTTP/2), one connection per simulated client. " +
             "The API server runs with its default logging (one line per created object). Percentiles are nearest-rank over all samples.");
        Line();
        Line("### 1. Create throughput");
        Line();
        Line($"{settings.Clients} concurrent clients, each with its own connection, send `POST /api/v1/namespaces/bench/pods` with a small Pod " +
             $"(one container with a port and resource requests, {BenchObjects.PodJson(BenchObjects.PodsNamespace, "pod-00000").Length} bytes of JSON) " +
             $"until {settings.Pods:N0} pods exist or {settings.CreateTimeLimit.TotalSeconds:0} s pass; throughput = created pods / elapsed time. " +
             $"Before timing, every client creates {settings.WarmupOperationsPerClient} pods in another namespace (connections open, code JIT-compiled). " +
             $"The peer: {settings.Clients} dotnet-etcd clients put the same JSON under `/bench-raw/pods/bench/<name>`, with the same warm-up. " +
             "Upstream kube-apiserver also writes each create as one etcd transaction; the difference to a plain put is decoding, defaulting, " +
             "admission, validation, encoding and the HTTP round trip.");
        Line();
        CreateDetail(md, "MiniKube on etcd", etcd);
        CreateDetail(md, "Peer: raw etcd put", results.RawEtcdPut);
        CreateDetail(md, "MiniKube on sqlite", sqlite);
        Line();
        Line("### 2. LIST latency");
        Line();
        Line($"One client lists every pod with `GET /api/v1/namespaces/bench/pods` {settings.ListRepeats} times after one untimed LIST " +
             $"(fewer if {settings.ListTimeLimit.TotalSeconds:0} s pass first); " +
             "the latency includes reading the whole body. Once as plain JSON (a PodList) and once with kubectl get's Accept header " +
             $"`{ListBenchmark.TableAccept}` (a server-side Table). " +
             $"Each both in one answer and in pages of {ListBenchmark.PageSize} (`?limit={ListBenchmark.PageSize}`, following `metadata.continue`; " +
             "the latency covers all pages), which is how kubectl get (its --chunk-size default) and client-go informers really list. " +
             "The peer is an etcd range read of the API server's own keys (`/registry/pods/bench/`): in one response " +
             $"(with gRPC's 4 MB receive limit lifted), and in pages of {ListBenchmark.PageSize} keys at the first page's revision.");
        Line();
        Line($"With {settings.ListRepeats} samples, p99 is the slowest LIST.");
        Line();
        ListDetail(md, "MiniKube on etcd, JSON", etcd.ListJson, "items");
        ListDetail(md, "MiniKube on etcd, JSON in pages", etcd.ListJsonPaginated, "items");
        ListDetail(md, "MiniKube on etcd, Table", etcd.ListTable, "rows");
        ListDetail(md, "MiniKube on etcd, Table in pages", etcd.ListTablePaginated, "rows");
        ListDetail(md, "Peer: raw etcd range", results.RawEtcdRange, "keys");
        ListDetail(md, "Peer: raw etcd range in pages", results.RawEtcdRangePaginated, "keys");
        ListDetail(md, "MiniKube on sqlite, JSON", sqlite.ListJson, "items");
        ListDetail(md, "MiniKube on sqlite, JSON in pages", sqlite.ListJsonPaginated, "items");
        ListDetail(md, "MiniKube on sqlite, Table", sqlite.ListTable, "rows");
        ListDetail(md, "MiniKube on sqlite, Table in pages", sqlite.ListTablePaginated, "rows");
        Line();
        Line("### 3. Watch delivery latency");
        Line();
        Line($"{settings.Watchers} watchers, each on its own connection, watch `/api/v1/namespaces/bench2/configmaps?watch=true&resourceVersion=<a LIST's resourceVersion>`. " +
             "A warm-up ConfigMap is created and every watcher must see it before timing starts (so every watch is established). " +
             $"Then one writer creates {settings.WatchWrites} ConfigMaps one at a time, {settings.WatchWritePacing.TotalMilliseconds:0} ms apart " +
             "(spaced so we measure delivery, not a backlog), recording when each write started and when its response arrived. " +
             "Each watcher records when each event's line arrived. Latency is taken over every (watcher, event) pair. " +
             "\"Write completed → event\" can be slightly negative: a watcher may hear of a write before the writer has read its own response. " +
             $"The peer: {settings.Watchers} etcd watches (one dotnet-etcd client each) on `/bench-raw/configmaps/bench2/` and plain etcd puts, same procedure.");
        Line();
        WatchDetail(md, "MiniKube on etcd", etcd.Watch);
        WatchDetail(md, "Peer: raw etcd watch", results.RawEtcdWatch);
        WatchDetail(md, "MiniKube on sqlite", sqlite.Watch);
    }

    // Container start latency: one row per runtime and the floor, ratios to runc, then how it was measured.
    private static void RuntimeSection(StringBuilder md, BenchmarkResults results, RuntimeResults runtime)
    {
        void Line(string text = "") => md.Append(text).Append('\n');
        if (!md.ToString().EndsWith("\n\n", StringComparison.Ordinal)) Line();
        var runc = runtime.Runtimes.FirstOrDefault(r => r.Role == "peer")?.Latency;
        var floor = runtime.Runtimes.FirstOrDefault(r => r.Role == "floor")?.Latency;

        Line(RuntimeHeading);
        Line();
        if (results.Parts != BenchParts.All)
        {
            Line($"This section was measured on {results.StartedAt.UtcDateTime.ToString("yyyy-MM-dd HH:mm", Invariant)} UTC by " +
                 $"`minikube-bench --only {PartName(results.Parts)}` ({results.Duration.TotalMinutes.ToString("0.0", Invariant)} minutes).");
            Line();
        }
        Line("Wall time of `<runtime> run` of `/bin/true` in a busybox bundle: create, start, wait for the exit, delete. " +
             "Ratio = runtime / runc (above 1: slower than runc). Above floor = p50 minus the p50 of `unshare` creating the same namespaces.");
        Line();
        Line("| Runtime | p50 ms | p99 ms | Ratio to runc, p50 | Ratio to runc, p99 | p50 above floor ms |");
        Line("|---|---:|---:|---:|---:|---:|");
        foreach (var r in runtime.Runtimes)
        {
            var name = r.Role switch
            {
                "ours" => $"**minirunc** (ours) {VersionNumber(r)}",
                "peer" => $"runc {VersionNumber(r)} (peer)",
                "floor" => $"floor: `{r.CommandLine}`",
                _ => $"{r.Name} {VersionNumber(r)}",
            };
            if (r.Unavailable is not null || r.Latency is null)
            {
                var why = r.Unavailable == "not installed" ? "not installed"
                    : r.Role == "other" ? $"refused on this machine: `{Shorten(r.Unavailable ?? "")}`"
                    : $"failed on its first run: `{Shorten(r.Unavailable ?? "")}`";
                Line($"| {name} | {why} | – | – | – | – |");
                continue;
            }
            var l = r.Latency;
            var aboveFloor = r.Role == "floor" || floor is null ? "–" : Ms(l.P50Milliseconds - floor.P50Milliseconds);
            Line($"| {name} | {Ms(l.P50Milliseconds)} | {Ms(l.P99Milliseconds)} | {Ratio(l.P50Milliseconds, runc?.P50Milliseconds)} | " +
                 $"{Ratio(l.P99Milliseconds, runc?.P99Milliseconds)} | {aboveFloor} |");
        }
        Line();
        Line("### How it was measured");
        Line();
        Line($"Every runtime runs `/bin/true` in the same bundle: Debian's busybox-static copied to `rootfs/bin/busybox` with one symlink per applet " +
             "(from `busybox --list`), and a config.json as `runc spec` writes it (terminal off, read-only root, the default mounts, masked and " +
             $"read-only paths, three capabilities, no cgroupsPath, so each runtime's default cgroup) with the namespaces {string.Join(", ", BusyboxBundle.Namespaces)}. " +
             "The command is `<runtime> --root <state> run --bundle <bundle> <id>`, with a new id each time: one process that creates the container, " +
             "starts it, waits for `/bin/true` to exit and deletes the container (its state directory and cgroups), so the time includes the delete. " +
             "The clock runs from just before the benchmark spawns the command until it has exited and closed its output; the benchmark's own cost of " +
             "spawning a process (.NET `Process.Start`, three pipes) is in every figure, the floor's included. " +
             $"{runtime.WarmupRounds} untimed rounds, then {runtime.Iterations} timed rounds; each round runs every runtime once, one after the other, " +
             "and the runtime that goes first rotates from round to round. The first run of each runtime decides whether it runs here at all; " +
             "one that fails it is shown with its error line instead of numbers (Debian's crun 1.8 refuses a hybrid cgroup layout). " +
             "The floor is `unshare` creating the same namespaces (util-linux's flags for them) and running the host's `/bin/true`: no rootfs, " +
             "mounts, pivot_root, cgroups, capabilities or state, so what creating the namespaces and starting a process costs at least. " +
             $"Percentiles are nearest-rank; with {runtime.Iterations} samples p99 is the {(runtime.Iterations <= 100 ? "slowest run" : "99th percentile")}.");
        Line();
        Line($"- Versions: {string.Join("; ", runtime.Runtimes.Where(r => r.Version.Length > 0).Select(r => r.Version))}");
        Line($"- cgroups: {runtime.CgroupLayout}");
        Line($"- Load average (1/5/15 min): {runtime.LoadAverageAtStart} before this section, {runtime.LoadAverageAtEnd} after it");
        foreach (var r in runtime.Runtimes.Where(r => r.Latency is { Samples: > 0 }))
        {
            md.Append($"- {r.Name}: {r.Latency!.Samples} runs, p50 {Ms(r.Latency.P50Milliseconds)} ms, p99 {Ms(r.Latency.P99Milliseconds)} ms, " +
                      $"max {Ms(r.Latency.MaxMilliseconds)} ms");
            md.Append(r.Failed > 0 ? $"; {r.Failed} runs failed (first error: `{Shorten(r.FirstError ?? "")}`)\n" : "\n");
        }
    }

    // "runc version 1.1.5+ds1" → "1.1.5+ds1".
    private static string VersionNumber(RuntimeResult r) =>
        r.Version.Split(' ') is [_, "version", var number, ..] ? number : r.Version;

    // A LIST that failed shows "failed" in its cells; the details section gives the error.
    private static void ListRows(StringBuilder md, string what, ListBenchmark.ListResult? ours, ListBenchmark.ListResult? peer,
        ListBenchmark.ListResult? sqlite, string peerLabel)
    {
        if (ours?.Error is null && sqlite?.Error is null)
        {
            LatencyRows(md, what, ours?.Latency, peer?.Latency, sqlite?.Latency, peerLabel);
            return;
        }
        string Cell(ListBenchmark.ListResult? r, Func<LatencySummary, double> pick) => r?.Error is not null ? "**failed**" : Ms(r is null ? null : pick(r.Latency));
        foreach (var (name, pick) in new (string, Func<LatencySummary, double>)[] { ("p50", l => l.P50Milliseconds), ("p99", l => l.P99Milliseconds) })
        {
            var ratio = ours?.Error is null ? Ratio(ours is null ? null : pick(ours.Latency), peer is null ? null : pick(peer.Latency)) : "–";
            md.Append($"| {what}: {name} ms | {Cell(ours, pick)} | {Ms(peer is null ? null : pick(peer.Latency))} {peerLabel} | {ratio} | {Cell(sqlite, pick)} |\n");
        }
    }

    private static void LatencyRows(StringBuilder md, string what, LatencySummary? ours, LatencySummary? peer, LatencySummary? sqlite, string peerLabel)
    {
        var label = peerLabel.Length > 0 ? " " + peerLabel : "";
        md.Append($"| {what}: p50 ms | {Ms(ours?.P50Milliseconds)} | {Ms(peer?.P50Milliseconds)}{label} | {Ratio(ours?.P50Milliseconds, peer?.P50Milliseconds)} | {Ms(sqlite?.P50Milliseconds)} |\n");
        md.Append($"| {what}: p99 ms | {Ms(ours?.P99Milliseconds)} | {Ms(peer?.P99Milliseconds)}{label} | {Ratio(ours?.P99Milliseconds, peer?.P99Milliseconds)} | {Ms(sqlite?.P99Milliseconds)} |\n");
    }

    private static void CreateDetail(StringBuilder md, string who, BackendResults backend)
    {
        CreateDetail(md, who, backend.Create);
        if (backend.ToppedUpPods > 0)
        {
            md.Append($"  - then {backend.ToppedUpPods:N0} more pods were created untimed, so that the LIST below has its full size\n");
        }
    }

    private static void CreateDetail(StringBuilder md, string who, ThroughputResult? result)
    {
        if (result is null) return;
        md.Append($"- {who}: {result.Succeeded:N0} created in {result.Elapsed.TotalSeconds.ToString("0.00", Invariant)} s = " +
                  $"**{result.PerSecond.ToString("N0", Invariant)}/s**, {result.Failed} failed");
        md.Append(result.FirstError is null ? "\n" : $" (first error: `{Shorten(result.FirstError)}`)\n");
    }

    private static void ListDetail(StringBuilder md, string who, ListBenchmark.ListResult? result, string unit)
    {
        if (result is null) return;
        if (result.Error is not null)
        {
            md.Append($"- {who}: **failed**, the server answered `{Shorten(result.Error)}`\n");
            return;
        }
        md.Append($"- {who}: {result.Items:N0} {unit}, {result.Bytes / 1024.0 / 1024.0:0.0} MiB per listing, " +
                  $"p50 {Ms(result.Latency.P50Milliseconds)} ms, p99 {Ms(result.Latency.P99Milliseconds)} ms, max {Ms(result.Latency.MaxMilliseconds)} ms " +
                  $"over {result.Latency.Samples} LISTs\n");
    }

    private static void WatchDetail(StringBuilder md, string who, WatchBenchmark.WatchResult? result)
    {
        if (result is null) return;
        md.Append($"- {who}: {result.ReceivedEvents:N0} of {result.ExpectedEvents:N0} events arrived; " +
                  $"write completed → event p50 {Ms(result.FromWriteCompletion.P50Milliseconds)} ms, p99 {Ms(result.FromWriteCompletion.P99Milliseconds)} ms, " +
                  $"max {Ms(result.FromWriteCompletion.MaxMilliseconds)} ms; write started → event p50 {Ms(result.FromWriteStart.P50Milliseconds)} ms, " +
                  $"p99 {Ms(result.FromWriteStart.P99Milliseconds)} ms\n");
    }

    private static string Rate(ThroughputResult? result) => result is null ? "–" : result.PerSecond.ToString("N0", Invariant);

    private static string Rate(double value) => double.IsNaN(value) ? "–" : value.ToString("N0", Invariant);

    private static string Ms(double? milliseconds) => milliseconds is not { } ms || double.IsNaN(ms) ? "–"
        : ms.ToString(Math.Abs(ms) >= 100 ? "0" : Math.Abs(ms) >= 10 ? "0.0" : "0.00", Invariant);

    // No ratio of a value near or below zero (a watch event that beat the writer's own response): it would mean nothing.
    private static string Ratio(double? ours, double? peer) =>
        ours is { } o && peer is { } p && o > 0 && p > 0 ? (o / p).ToString("0.00", Invariant) : "–";

    private static string Shorten(string text) => (text.Length > 200 ? text[..200] + "…" : text).ReplaceLineEndings(" ").Replace('`', '\'');
}
