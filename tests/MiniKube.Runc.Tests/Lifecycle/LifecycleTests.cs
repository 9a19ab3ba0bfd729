using System.Text.Json;
using MiniKube.Runc.Tests.Fixtures;
using MiniKube.Testing;
using Xunit;
using Xunit.Abstractions;

namespace MiniKube.Runc.Tests.Lifecycle;

/// <summary>The OCI lifecycle through minirunc's command line: create → start → state → kill → delete, and run.</summary>
public sealed class LifecycleTests(ITestOutputHelper log) : IAsyncLifetime, IDisposable
{
    private readonly OciRuntime _minirunc = OciRuntime.Minirunc(log);
    private readonly BusyboxBundle _bundle = new("sleep", "300");
    private readonly string _id = "lc-" + Guid.NewGuid().ToString("N")[..8];

    public Task InitializeAsync() => Task.CompletedTask;

    // xunit calls DisposeAsync (delete every container) before Dispose (remove the bundle).
    public async Task DisposeAsync() => await _minirunc.DisposeAsync();

    public void Dispose() => _bundle.Dispose();

    [RequiresFact(Root = true, Tools = ["busybox"])]
    public async Task Create_LeavesInitWaiting_UntilStart()
    {
        var pidFile = Path.Join(_bundle.Scratch, "init.pid");
        var created = await _minirunc.CreateAsync(_id, _bundle, Path.Join(_bundle.Scratch, "out"), "--pid-file", pidFile);
        Assert.Equal(0, created.ExitCode);

        var state = await _minirunc.StateAsync(_id);
        Assert.Equal("created", state.GetProperty("status").GetString());
        Assert.Equal(_id, state.GetProperty("id").GetString());
        Assert.Equal(_bundle.Directory, state.GetProperty("bundle").GetString());
        Assert.Equal("1.0.2", state.GetProperty("ociVersion").GetString());
        var pid = state.GetProperty("pid").GetInt32();
        Assert.Equal(pid.ToString(System.Globalization.CultureInfo.InvariantCulture), await File.ReadAllTextAsync(pidFile));
        // Still our init, not the user's program: it waits on the exec FIFO.
        Assert.Contains("minirunc", await File.ReadAllTextAsync($"/proc/{pid}/cmdline"), StringComparison.Ordinal);
        Assert.True(File.Exists(Path.Join(_minirunc.Root, _id, "exec.fifo")));

        await _minirunc.MustAsync("start", _id);
        Assert.Equal("running", await _minirunc.StatusAsync(_id));
        Assert.Equal("sleep\0300\0", await File.ReadAllTextAsync($"/proc/{pid}/cmdline"));
        Assert.False(File.Exists(Path.Join(_minirunc.Root, _id, "exec.fifo")));

        await _minirunc.MustAsync("kill", _id, "KILL");
        await Eventually.UntilAsync(async () => await _minirunc.StatusAsync(_id) == "stopped", TimeSpan.FromSeconds(10), "container to stop");
        await _minirunc.MustAsync("delete", _id);
        LeftBehind.AssertNothingLeft(_minirunc, _id, _bundle, pid);
    }

    [RequiresFact(Root = true, Tools = ["busybox"])]
    public async Task Start_Twice_IsRefused()
    {
        await _minirunc.CreateAsync(_id, _bundle, Path.Join(_bundle.Scratch, "out"));
        await _minirunc.MustAsync("start", _id);
        var again = await _minirunc.RunAsync("start", _id);
        Assert.Equal(1, again.ExitCode);
        Assert.Contains("cannot start an already running container", again.StdErr, StringComparison.Ordinal);
    }

    [RequiresFact(Root = true, Tools = ["busybox"])]
    public async Task Kill_DeliversSignal_ToTheContainersProcess()
    {
        // PID 1 ignores signals it has no handler for, so the shell installs one and exits with a telling code.
        _bundle.WithArgs("sh", "-c", "trap 'echo got-term; exit 42' TERM; echo ready; while true; do sleep 1; done").Save();
        var output = Path.Join(_bundle.Scratch, "out");
        await _minirunc.CreateAsync(_id, _bundle, output);
        await _minirunc.MustAsync("start", _id);
        await Eventually.UntilAsync(() => Task.FromResult(File.ReadAllText(output).Contains("ready", StringComparison.Ordinal)), TimeSpan.FromSeconds(10), "the shell to install its trap");

        await _minirunc.MustAsync("kill", _id, "TERM");
        await Eventually.UntilAsync(async () => await _minirunc.StatusAsync(_id) == "stopped", TimeSpan.FromSeconds(10), "container to stop");
        Assert.Contains("got-term", await File.ReadAllTextAsync(output), StringComparison.Ordinal);
        await _minirunc.MustAsync("delete", _id);
    }

    [RequiresFact(Root = true, Tools = ["busybox"])]
    public async Task Delete_RunningWithoutForce_IsRefused_WithForce_RemovesEverything()
    {
        await _minirunc.CreateAsync(_id, _bundle, Path.Join(_bundle.Scratch, "out"));
        await _minirunc.MustAsync("start", _id);
        var pid = (await _minirunc.StateAsync(_id)).GetProperty("pid").GetInt32();
        foreach (var dir in LeftBehind.CgroupDirectories(_id).Where(d => !d.Contains("unified", StringComparison.Ordinal)))
            Assert.True(Directory.Exists(dir), $"expected cgroup {dir} while the container runs");

        var refused = await _minirunc.RunAsync("delete", _id);
        Assert.Equal(1, refused.ExitCode);
        Assert.Contains($"cannot delete container {_id} that is not stopped: running", refused.StdErr, StringComparison.Ordinal);

        await _minirunc.MustAsync("delete", "--force", _id);
        LeftBehind.AssertNothingLeft(_minirunc, _id, _bundle, pid);
    }

    [RequiresFact(Root = true, Tools = ["busybox"])]
    public async Task Delete_CreatedContainer_KillsInit()
    {
        await _minirunc.CreateAsync(_id, _bundle, Path.Join(_bundle.Scratch, "out"));
        var pid = (await _minirunc.StateAsync(_id)).GetProperty("pid").GetInt32();
        await _minirunc.MustAsync("delete", _id);
        LeftBehind.AssertNothingLeft(_minirunc, _id, _bundle, pid);
    }

    [RequiresFact(Root = true, Tools = ["busybox"])]
    public async Task Run_ExitsWithTheProcessStatus_AndCleansUp()
    {
        _bundle.WithArgs("sh", "-c", "echo hello; exit 7").Save();
        var result = await _minirunc.RunAsync("run", "--bundle", _bundle.Directory, _id);
        Assert.Equal(7, result.ExitCode);
        Assert.Equal("hello\n", result.StdOut);
        LeftBehind.AssertNothingLeft(_minirunc, _id, _bundle);
    }

    [RequiresFact(Root = true, Tools = ["busybox"])]
    public async Task Run_KilledBySignal_Exits128PlusSignal()
    {
        // SIGKILL from outside the container: PID 1 cannot ignore it (from inside it could).
        var run = _minirunc.RunAsync("run", "--bundle", _bundle.Directory, _id);
        await Eventually.UntilAsync(async () => (await _minirunc.RunAsync("state", _id)).StdOut.Contains("\"running\"", StringComparison.Ordinal),
            TimeSpan.FromSeconds(10), "the container to run");
        await _minirunc.MustAsync("kill", _id, "SIGKILL");
        Assert.Equal(137, (await run).ExitCode);
        LeftBehind.AssertNothingLeft(_minirunc, _id, _bundle);
    }

    [RequiresFact(Root = true, Tools = ["busybox"])]
    public async Task List_ShowsContainers_AsTableAndJson()
    {
        await _minirunc.CreateAsync(_id, _bundle, Path.Join(_bundle.Scratch, "out"));
        var table = await _minirunc.MustAsync("list");
        Assert.Matches($@"(?m)^{_id}\s+\d+\s+created\s+{_bundle.Directory}", table.StdOut);
        var json = JsonDocument.Parse((await _minirunc.MustAsync("list", "--format", "json")).StdOut).RootElement;
        Assert.Equal(_id, json[0].GetProperty("id").GetString());
        Assert.Equal(_id + "\n", (await _minirunc.MustAsync("list", "-q")).StdOut);
    }

    [RequiresFact(Root = true, Tools = ["busybox"])]
    public async Task Create_DuplicateId_IsRefused()
    {
        await _minirunc.CreateAsync(_id, _bundle, Path.Join(_bundle.Scratch, "out"));
        var second = await _minirunc.CreateAsync(_id, _bundle, Path.Join(_bundle.Scratch, "out2"));
        Assert.Equal(1, second.ExitCode);
        Assert.Contains("container with given ID already exists", second.StdErr, StringComparison.Ordinal);
        Assert.Equal("created", await _minirunc.StatusAsync(_id));
    }

    [RequiresFact(Root = true, Tools = ["busybox"])]
    public async Task Create_ProgramNotInPath_FailsAtCreate_AndLeavesNothing()
    {
        _bundle.WithArgs("no-such-program").Save();
        var result = await _minirunc.CreateAsync(_id, _bundle, Path.Join(_bundle.Scratch, "out"));
        Assert.Equal(1, result.ExitCode);
        Assert.Contains("executable file not found in $PATH", result.StdErr, StringComparison.Ordinal);
        LeftBehind.AssertNothingLeft(_minirunc, _id, _bundle);
    }

    [RequiresFact(Root = true, Tools = ["busybox"])]
    public async Task State_UnknownContainer_SaysItDoesNotExist()
    {
        var result = await _minirunc.RunAsync("state", "nope");
        Assert.Equal(1, result.ExitCode);
        Assert.Contains("container does not exist", result.StdErr, StringComparison.Ordinal);
    }

    [RequiresFact(Root = true, Tools = ["busybox"])]
    public async Task SystemdCgroup_IsRefused_WithAClearError()
    {
        var result = await _minirunc.RunAsync("--systemd-cgroup", "create", "--bundle", _bundle.Directory, _id);
        Assert.Equal(1, result.ExitCode);
        Assert.Contains("--systemd-cgroup is not supported", result.StdErr, StringComparison.Ordinal);
        LeftBehind.AssertNothingLeft(_minirunc, _id, _bundle);
    }

    [RequiresFact(Root = true, Tools = ["busybox"])]
    public async Task LogFormatJson_WritesRuncStyleErrorLines()
    {
        var logFile = Path.Join(_bundle.Scratch, "log.json");
        var result = await _minirunc.RunAsync("--log", logFile, "--log-format", "json", "state", "nope");
        Assert.Equal(1, result.ExitCode);
        var line = JsonDocument.Parse(File.ReadAllLines(logFile).Last()).RootElement;
        Assert.Equal("error", line.GetProperty("level").GetString());
        Assert.Equal("container does not exist", line.GetProperty("msg").GetString());
        Assert.True(line.TryGetProperty("time", out _));
    }

    [RequiresTheory(Root = true, Tools = ["busybox", "runc"])]
    [InlineData("minirunc")]
    [InlineData("runc")]
    public async Task Kill_Term_StopsACreatedContainer(string runtimeName)
    {
        // The waiting init is PID 1 of its namespace; it must handle SIGTERM itself or the kernel drops the signal.
        await using var runtime = OciRuntime.Named(runtimeName, log);
        await runtime.CreateAsync(_id, _bundle, Path.Join(_bundle.Scratch, "out"));
        await runtime.MustAsync("kill", _id, "TERM");
        await Eventually.UntilAsync(async () => await runtime.StatusAsync(_id) == "stopped", TimeSpan.FromSeconds(10), "init to exit on SIGTERM");
        await runtime.MustAsync("delete", _id);
        LeftBehind.AssertNothingLeft(runtime, _id, _bundle);
    }
}
