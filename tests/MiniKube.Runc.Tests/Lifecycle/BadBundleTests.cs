using System.Text.Json.Nodes;
using MiniKube.Runc.Tests.Fixtures;
using MiniKube.Testing;
using Xunit;
using Xunit.Abstractions;

namespace MiniKube.Runc.Tests.Lifecycle;

/// <summary>
/// Bundles minirunc must refuse: each `create` fails with a message naming the problem, before anything exists,
/// and leaves no state directory, cgroup, mount or process behind.
/// </summary>
public sealed class BadBundleTests(ITestOutputHelper log) : IAsyncLifetime, IDisposable
{
    private readonly OciRuntime _minirunc = OciRuntime.Minirunc(log);
    private readonly BusyboxBundle _bundle = new("true");
    private readonly string _id = "bad-" + Guid.NewGuid().ToString("N")[..8];

    public Task InitializeAsync() => Task.CompletedTask;
    public async Task DisposeAsync() => await _minirunc.DisposeAsync();
    public void Dispose() => _bundle.Dispose();

    public static TheoryData<string, string> Cases => new()
    {
        { "missing-config", "config.json not found in bundle" },
        { "invalid-json", "config.json in bundle" },
        { "missing-rootfs", "root.path: rootfs directory" },
        { "dotdot-destination", "mounts[6].destination: path \"/../../../etc/evil\" climbs out of the rootfs" },
        { "symlink-destination", "leaves the rootfs through the symlink /mnt/escape -> ../../../../../../../tmp" },
        { "unknown-namespace", "linux.namespaces[5].type: unknown namespace type \"foo\"" },
        { "user-namespace", "user namespaces are not supported" },
        { "unknown-capability", "unknown capability \"CAP_FLY\"" },
        { "hostname-without-uts", "hostname: set, but the container has no new uts namespace" },
        { "relative-cwd", "process.cwd: must be an absolute path" },
        { "host-sysctl", "\"kernel.panic\" is not a namespaced sysctl" },
    };

    private void Break(string kind)
    {
        var config = Path.Join(_bundle.Directory, "config.json");
        switch (kind)
        {
            case "missing-config": File.Delete(config); return;
            case "invalid-json": File.WriteAllText(config, "{\"ociVersion\": \"1.0.2\", \"process\": {"); return;
            case "missing-rootfs": _bundle.Config["root"]!["path"] = "no-such-rootfs"; break;
            case "dotdot-destination": _bundle.Config["mounts"]!.AsArray().Add(TmpfsAt("/../../../etc/evil")); break;
            case "symlink-destination":
                Directory.CreateDirectory(Path.Join(_bundle.Rootfs, "mnt"));
                File.CreateSymbolicLink(Path.Join(_bundle.Rootfs, "mnt", "escape"), "../../../../../../../tmp");
                _bundle.Config["mounts"]!.AsArray().Add(TmpfsAt("/mnt/escape/evil"));
                break;
            case "unknown-namespace": _bundle.Linux["namespaces"]!.AsArray().Add(new JsonObject { ["type"] = "foo" }); break;
            case "user-namespace": _bundle.Linux["namespaces"]!.AsArray().Add(new JsonObject { ["type"] = "user" }); break;
            case "unknown-capability": _bundle.Process["capabilities"]!["bounding"]!.AsArray().Add("CAP_FLY"); break;
            case "hostname-without-uts":
                var namespaces = _bundle.Linux["namespaces"]!.AsArray();
                namespaces.Remove(namespaces.First(n => n!["type"]!.GetValue<string>() == "uts"));
                break;
            case "relative-cwd": _bundle.Process["cwd"] = "tmp"; break;
            case "host-sysctl": _bundle.Linux["sysctl"] = new JsonObject { ["kernel.panic"] = "1" }; break;
        }
        _bundle.Save();
    }

    // The text log format (runc's too) writes msg="…" with inner quotes escaped.
    private static string Unescaped(string logText) => logText.Replace("\\\"", "\"", StringComparison.Ordinal);

    private static JsonObject TmpfsAt(string destination) => new() { ["destination"] = destination, ["type"] = "tmpfs", ["source"] = "tmpfs" };

    [RequiresTheory(Root = true, Tools = ["busybox"])]
    [MemberData(nameof(Cases))]
    public async Task Create_BadBundle_IsRefused_AndLeavesNothing(string kind, string expectedError)
    {
        Break(kind);
        var result = await _minirunc.CreateAsync(_id, _bundle, Path.Join(_bundle.Scratch, "out"));
        Assert.Equal(1, result.ExitCode);
        Assert.Contains(expectedError, Unescaped(result.StdErr), StringComparison.Ordinal);
        LeftBehind.AssertNothingLeft(_minirunc, _id, _bundle);
        Assert.False(Directory.Exists("/etc/evil"));
        Assert.False(Directory.Exists("/tmp/evil"));
    }

    [RequiresFact(Root = true, Tools = ["busybox"])]
    public async Task Create_ReportsEveryProblemAtOnce()
    {
        _bundle.Process["cwd"] = "relative";
        _bundle.Linux["namespaces"]!.AsArray().Add(new JsonObject { ["type"] = "foo" });
        _bundle.Save();
        var result = await _minirunc.CreateAsync(_id, _bundle, Path.Join(_bundle.Scratch, "out"));
        Assert.Contains("process.cwd", Unescaped(result.StdErr), StringComparison.Ordinal);
        Assert.Contains("unknown namespace type \"foo\"", Unescaped(result.StdErr), StringComparison.Ordinal);
    }

    [RequiresTheory(Root = true, Tools = ["busybox", "runc"])]
    [InlineData("minirunc")]
    [InlineData("runc")]
    public async Task Mount_ThroughAbsoluteSymlink_StaysInsideTheRootfs(string runtimeName)
    {
        // Debian images ship /var/run -> /run: an absolute link means /run of the container, not of the host.
        Directory.CreateDirectory(Path.Join(_bundle.Rootfs, "run"));
        Directory.CreateDirectory(Path.Join(_bundle.Rootfs, "var"));
        File.CreateSymbolicLink(Path.Join(_bundle.Rootfs, "var", "run"), "/run");
        _bundle.Config["mounts"]!.AsArray().Add(TmpfsAt("/var/run/secrets"));
        _bundle.WithArgs("sh", "-c", "grep -c ' /run/secrets ' /proc/self/mounts").Save();
        await using var runtime = OciRuntime.Named(runtimeName, log);
        var result = await runtime.RunAsync("run", "--bundle", _bundle.Directory, _id);
        Assert.Equal("1\n", result.StdOut);
        Assert.False(Directory.Exists("/run/secrets") && !Directory.Exists("/run/secrets/kubernetes.io"), "mounted on the host's /run");
        LeftBehind.AssertNothingLeft(runtime, _id, _bundle);
    }
}
