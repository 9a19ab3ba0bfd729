using MiniKube.Runc.Tests.Fixtures;
using MiniKube.Testing;
using Xunit;
using Xunit.Abstractions;

namespace MiniKube.Runc.Tests.Lifecycle;

/// <summary>`exec`: a second process joins a running container's namespaces and cgroup (kubectl exec, exec probes).</summary>
public sealed class ExecTests(ITestOutputHelper log) : IAsyncLifetime, IDisposable
{
    private readonly BusyboxBundle _bundle = new("sleep", "300");
    private readonly string _id = "ex-" + Guid.NewGuid().ToString("N")[..8];
    private OciRuntime _runtime = OciRuntime.Minirunc(log);

    public Task InitializeAsync() => Task.CompletedTask;
    public async Task DisposeAsync() => await _runtime.DisposeAsync();
    public void Dispose() => _bundle.Dispose();

    private async Task StartContainerAsync(string runtimeName = "minirunc")
    {
        if (runtimeName != _runtime.Name)
        {
            await _runtime.DisposeAsync();
            _runtime = OciRuntime.Named(runtimeName, log);
        }
        Assert.Equal(0, (await _runtime.CreateAsync(_id, _bundle, Path.Join(_bundle.Scratch, "out"))).ExitCode);
        await _runtime.MustAsync("start", _id);
    }

    private static string Link(string path) => new FileInfo(path).LinkTarget ?? "";

    [RequiresFact(Root = true, Tools = ["busybox"])]
    public async Task Exec_JoinsTheContainersNamespacesAndCgroups()
    {
        await StartContainerAsync();
        var init = (await _runtime.StateAsync(_id)).GetProperty("pid").GetInt32();
        var pidFile = Path.Join(_bundle.Scratch, "exec.pid");
        var exec = await _runtime.RunDetachedAsync(Path.Join(_bundle.Scratch, "exec.out"), "exec", "--detach", "--pid-file", pidFile, _id, "sleep", "300");
        Assert.Equal(0, exec.ExitCode);
        var pid = int.Parse(await File.ReadAllTextAsync(pidFile), System.Globalization.CultureInfo.InvariantCulture);

        foreach (var ns in new[] { "pid", "net", "mnt", "uts", "ipc" })
            Assert.Equal(Link($"/proc/{init}/ns/{ns}"), Link($"/proc/{pid}/ns/{ns}"));
        Assert.Equal(await File.ReadAllTextAsync($"/proc/{init}/cgroup"), await File.ReadAllTextAsync($"/proc/{pid}/cgroup"));
        Assert.Equal(Link($"/proc/{init}/root"), Link($"/proc/{pid}/root"));

        await _runtime.MustAsync("delete", "--force", _id);
        Assert.False(LeftBehind.IsAlive(pid), "the exec'd process outlived delete --force");
        LeftBehind.AssertNothingLeft(_runtime, _id, _bundle, init);
    }

    [RequiresFact(Root = true, Tools = ["busybox"])]
    public async Task Exec_ReturnsTheProcessExitCode()
    {
        await StartContainerAsync();
        var result = await _runtime.RunAsync("exec", _id, "sh", "-c", "echo out; exit 5");
        Assert.Equal(5, result.ExitCode);
        Assert.Equal("out\n", result.StdOut);
    }

    [RequiresFact(Root = true, Tools = ["busybox"])]
    public async Task Exec_ProcessJson_SetsUserEnvAndCwd()
    {
        await StartContainerAsync();
        var processFile = Path.Join(_bundle.Scratch, "process.json");
        await File.WriteAllTextAsync(processFile, """
            {"terminal": false, "user": {"uid": 1000, "gid": 1000, "additionalGids": [10]},
             "args": ["sh", "-c", "id; pwd; echo $GREETING"], "env": ["PATH=/bin", "GREETING=hello"], "cwd": "/proc",
             "noNewPrivileges": true}
            """);
        var result = await _runtime.RunAsync("exec", "--process", processFile, _id);
        Assert.Equal(0, result.ExitCode);
        Assert.Equal("uid=1000 gid=1000 groups=10\n/proc\nhello\n", result.StdOut);
    }

    [RequiresFact(Root = true, Tools = ["busybox"])]
    public async Task Exec_IntoStoppedContainer_IsRefused()
    {
        await StartContainerAsync();
        await _runtime.MustAsync("kill", _id, "KILL");
        await Eventually.UntilAsync(async () => await _runtime.StatusAsync(_id) == "stopped", TimeSpan.FromSeconds(10), "container to stop");
        var result = await _runtime.RunAsync("exec", _id, "true");
        Assert.Equal(1, result.ExitCode);
        Assert.Contains("cannot exec in a stopped container", result.StdErr, StringComparison.Ordinal);
    }

    [RequiresFact(Root = true, Tools = ["busybox", "runc"])]
    public async Task Exec_SameResultsUnderMiniruncAndRunc()
    {
        const string script = "hostname; cat /proc/1/comm; id; pwd; env | sort; grep -E 'CapBnd|NoNewPrivs' /proc/self/status";
        var outputs = new Dictionary<string, string>();
        foreach (var name in new[] { "minirunc", "runc" })
        {
            await StartContainerAsync(name);
            var result = await _runtime.RunAsync("exec", "--env", "EXTRA=1", _id, "sh", "-c", script);
            Assert.Equal(0, result.ExitCode);
            outputs[name] = result.StdOut;
            await _runtime.MustAsync("delete", "--force", _id);
        }
        Assert.Equal(outputs["runc"], outputs["minirunc"]);
    }
}
