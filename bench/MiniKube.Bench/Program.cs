using System.CommandLine;
using MiniKube.Bench;
using MiniKube.Bench.Reporting;

// minikube-bench: measures minikube-apiserver over the wire against raw etcd, minirunc's container start against
// runc and crun, the scheduler and controller manager, and minikube-runtime through CRI against skopeo and containerd,
// and writes a markdown report.
var defaults = new BenchSettings();
var output = new Option<string?>("--output") { Description = "Write the markdown report to this file (it is always printed); with --only, replace just that section of an existing report." };
var apiServer = new Option<string?>("--apiserver") { Description = "The minikube-apiserver executable (default: bin/minikube-apiserver of the repository)." };
var minirunc = new Option<string?>("--minirunc") { Description = "The NativeAOT minirunc executable (default: bin/minirunc of the repository)." };
var only = new Option<string[]>("--only")
{
    Description = "Run only these sections: apiserver, runtime, controlplane, cri (repeat or list them; default: all).",
    AllowMultipleArgumentsPerToken = true,
};
only.AcceptOnlyFromAmong("apiserver", "runtime", "controlplane", "cri");
var scheduler = new Option<string?>("--scheduler") { Description = "The minikube-scheduler executable (default: bin/minikube-scheduler of the repository)." };
var controllerManager = new Option<string?>("--controller-manager") { Description = "The minikube-controller-manager executable (default: bin/minikube-controller-manager of the repository)." };
var runtimeOption = new Option<string?>("--runtime") { Description = "The minikube-runtime executable (default: bin/minikube-runtime of the repository)." };
var note = new Option<string?>("--note") { Description = "A remark for the report, e.g. that the machine was busy with other work." };
var pods = new Option<int>("--pods") { Description = "Pods to create and then LIST.", DefaultValueFactory = _ => defaults.Pods };
var clients = new Option<int>("--clients") { Description = "Concurrent clients creating pods.", DefaultValueFactory = _ => defaults.Clients };
var listRepeats = new Option<int>("--list-repeats") { Description = "Timed LISTs per kind.", DefaultValueFactory = _ => defaults.ListRepeats };
var watchers = new Option<int>("--watchers") { Description = "Concurrent watchers.", DefaultValueFactory = _ => defaults.Watchers };
var watchWrites = new Option<int>("--watch-writes") { Description = "Writes the watchers must see.", DefaultValueFactory = _ => defaults.WatchWrites };
var schedulerNodes = new Option<int>("--scheduler-nodes") { Description = "Fake nodes for the scheduling benchmark.", DefaultValueFactory = _ => defaults.SchedulerNodes };
var schedulerPods = new Option<int>("--scheduler-pods") { Description = "Pending pods per scheduler profile.", DefaultValueFactory = _ => defaults.SchedulerPods };
var deploymentReplicas = new Option<int>("--deployment-replicas") { Description = "Replicas of the controller benchmark's Deployment.", DefaultValueFactory = _ => defaults.DeploymentReplicas };
var criPulls = new Option<int>("--cri-pulls") { Description = "Timed image pulls per contender in the cri section.", DefaultValueFactory = _ => defaults.CriPullIterations };
var criPods = new Option<int>("--cri-pods") { Description = "Timed pod starts per contender in the cri section.", DefaultValueFactory = _ => defaults.CriPodIterations };

var root = new RootCommand("minikube-bench: create, LIST and watch benchmarks of minikube-apiserver against raw etcd; " +
                           "container start of minirunc against runc and crun; the scheduler and controller manager; minikube-runtime through CRI against skopeo and containerd")
{
    output, apiServer, minirunc, scheduler, controllerManager, runtimeOption, only, note, pods, clients, listRepeats, watchers, watchWrites,
    schedulerNodes, schedulerPods, deploymentReplicas, criPulls, criPods,
};
root.SetAction(async (parse, cancellationToken) =>
{
    var settings = defaults with
    {
        Pods = parse.GetValue(pods),
        Clients = parse.GetValue(clients),
        ListRepeats = parse.GetValue(listRepeats),
        Watchers = parse.GetValue(watchers),
        WatchWrites = parse.GetValue(watchWrites),
        SchedulerNodes = parse.GetValue(schedulerNodes),
        SchedulerPods = parse.GetValue(schedulerPods),
        DeploymentReplicas = parse.GetValue(deploymentReplicas),
        CriPullIterations = parse.GetValue(criPulls),
        CriPodIterations = parse.GetValue(criPods),
    };
    var parts = parse.GetValue(only) is { Length: > 0 } chosen
        ? chosen.Aggregate(BenchParts.None, (all, part) => all | part switch
        {
            "runtime" => BenchParts.Runtime,
            "controlplane" => BenchParts.ControlPlane,
            "cri" => BenchParts.Cri,
            _ => BenchParts.ApiServer,
        })
        : BenchParts.All;
    string? apiServerExecutable = null, miniruncExecutable = null, schedulerExecutable = null, controllerManagerExecutable = null, runtimeExecutable = null;
    if (parts.HasFlag(BenchParts.ApiServer) || parts.HasFlag(BenchParts.ControlPlane))
    {
        apiServerExecutable = await RequireExecutableAsync(parse.GetValue(apiServer), "minikube-apiserver", "--apiserver");
        if (apiServerExecutable is null) return 1;
    }
    if (parts.HasFlag(BenchParts.Runtime) || parts.HasFlag(BenchParts.Cri))
    {
        if (!Environment.IsPrivilegedProcess)
        {
            await Console.Error.WriteLineAsync("the runtime and cri benchmarks create namespaces and cgroups: run them as root (or pass --only apiserver)");
            return 1;
        }
        miniruncExecutable = await RequireExecutableAsync(parse.GetValue(minirunc), "minirunc", "--minirunc");
        if (miniruncExecutable is null) return 1;
    }
    if (parts.HasFlag(BenchParts.Cri))
    {
        runtimeExecutable = await RequireExecutableAsync(parse.GetValue(runtimeOption), "minikube-runtime", "--runtime");
        if (runtimeExecutable is null) return 1;
    }
    if (parts.HasFlag(BenchParts.ControlPlane))
    {
        schedulerExecutable = await RequireExecutableAsync(parse.GetValue(scheduler), "minikube-scheduler", "--scheduler");
        controllerManagerExecutable = await RequireExecutableAsync(parse.GetValue(controllerManager), "minikube-controller-manager", "--controller-manager");
        if (schedulerExecutable is null || controllerManagerExecutable is null) return 1;
    }

    var results = new BenchmarkResults
    {
        StartedAt = DateTimeOffset.UtcNow,
        Machine = MachineInfo.Capture(),
        Parts = parts,
        Note = parse.GetValue(note),
    };
    var started = System.Diagnostics.Stopwatch.StartNew();
    try
    {
        await new BenchmarkRun(settings, new BenchExecutables(apiServerExecutable, miniruncExecutable, schedulerExecutable, controllerManagerExecutable, runtimeExecutable), results).RunAsync(cancellationToken);
    }
    catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
    {
        // Everything started has been stopped by now; do not overwrite a good report with a partial one.
        await Console.Error.WriteLineAsync($"benchmark failed: {ex}");
        return 1;
    }
    results.Duration = started.Elapsed;
    results.LoadAverageAtEnd = MachineInfo.LoadAverageNow();

    var report = MarkdownReport.Render(results, settings);
    Console.WriteLine(report);
    if (parse.GetValue(output) is { } path)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
        // A partial run replaces only its own section of an existing report (`make bench BENCH_FLAGS="--only runtime"`).
        var merge = parts != BenchParts.All && File.Exists(path);
        var text = merge ? MarkdownReport.MergeInto(await File.ReadAllTextAsync(path, cancellationToken), report, parts) : report;
        await File.WriteAllTextAsync(path, text, cancellationToken);
        await Console.Error.WriteLineAsync(merge ? $"merged the {MarkdownReport.PartName(parts)} section into {Path.GetFullPath(path)}"
            : $"wrote {Path.GetFullPath(path)}");
    }
    return 0;
});
// Ctrl+C cancels the token; the benchmark's finally blocks then stop etcd and the API server, and delete containers and bundle.
return await root.Parse(args).InvokeAsync();

// The given path, or bin/<name> of the repository; null (after saying why) when it does not exist.
static async Task<string?> RequireExecutableAsync(string? given, string name, string flag)
{
    var executable = given ?? RepositoryBinary(name);
    if (executable is not null && File.Exists(executable)) return Path.GetFullPath(executable);
    await Console.Error.WriteLineAsync($"{name} not found ({executable ?? "no MiniKube.sln above the current directory"}): run `make build` or pass {flag}");
    return null;
}

// bin/<name> of the repository: the directory holding MiniKube.sln, above the current one.
static string? RepositoryBinary(string name)
{
    for (var directory = new DirectoryInfo(Environment.CurrentDirectory); directory is not null; directory = directory.Parent)
    {
        if (File.Exists(Path.Combine(directory.FullName, "MiniKube.sln"))) return Path.Combine(directory.FullName, "bin", name);
    }
    return null;
}
