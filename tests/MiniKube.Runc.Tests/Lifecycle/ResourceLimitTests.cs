using System.Diagnostics;
using System.Text.Json;
using System.Text.Json.Nodes;
using MiniKube.Runc.Tests.Fixtures;
using MiniKube.Testing;
using Xunit;
using Xunit.Abstractions;

namespace MiniKube.Runc.Tests.Lifecycle;

/// <summary>
/// linux.resources enforced by the real kernel through the container's cgroup (cgroup v1 on this machine): a memory
/// hog is OOM-killed and that is reported, a fork bomb stops at the pids limit, a CPU quota of half a core gives
/// about half a core.
/// </summary>
public sealed class ResourceLimitTests(ITestOutputHelper log) : IAsyncLifetime, IDisposable
{
    private readonly OciRuntime _minirunc = OciRuntime.Minirunc(log);
    private readonly BusyboxBundle _bundle = new();
    private readonly string _id = "rl-" + Guid.NewGuid().ToString("N")[..8];

    public Task InitializeAsync() => Task.CompletedTask;
    public async Task DisposeAsync() => await _minirunc.DisposeAsync();
    public void Dispose() => _bundle.Dispose();

    private async Task<JsonElement> StatsAsync() =>
        JsonDocument.Parse((await _minirunc.MustAsync("events", "--stats", _id)).StdOut).RootElement.GetProperty("data");

    [RequiresFact(Root = true, Tools = ["busybox"])]
    public async Task MemoryLimit_HungryProcess_IsOomKilled_AndReported()
    {
        const long limit = 32 * 1024 * 1024;
        // dd allocates one 256 MiB buffer and fills it: far above the limit.
        _bundle.WithArgs("dd", "if=/dev/zero", "of=/dev/null", "bs=256M", "count=1")
            .WithResource("memory", new JsonObject { ["limit"] = limit, ["swap"] = limit }).Save();

        await _minirunc.CreateAsync(_id, _bundle, Path.Join(_bundle.Scratch, "out"));
        var memoryDir = LeftBehind.CgroupDirectories(_id).Single(d => d.Split('/').Contains("memory"));
        Assert.Equal(limit.ToString(System.Globalization.CultureInfo.InvariantCulture), File.ReadAllText(Path.Join(memoryDir, "memory.limit_in_bytes")).Trim());
        await _minirunc.MustAsync("start", _id);
        await Eventually.UntilAsync(async () => await _minirunc.StatusAsync(_id) == "stopped", TimeSpan.FromSeconds(20), "the memory hog to be killed");

        var memory = (await StatsAsync()).GetProperty("memory");
        Assert.True(memory.GetProperty("event_count").GetProperty("oom_kill").GetUInt64() >= 1, $"no OOM kill reported: {memory}");
        Assert.Equal((ulong)limit, memory.GetProperty("usage").GetProperty("limit").GetUInt64());
        await _minirunc.MustAsync("delete", _id);
        LeftBehind.AssertNothingLeft(_minirunc, _id, _bundle);
    }

    [RequiresFact(Root = true, Tools = ["busybox"])]
    public async Task MemoryLimit_Run_ExitsWith137_AndSaysOomKilled()
    {
        _bundle.WithArgs("dd", "if=/dev/zero", "of=/dev/null", "bs=256M", "count=1")
            .WithResource("memory", new JsonObject { ["limit"] = 32 * 1024 * 1024 }).Save();
        var result = await _minirunc.RunAsync("run", "--bundle", _bundle.Directory, _id);
        Assert.Equal(137, result.ExitCode);
        Assert.Contains("OOM-killed", result.StdErr, StringComparison.Ordinal);
        LeftBehind.AssertNothingLeft(_minirunc, _id, _bundle);
    }

    [RequiresFact(Root = true, Tools = ["busybox"])]
    public async Task PidsLimit_ForkBomb_StopsAtTheLimit_HostUnaffected()
    {
        const int limit = 32;
        // The classic fork bomb, as a named function: every call starts two more in the background.
        _bundle.WithArgs("sh", "-c", "bomb() { bomb | bomb & }; bomb; sleep 300")
            .WithResource("pids", new JsonObject { ["limit"] = limit }).Save();
        var output = Path.Join(_bundle.Scratch, "out");
        await _minirunc.CreateAsync(_id, _bundle, output);
        await _minirunc.MustAsync("start", _id);

        await Eventually.UntilAsync(async () => (await StatsAsync()).GetProperty("pids").GetProperty("current").GetUInt64() >= limit - 1,
            TimeSpan.FromSeconds(20), "the fork bomb to reach the pids limit");
        var pids = (await StatsAsync()).GetProperty("pids");
        Assert.True(pids.GetProperty("current").GetUInt64() <= limit, $"pids.current above the limit: {pids}");
        Assert.Equal((ulong)limit, pids.GetProperty("limit").GetUInt64());
        Assert.Contains("can't fork", await File.ReadAllTextAsync(output), StringComparison.Ordinal);

        // The host can still start processes.
        var host = await RunCommand.RunAsync("/bin/true", []);
        Assert.Equal(0, host.ExitCode);

        await _minirunc.MustAsync("delete", "--force", _id);
        LeftBehind.AssertNothingLeft(_minirunc, _id, _bundle);
    }

    [RequiresFact(Root = true, Tools = ["busybox"])]
    public async Task CpuQuota_HalfACore_UsesAboutHalfACore()
    {
        // Two busy loops (this machine has 2 cores) under a quota of 50 ms per 100 ms period.
        _bundle.WithArgs("sh", "-c", "while :; do :; done & while :; do :; done")
            .WithResource("cpu", new JsonObject { ["quota"] = 50_000, ["period"] = 100_000, ["shares"] = 2048 }).Save();
        await _minirunc.CreateAsync(_id, _bundle, Path.Join(_bundle.Scratch, "out"));
        var cpuDir = LeftBehind.CgroupDirectories(_id).Single(d => d.Split('/').Contains("cpu"));
        Assert.Equal("50000", File.ReadAllText(Path.Join(cpuDir, "cpu.cfs_quota_us")).Trim());
        Assert.Equal("2048", File.ReadAllText(Path.Join(cpuDir, "cpu.shares")).Trim());
        await _minirunc.MustAsync("start", _id);

        // Measure from the cgroup's own counter (cpuacct.usage, ns) read directly, so that starting a process to
        // read it does not blur the time window on a busy machine.
        var usageFile = Path.Join(LeftBehind.CgroupDirectories(_id).Single(d => d.Split('/').Contains("cpuacct")), "cpuacct.usage");
        ulong Usage() => ulong.Parse(File.ReadAllText(usageFile).Trim(), System.Globalization.CultureInfo.InvariantCulture);
        await Task.Delay(500);   // let the loops start (a fixed warm-up, not a wait for a condition)
        var before = Usage();
        var clock = Stopwatch.StartNew();
        await Task.Delay(TimeSpan.FromSeconds(3));
        var after = Usage();
        var elapsed = clock.Elapsed.TotalSeconds;
        var cores = (after - before) / 1e9 / elapsed;
        var cpu = (await StatsAsync()).GetProperty("cpu");
        log.WriteLine($"CPU used: {cores:0.00} cores; {cpu.GetProperty("throttling")}");
        // Unlimited, two busy loops would use both cores (2.0). The wide lower bound allows for a machine busy with
        // other work; the throttling counter proves the quota itself acted.
        Assert.InRange(cores, 0.25, 0.65);
        Assert.True(cpu.GetProperty("throttling").GetProperty("throttledPeriods").GetUInt64() > 0, "the CFS quota never throttled the container");

        await _minirunc.MustAsync("delete", "--force", _id);
        LeftBehind.AssertNothingLeft(_minirunc, _id, _bundle);
    }

    [RequiresFact(Root = true, Tools = ["busybox"])]
    public async Task Cpuset_And_AbsoluteCgroupsPath_AreApplied()
    {
        var cgroupsPath = "/minirunc-test-" + _id;
        _bundle.Linux["cgroupsPath"] = cgroupsPath;
        _bundle.WithArgs("sleep", "300").WithResource("cpu", new JsonObject { ["cpus"] = "0", ["mems"] = "0" }).Save();
        await _minirunc.CreateAsync(_id, _bundle, Path.Join(_bundle.Scratch, "out"));
        var pid = (await _minirunc.StateAsync(_id)).GetProperty("pid").GetInt32();
        Assert.Contains($"cpuset:{cgroupsPath}\n", await File.ReadAllTextAsync($"/proc/{pid}/cgroup"), StringComparison.Ordinal);
        Assert.Equal("0", File.ReadAllText($"/sys/fs/cgroup/cpuset{cgroupsPath}/cpuset.cpus").Trim());
        await _minirunc.MustAsync("delete", _id);
        LeftBehind.AssertNothingLeft(_minirunc, _id, _bundle, pid, cgroupsPath);
    }
}
