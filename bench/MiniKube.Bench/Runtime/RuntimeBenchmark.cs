using System.Globalization;
using MiniKube.Bench.Measurements;
using MiniKube.Testing;

namespace MiniKube.Bench.Runtime;

/// <summary>
/// Container start latency: `&lt;runtime&gt; run --bundle B ID` of /bin/true in a busybox bundle, which creates the
/// container, starts it, waits for it to exit and deletes it, under minirunc, runc and crun, alternating; and the
/// floor, `unshare` of the same namespaces running /bin/true on the host. Everything lives in one temporary
/// directory (the bundle and one state root per runtime); every container left under a state root is deleted with
/// `delete --force` and the directory removed when the benchmark ends, also when it fails.
/// </summary>
internal static class RuntimeBenchmark
{
    // util-linux's names for the bundle's namespaces, in the same order.
    private static readonly string[] UnshareFlags = ["--pid", "--fork", "--net", "--ipc", "--uts", "--mount"];

    public static async Task<RuntimeResults> RunAsync(string miniruncBinary, BenchSettings settings, Action<string> progress, CancellationToken cancellationToken)
    {
        var directory = Path.Join(Path.GetTempPath(), "minikube-bench-runtime-" + Guid.NewGuid().ToString("N")[..8]);
        var bundle = Path.Join(directory, "bundle");
        var runId = Path.GetFileName(directory)[^8..];
        var contenders = new List<Contender>
        {
            Contender.Oci("minirunc", "ours", miniruncBinary, directory, bundle, runId),
            Contender.Oci("runc", "peer", FindOnPath("runc"), directory, bundle, runId),
            Contender.Oci("crun", "other", FindOnPath("crun"), directory, bundle, runId),
            new("unshare", "floor", FindOnPath("unshare"), null, _ => [.. UnshareFlags, "/bin/true"],
                $"unshare {string.Join(' ', UnshareFlags)} /bin/true"),
        };
        var results = new RuntimeResults
        {
            Iterations = settings.RuntimeIterations,
            WarmupRounds = settings.RuntimeWarmupRounds,
            CgroupLayout = CgroupLayout(),
            LoadAverageAtStart = Reporting.MachineInfo.LoadAverageNow(),
        };
        try
        {
            BusyboxBundle.Write(bundle, "/bin/true");
            foreach (var contender in contenders)
            {
                var result = new RuntimeResult(contender.Name, contender.Role, contender.CommandLine);
                results.Runtimes.Add(result);
                if (contender.Binary is null)
                {
                    result.Unavailable = "not installed";
                    continue;
                }
                result.Version = await VersionAsync(contender.Binary, cancellationToken);
                // The first warm-up run decides whether the runtime works here at all (crun refuses a hybrid cgroup layout).
                var trial = await contender.RunAsync(settings.RuntimeCommandTimeout, cancellationToken);
                if (!trial.Succeeded) result.Unavailable = trial.ErrorLine;
                progress($"  {contender.Name}: {(trial.Succeeded ? $"{trial.Elapsed.TotalMilliseconds:0.0} ms (first run)" : "refused: " + trial.ErrorLine)}");
            }

            var running = contenders.Where((_, i) => results.Runtimes[i].Unavailable is null).ToList();
            var samples = running.ToDictionary(c => c, _ => new List<double>());
            progress($"runtime: {settings.RuntimeWarmupRounds} warm-up rounds, then {settings.RuntimeIterations} timed rounds of " +
                     string.Join(", ", running.Select(c => c.Name)));
            for (var round = 0; round < settings.RuntimeWarmupRounds + settings.RuntimeIterations; round++)
            {
                var timed = round >= settings.RuntimeWarmupRounds;
                // Alternate, and rotate who goes first, so no runtime always runs right after the same other one.
                for (var k = 0; k < running.Count; k++)
                {
                    var contender = running[(k + round) % running.Count];
                    var outcome = await contender.RunAsync(settings.RuntimeCommandTimeout, cancellationToken);
                    if (!timed) continue;
                    var result = results.Runtimes.Single(r => r.Name == contender.Name);
                    if (outcome.Succeeded) samples[contender].Add(outcome.Elapsed.TotalMilliseconds);
                    else
                    {
                        result.Failed++;
                        result.FirstError ??= outcome.ErrorLine;
                    }
                }
            }
            foreach (var (contender, list) in samples)
            {
                var result = results.Runtimes.Single(r => r.Name == contender.Name);
                result.Latency = LatencySummary.From(list);
                progress($"  {contender.Name}: p50 {result.Latency.P50Milliseconds:0.0} ms, p99 {result.Latency.P99Milliseconds:0.0} ms" +
                         (result.Failed > 0 ? $", {result.Failed} failed: {result.FirstError}" : ""));
            }
        }
        finally
        {
            foreach (var warning in await CleanUpAsync(contenders, directory, settings)) progress("  cleanup: " + warning);
            results.LoadAverageAtEnd = Reporting.MachineInfo.LoadAverageNow();
        }
        return results;
    }

    /// <summary>Deletes every container still under a state root, then the whole directory; returns what could not be removed.</summary>
    private static async Task<List<string>> CleanUpAsync(IEnumerable<Contender> contenders, string directory, BenchSettings settings)
    {
        var warnings = new List<string>();
        foreach (var contender in contenders.Where(c => c.StateRoot is not null && c.Binary is not null && Directory.Exists(c.StateRoot)))
        {
            foreach (var id in Directory.GetDirectories(contender.StateRoot!).Select(Path.GetFileName))
            {
                var outcome = await TimedCommand.RunAsync(contender.Binary!, ["--root", contender.StateRoot!, "delete", "--force", id!],
                    settings.RuntimeCommandTimeout, CancellationToken.None);
                if (!outcome.Succeeded) warnings.Add($"{contender.Name} delete --force {id}: {outcome.ErrorLine}");
            }
        }
        // A mount left on the host under the bundle must not be deleted through (it could be a bind of a host directory).
        var mounts = File.ReadLines("/proc/self/mountinfo").Select(l => l.Split(' ')[4])
            .Where(m => m.StartsWith(directory + "/", StringComparison.Ordinal) || m == directory).ToList();
        if (mounts.Count > 0)
        {
            warnings.Add($"left {directory} in place: still mounted on the host: {string.Join(", ", mounts)}");
            return warnings;
        }
        try
        {
            if (Directory.Exists(directory)) Directory.Delete(directory, recursive: true);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            warnings.Add($"could not remove {directory}: {ex.Message}");
        }
        return warnings;
    }

    private static async Task<string> VersionAsync(string binary, CancellationToken cancellationToken)
    {
        var outcome = await TimedCommand.RunAsync(binary, ["--version"], TimeSpan.FromSeconds(10), cancellationToken);
        return outcome.Succeeded ? outcome.ErrorLine : "unknown version";
    }

    private static string? FindOnPath(string name) =>
        (Environment.GetEnvironmentVariable("PATH") ?? "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin")
        .Split(':', StringSplitOptions.RemoveEmptyEntries)
        .Select(dir => Path.Join(dir, name))
        .FirstOrDefault(File.Exists);

    /// <summary>How cgroups are mounted: v2 only, v1 only, or hybrid (v1 controllers plus v2 at /sys/fs/cgroup/unified).</summary>
    private static string CgroupLayout()
    {
        var types = new Dictionary<string, string>();
        foreach (var line in File.ReadLines("/proc/self/mountinfo"))
        {
            var fields = line.Split(' ');
            var dash = Array.IndexOf(fields, "-");
            if (dash > 0) types[fields[4]] = fields[dash + 1];
        }
        if (types.GetValueOrDefault("/sys/fs/cgroup") == "cgroup2") return "cgroup v2 (unified)";
        var v1 = types.Values.Any(t => t == "cgroup");
        var unified = types.FirstOrDefault(t => t.Value == "cgroup2").Key;
        return v1 && unified is not null ? $"hybrid: cgroup v1 controllers, cgroup v2 at {unified}" : v1 ? "cgroup v1" : "no cgroups mounted";
    }

    /// <summary>One command the benchmark times; an OCI runtime gets its own state root (--root) and a fresh container id each run.</summary>
    private sealed class Contender(string name, string role, string? binary, string? stateRoot, Func<int, string[]> arguments, string commandLine)
    {
        private int _runs;

        public string Name => name;
        public string Role => role;
        public string? Binary => binary;
        public string? StateRoot => stateRoot;
        public string CommandLine => commandLine;

        public static Contender Oci(string name, string role, string? binary, string directory, string bundle, string runId)
        {
            var root = Path.Join(directory, "state-" + name);
            return new Contender(name, role, binary, root,
                n => ["--root", root, "run", "--bundle", bundle, $"bench-{runId}-{name}-{n.ToString(CultureInfo.InvariantCulture)}"],
                $"{name} --root <state> run --bundle <bundle> <id>");
        }

        public Task<TimedCommand.Outcome> RunAsync(TimeSpan timeout, CancellationToken cancellationToken) =>
            TimedCommand.RunAsync(binary!, arguments(_runs++), timeout, cancellationToken);
    }
}

/// <summary>The runtime section of a run.</summary>
internal sealed class RuntimeResults
{
    public int Iterations { get; init; }
    public int WarmupRounds { get; init; }
    public required string CgroupLayout { get; init; }
    public required string LoadAverageAtStart { get; init; }
    public string LoadAverageAtEnd { get; set; } = "unknown";
    public List<RuntimeResult> Runtimes { get; } = [];
}

/// <summary>One runtime (or the floor): its timings, or why it did not run here.</summary>
internal sealed class RuntimeResult(string name, string role, string commandLine)
{
    public string Name => name;
    /// <summary>"ours", "peer" (runc, the reference the ratios are taken to), "other" or "floor".</summary>
    public string Role => role;
    public string CommandLine => commandLine;
    public string Version { get; set; } = "";
    /// <summary>Why it was not measured: "not installed", or the error line of its first run.</summary>
    public string? Unavailable { get; set; }
    public LatencySummary? Latency { get; set; }
    public int Failed { get; set; }
    public string? FirstError { get; set; }
}
