using System.Text.Json.Nodes;
using MiniKube.Runc.Tests.Fixtures;
using MiniKube.Testing;
using Xunit;
using Xunit.Abstractions;

namespace MiniKube.Runc.Tests.Lifecycle;

/// <summary>
/// Joining namespaces by path, the way a pod's containers join their sandbox ("pause") container: the same network
/// (one IP, localhost shared), IPC and UTS (hostname); and, with shareProcessNamespace, the same PID namespace.
/// Concept: https://kubernetes.io/docs/concepts/workloads/pods/#how-pods-manage-multiple-containers
/// </summary>
public sealed class SharedNamespaceTests(ITestOutputHelper log)
{
    private static string Link(string path) => new FileInfo(path).LinkTarget ?? "";

    [RequiresTheory(Root = true, Tools = ["busybox", "runc"])]
    [InlineData("minirunc")]
    [InlineData("runc")]
    public async Task Container_JoiningTheSandboxsNamespaces_SharesThem(string runtimeName)
    {
        using var sandboxBundle = new BusyboxBundle("sleep", "300");
        using var appBundle = new BusyboxBundle("sh", "-c", "hostname; cat /proc/[0-9]*/comm");
        await using var runtime = OciRuntime.Named(runtimeName, log);
        var sandbox = "sb-" + Guid.NewGuid().ToString("N")[..8];
        var app = "app-" + Guid.NewGuid().ToString("N")[..8];

        sandboxBundle.Config["hostname"] = "the-pod";
        sandboxBundle.Save();
        await runtime.CreateAsync(sandbox, sandboxBundle, Path.Join(sandboxBundle.Scratch, "out"));
        await runtime.MustAsync("start", sandbox);
        var sandboxPid = (await runtime.StateAsync(sandbox)).GetProperty("pid").GetInt32();

        // The app container: its own mount namespace, the sandbox's network, IPC, UTS and PID namespaces.
        appBundle.Config.Remove("hostname");
        appBundle.Linux["namespaces"] = new JsonArray(
            new JsonObject { ["type"] = "mount" },
            new JsonObject { ["type"] = "network", ["path"] = $"/proc/{sandboxPid}/ns/net" },
            new JsonObject { ["type"] = "ipc", ["path"] = $"/proc/{sandboxPid}/ns/ipc" },
            new JsonObject { ["type"] = "uts", ["path"] = $"/proc/{sandboxPid}/ns/uts" },
            new JsonObject { ["type"] = "pid", ["path"] = $"/proc/{sandboxPid}/ns/pid" });
        appBundle.Save();
        var result = await runtime.RunAsync("run", "--bundle", appBundle.Directory, app);
        Assert.Equal(0, result.ExitCode);
        // The sandbox's hostname, and both containers' processes: the sandbox's sleep (PID 1) and our cat (the shell
        // exec'd it).
        Assert.Equal("the-pod\nsleep\ncat\n", result.StdOut);

        await runtime.MustAsync("delete", "--force", sandbox);
        LeftBehind.AssertNothingLeft(runtime, sandbox, sandboxBundle, sandboxPid);
        LeftBehind.AssertNothingLeft(runtime, app, appBundle);
    }

    [RequiresFact(Root = true, Tools = ["busybox"])]
    public async Task Create_JoiningANetworkNamespaceByPath_KeepsItsOwnMountNamespace()
    {
        using var sandboxBundle = new BusyboxBundle("sleep", "300");
        using var appBundle = new BusyboxBundle("sleep", "300");
        await using var runtime = OciRuntime.Minirunc(log);
        await runtime.CreateAsync("sb", sandboxBundle, Path.Join(sandboxBundle.Scratch, "out"));
        var sandboxPid = (await runtime.StateAsync("sb")).GetProperty("pid").GetInt32();
        appBundle.Config.Remove("hostname");
        appBundle.Linux["namespaces"]!.AsArray().Clear();
        appBundle.Linux["namespaces"]!.AsArray().Add(new JsonObject { ["type"] = "mount" });
        appBundle.Linux["namespaces"]!.AsArray().Add(new JsonObject { ["type"] = "network", ["path"] = $"/proc/{sandboxPid}/ns/net" });
        appBundle.Save();
        await runtime.CreateAsync("app", appBundle, Path.Join(appBundle.Scratch, "out"));
        var appPid = (await runtime.StateAsync("app")).GetProperty("pid").GetInt32();
        Assert.Equal(Link($"/proc/{sandboxPid}/ns/net"), Link($"/proc/{appPid}/ns/net"));
        Assert.NotEqual(Link($"/proc/{sandboxPid}/ns/mnt"), Link($"/proc/{appPid}/ns/mnt"));
        Assert.NotEqual(Link($"/proc/self/ns/net"), Link($"/proc/{appPid}/ns/net"));
    }
}
