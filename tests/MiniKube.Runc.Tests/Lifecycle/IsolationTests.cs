using MiniKube.Runc.Tests.Fixtures;
using MiniKube.Testing;
using Xunit;
using Xunit.Abstractions;

namespace MiniKube.Runc.Tests.Lifecycle;

/// <summary>
/// What a container sees, checked from inside a busybox container by a shell script that prints key=value lines,
/// and the same bundle under runc: minirunc must give the same observable results (the differential test).
/// </summary>
public sealed class IsolationTests(ITestOutputHelper log) : IAsyncLifetime
{
    private readonly string _marker = Path.Join(Path.GetTempPath(), "minirunc-host-marker-" + Guid.NewGuid().ToString("N")[..8]);
    private ChildProcess? _hostSleeper;

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        File.Delete(_marker);
        if (_hostSleeper is not null) await _hostSleeper.DisposeAsync();
    }

    /// <summary>
    /// Each check avoids forking where it can (set -- with a glob, builtins), so that the answer does not depend on
    /// how many helper processes happen to exist while it runs.
    /// </summary>
    private static string CheckScript(string marker, int hostPid) => string.Join("\n",
        "echo pid=$$",
        "echo hostname=$(hostname)",
        "set -- /proc/[0-9]*; echo procs=$*",
        $"[ -e /proc/{hostPid} ] && echo hostpid=visible || echo hostpid=hidden",
        $"[ -e {marker} ] && echo hostfile=visible || echo hostfile=hidden",
        "set -- /*; echo root=$*",
        "{ echo x > /proc/sys/kernel/hostname; } 2>/dev/null && echo procsys=writable || echo procsys=readonly",
        "{ touch /sys/x; } 2>/dev/null && echo sys=writable || echo sys=readonly",
        "{ touch /x; } 2>/dev/null && echo rootfs=writable || echo rootfs=readonly",
        "echo links=$(ip -o link | cut -d' ' -f2-3)",
        "{ hostname changed; } 2>/dev/null && echo sethostname=allowed || echo sethostname=denied",
        "echo capbnd=$(grep CapBnd /proc/self/status | cut -f2)",
        "echo capeff=$(grep CapEff /proc/self/status | cut -f2)",
        "echo nnp=$(grep NoNewPrivs /proc/self/status | cut -f2)",
        "echo nofile=$(ulimit -n)",
        "echo keys=$(cat /proc/keys | wc -c)",
        "echo firmware=$(ls /sys/firmware | wc -l)",
        "echo id=$(id)",
        "echo cwd=$(pwd)",
        "echo env=$(env | sort | tr '\\n' ' ')",
        "echo dev=$(ls /dev | tr '\\n' ' ')",
        "echo mounted=$(cut -d' ' -f2 /proc/self/mounts | grep -x -e /dev/shm -e /dev/mqueue -e /dev/pts -e /proc -e /sys | sort | tr '\\n' ' ')",
        "echo oldroot=$(grep -c -e ' /work' -e ' /tmp/minirunc-tests' /proc/self/mounts)");

    private async Task<Dictionary<string, string>> RunChecksAsync(string runtimeName, Action<BusyboxBundle>? edit = null)
    {
        File.WriteAllText(_marker, "host secret");
        _hostSleeper ??= ChildProcess.Start("sleep", ["300"]);
        using var bundle = new BusyboxBundle("sh", "-c", CheckScript(_marker, _hostSleeper.Id));
        edit?.Invoke(bundle);
        bundle.Save();
        await using var runtime = OciRuntime.Named(runtimeName, log);
        var id = "iso-" + Guid.NewGuid().ToString("N")[..8];
        var result = await runtime.RunAsync("run", "--bundle", bundle.Directory, id);
        Assert.True(result.ExitCode == 0, $"{runtimeName} run failed: {result}");
        LeftBehind.AssertNothingLeft(runtime, id, bundle);
        return result.StdOut.Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Select(l => l.Split('=', 2)).ToDictionary(p => p[0], p => p.Length > 1 ? p[1] : "");
    }

    [RequiresFact(Root = true, Tools = ["busybox"])]
    public async Task Run_Busybox_IsIsolated()
    {
        var seen = await RunChecksAsync("minirunc");

        Assert.Equal("1", seen["pid"]);                      // the shell is PID 1 of its own PID namespace
        Assert.Equal("busybox-test", seen["hostname"]);      // the spec's hostname, in its own UTS namespace
        Assert.Equal("/proc/1", seen["procs"]);              // /proc shows only the container's processes
        Assert.Equal("hidden", seen["hostpid"]);
        Assert.Equal("hidden", seen["hostfile"]);            // the host's files are not reachable after pivot_root
        Assert.Equal("0", seen["oldroot"]);                  // and the old root is not mounted anywhere
        Assert.Equal("readonly", seen["procsys"]);           // /proc/sys is a read-only path
        Assert.Equal("readonly", seen["sys"]);
        Assert.Equal("readonly", seen["rootfs"]);            // root.readonly
        Assert.Equal("lo: <LOOPBACK,UP,LOWER_UP>", seen["links"]); // a new network namespace has only lo
        Assert.Equal("denied", seen["sethostname"]);         // no CAP_SYS_ADMIN in the spec's capabilities
        Assert.Equal("0000000020000420", seen["capbnd"]);    // exactly CAP_KILL, CAP_NET_BIND_SERVICE, CAP_AUDIT_WRITE
        Assert.Equal("1", seen["nnp"]);
        Assert.Equal("1024", seen["nofile"]);
        Assert.Equal("0", seen["keys"]);                     // a masked file: /dev/null mounted over it
        Assert.Equal("0", seen["firmware"]);                 // masked with an empty tmpfs
        Assert.Equal("/dev/mqueue /dev/pts /dev/shm /proc /sys", seen["mounted"].Trim());
    }

    [RequiresFact(Root = true, Tools = ["busybox", "runc"])]
    public async Task Run_Busybox_SameResultsUnderMiniruncAndRunc()
    {
        var minirunc = await RunChecksAsync("minirunc");
        var runc = await RunChecksAsync("runc");
        var differences = runc.Keys.Union(minirunc.Keys)
            .Where(k => runc.GetValueOrDefault(k) != minirunc.GetValueOrDefault(k))
            .Select(k => $"{k}: runc \"{runc.GetValueOrDefault(k)}\" vs minirunc \"{minirunc.GetValueOrDefault(k)}\"").ToList();
        Assert.True(differences.Count == 0, "differences:\n" + string.Join('\n', differences));
    }

    [RequiresFact(Root = true, Tools = ["busybox", "runc"])]
    public async Task Run_AsUserWithGroupsAndCapSysAdmin_SameUnderMiniruncAndRunc()
    {
        void Edit(BusyboxBundle b)
        {
            b.Process["user"] = System.Text.Json.Nodes.JsonNode.Parse("""{"uid": 1000, "gid": 1000, "additionalGids": [10, 20]}""");
            b.Process["cwd"] = "/tmp";
            b.Config["root"]!["readonly"] = false;
            b.Config["mounts"]!.AsArray().Add(System.Text.Json.Nodes.JsonNode.Parse("""{"destination": "/tmp", "type": "tmpfs", "source": "tmpfs", "options": ["mode=1777"]}"""));
            var caps = System.Text.Json.Nodes.JsonNode.Parse("""["CAP_SYS_ADMIN", "CAP_KILL"]""")!;
            foreach (var set in new[] { "bounding", "effective", "permitted", "inheritable", "ambient" })
                b.Process["capabilities"]![set] = caps.DeepClone();
            b.Process["noNewPrivileges"] = false;
        }
        var minirunc = await RunChecksAsync("minirunc", Edit);
        var runc = await RunChecksAsync("runc", Edit);

        Assert.Equal("uid=1000 gid=1000 groups=10,20", minirunc["id"]);
        Assert.Equal("/tmp", minirunc["cwd"]);
        Assert.Equal("allowed", minirunc["sethostname"]);   // CAP_SYS_ADMIN kept through the uid change (ambient)
        Assert.Equal("0", minirunc["nnp"]);
        var differences = runc.Keys.Union(minirunc.Keys)
            .Where(k => runc.GetValueOrDefault(k) != minirunc.GetValueOrDefault(k))
            .Select(k => $"{k}: runc \"{runc.GetValueOrDefault(k)}\" vs minirunc \"{minirunc.GetValueOrDefault(k)}\"").ToList();
        Assert.True(differences.Count == 0, "differences:\n" + string.Join('\n', differences));
    }

    [RequiresTheory(Root = true, Tools = ["busybox", "runc"])]
    [InlineData("minirunc")]
    [InlineData("runc")]
    public async Task DevicesCgroup_DeniesADeviceTheConfigDoesNotAllow(string runtimeName)
    {
        // Even with CAP_MKNOD the container can make the node but not open it: the devices cgroup says no (EPERM).
        using var bundle = new BusyboxBundle("sh", "-c", "mknod /dev/disk b 254 0 && head -c 1 /dev/disk; cat /dev/null && echo null-ok");
        foreach (var set in new[] { "bounding", "effective", "permitted" }) bundle.Process["capabilities"]![set]!.AsArray().Add("CAP_MKNOD");
        bundle.Save();
        await using var runtime = OciRuntime.Named(runtimeName, log);
        var id = "dev-" + Guid.NewGuid().ToString("N")[..8];
        var result = await runtime.RunAsync("run", "--bundle", bundle.Directory, id);
        Assert.Contains("/dev/disk: Operation not permitted", result.StdErr, StringComparison.Ordinal);
        Assert.Equal("null-ok\n", result.StdOut);
        LeftBehind.AssertNothingLeft(runtime, id, bundle);
    }
}
