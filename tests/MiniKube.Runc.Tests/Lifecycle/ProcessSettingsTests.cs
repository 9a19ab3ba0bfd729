using System.Text.Json.Nodes;
using MiniKube.Runc.Tests.Fixtures;
using MiniKube.Testing;
using Xunit;
using Xunit.Abstractions;

namespace MiniKube.Runc.Tests.Lifecycle;

/// <summary>Per-process and per-namespace settings from config.json, observed from inside the container.</summary>
public sealed class ProcessSettingsTests(ITestOutputHelper log) : IAsyncLifetime, IDisposable
{
    private readonly OciRuntime _minirunc = OciRuntime.Minirunc(log);
    private readonly BusyboxBundle _bundle = new();
    private readonly string _id = "ps-" + Guid.NewGuid().ToString("N")[..8];

    public Task InitializeAsync() => Task.CompletedTask;
    public async Task DisposeAsync() => await _minirunc.DisposeAsync();
    public void Dispose() => _bundle.Dispose();

    private async Task<CommandResult> RunAsync(string script)
    {
        _bundle.WithArgs("sh", "-c", script).Save();
        var result = await _minirunc.RunAsync("run", "--bundle", _bundle.Directory, _id);
        LeftBehind.AssertNothingLeft(_minirunc, _id, _bundle);
        return result;
    }

    [RequiresFact(Root = true, Tools = ["busybox"])]
    public async Task OomScoreAdj_Negative_IsClampedWithAWarning()
    {
        // Root here lacks CAP_SYS_RESOURCE, so lowering oom_score_adj is refused by the kernel.
        _bundle.Process["oomScoreAdj"] = -998;
        var result = await RunAsync("cat /proc/self/oom_score_adj");
        Assert.Equal(0, result.ExitCode);
        Assert.Equal(File.ReadAllText("/proc/self/oom_score_adj"), result.StdOut);
        Assert.Contains("cannot lower oom_score_adj to -998", result.StdErr, StringComparison.Ordinal);
    }

    [RequiresFact(Root = true, Tools = ["busybox"])]
    public async Task OomScoreAdj_Positive_IsApplied()
    {
        _bundle.Process["oomScoreAdj"] = 500;
        Assert.Equal("500\n", (await RunAsync("cat /proc/self/oom_score_adj")).StdOut);
    }

    [RequiresFact(Root = true, Tools = ["busybox"])]
    public async Task Sysctl_InTheContainersNetworkNamespace_LeavesTheHostAlone()
    {
        var hostValue = File.ReadAllText("/proc/sys/net/ipv4/ip_forward");
        _bundle.Linux["sysctl"] = new JsonObject { ["net.ipv4.ip_forward"] = hostValue.Trim() == "1" ? "0" : "1" };
        var result = await RunAsync("cat /proc/sys/net/ipv4/ip_forward");
        Assert.NotEqual(hostValue, result.StdOut);
        Assert.Equal(hostValue, File.ReadAllText("/proc/sys/net/ipv4/ip_forward"));
    }

    [RequiresFact(Root = true, Tools = ["busybox"])]
    public async Task Rlimits_AreSet()
    {
        _bundle.Process["rlimits"] = JsonNode.Parse("""[{"type":"RLIMIT_NOFILE","soft":256,"hard":512},{"type":"RLIMIT_NPROC","soft":100,"hard":100}]""");
        Assert.Equal("256 512 100\n", (await RunAsync("echo $(ulimit -n) $(ulimit -Hn) $(ulimit -u)")).StdOut);
    }

    [RequiresFact(Root = true, Tools = ["busybox"])]
    public async Task CgroupNamespace_ShowsTheContainersCgroupAsRoot_AndItsOwnLimits()
    {
        _bundle.Linux["namespaces"]!.AsArray().Add(new JsonObject { ["type"] = "cgroup" });
        _bundle.Config["mounts"]!.AsArray().Add(JsonNode.Parse("""{"destination":"/sys/fs/cgroup","type":"cgroup","source":"cgroup","options":["nosuid","noexec","nodev","relatime","ro"]}"""));
        _bundle.WithResource("memory", new JsonObject { ["limit"] = 48 * 1024 * 1024 });
        var result = await RunAsync("grep memory /proc/self/cgroup; cat /sys/fs/cgroup/memory/memory.limit_in_bytes; { mkdir /sys/fs/cgroup/memory/x; } 2>/dev/null || echo readonly");
        Assert.Equal("4:memory:/\n50331648\nreadonly\n", result.StdOut);
    }

    [RequiresFact(Root = true, Tools = ["busybox"])]
    public async Task CgroupMount_WithoutCgroupNamespace_ShowsOnlyTheContainersOwnCgroup()
    {
        _bundle.Config["mounts"]!.AsArray().Add(JsonNode.Parse("""{"destination":"/sys/fs/cgroup","type":"cgroup","source":"cgroup","options":["ro"]}"""));
        _bundle.WithResource("pids", new JsonObject { ["limit"] = 42 });
        var result = await RunAsync("cat /sys/fs/cgroup/pids/pids.max; ls /sys/fs/cgroup/pids | grep -c '^lc-\\|^rl-'");
        Assert.StartsWith("42\n0\n", result.StdOut, StringComparison.Ordinal);
    }

    [RequiresFact(Root = true, Tools = ["busybox"])]
    public async Task BindMount_ReadOnly_FromTheBundle()
    {
        Directory.CreateDirectory(Path.Join(_bundle.Directory, "data"));
        File.WriteAllText(Path.Join(_bundle.Directory, "data", "hello.txt"), "from the host");
        _bundle.Config["mounts"]!.AsArray().Add(JsonNode.Parse("""{"destination":"/data","type":"bind","source":"data","options":["rbind","ro"]}"""));
        var result = await RunAsync("cat /data/hello.txt; echo; { touch /data/x; } 2>/dev/null || echo readonly");
        Assert.Equal("from the host\nreadonly\n", result.StdOut);
    }

    [RequiresFact(Root = true, Tools = ["busybox"])]
    public async Task Devices_FromConfig_AreCreated()
    {
        _bundle.Linux["devices"] = JsonNode.Parse("""[{"path":"/dev/fuse","type":"c","major":10,"minor":229,"fileMode":438}]""");
        var result = await RunAsync("ls -l /dev/fuse /dev/null | cut -c1-10");
        Assert.Equal("crw-rw-rw-\ncrw-rw-rw-\n", result.StdOut);
    }
}
