using System.CommandLine;
using MiniKube.Bench;
using MiniKube.Bench.Reporting;

// minikube-bench: measures minikube-apiserver over the wire against raw etcd and writes a markdown report.
var defaults = new BenchSettings();
var output = new Option<string?>("--output") { Description = "Write the markdown report to this file (it is always printed)." };
var apiServer = new Option<string?>("--apiserver") { Description = "The minikube-apiserver executable (default: bin/minikube-apiserver of the repository)." };
var note = new Option<string?>("--note") { Description = "A remark for the report, e.g. that the machine was busy with other work." };
var pods = new Option<int>("--pods") { Description = "Pods to create and then LIST.", DefaultValueFactory = _ => defaults.Pods };
var clients = new Option<int>("--clients") { Description = "Concurrent clients creating pods.", DefaultValueFactory = _ => defaults.Clients };
var listRepeats = new Option<int>("--list-repeats") { Description = "Timed LISTs per kind.", DefaultValueFactory = _ => defaults.ListRepeats };
var watchers = new Option<int>("--watchers") { Description = "Concurrent watchers.", DefaultValueFactory = _ => defaults.Watchers };
var watchWrites = new Option<int>("--watch-writes") { Description = "Writes the watchers must see.", DefaultValueFactory = _ => defaults.WatchWrites };

var root = new RootCommand("minikube-bench: create, LIST and watch benchmarks of minikube-apiserver against raw etcd")
{
    output, apiServer, note, pods, clients, listRepeats, watchers, watchWrites,
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
    };
    var executable = parse.GetValue(apiServer) ?? DefaultApiServerExecutable();
    if (executable is null || !File.Exists(executable))
    {
        await Console.Error.WriteLineAsync($"minikube-apiserver not found ({executable ?? "no MiniKube.sln above the current directory"}): run `make build` or pass --apiserver");
        return 1;
    }

    var results = new BenchmarkResults
    {
        StartedAt = DateTimeOffset.UtcNow,
        Machine = MachineInfo.Capture(),
        EtcdVersion = await EtcdProcessVersionAsync(),
        Note = parse.GetValue(note),
    };
    var started = System.Diagnostics.Stopwatch.StartNew();
    try
    {
        await new BenchmarkRun(settings, Path.GetFullPath(executable), results).RunAsync(cancellationToken);
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
        await File.WriteAllTextAsync(path, report, cancellationToken);
        await Console.Error.WriteLineAsync($"wrote {Path.GetFullPath(path)}");
    }
    return 0;
});
// Ctrl+C cancels the token; the benchmark's finally blocks then stop etcd and the API server.
return await root.Parse(args).InvokeAsync();

static Task<string> EtcdProcessVersionAsync() => MiniKube.Bench.Processes.EtcdProcess.VersionAsync();

// bin/minikube-apiserver of the repository: the directory holding MiniKube.sln, above the current one.
static string? DefaultApiServerExecutable()
{
    for (var directory = new DirectoryInfo(Environment.CurrentDirectory); directory is not null; directory = directory.Parent)
    {
        if (File.Exists(Path.Combine(directory.FullName, "MiniKube.sln"))) return Path.Combine(directory.FullName, "bin", "minikube-apiserver");
    }
    return null;
}
