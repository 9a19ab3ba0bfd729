using System.Text.Json.Nodes;
using MiniKube.Cri.V1;
using MiniKube.Testing.Runtime;
using MiniKube.Testing;
using Xunit;

namespace MiniKube.Runtime.Tests.Cri;

/// <summary>
/// Recovery: the runtime is killed with SIGKILL while a pod runs and is started again with the same --root and
/// --state; the kubelet must find the same sandboxes and containers, and stop/remove must still clean up everything.
/// The containers' shims outlive the runtime: logs keep growing, log reopen works, and exit codes are not lost.
/// </summary>
public sealed class RecoveryTests
{
    [RequiresTheory(Root = true, Tools = ["docker-registry", "runc", "/usr/lib/cni/bridge", "/usr/lib/cni/host-local", "/usr/lib/cni/loopback", "/usr/lib/cni/portmap"])]
    [InlineData("minirunc")]
    [InlineData("runc")]
    public async Task RestartedRuntime_ReportsTheSamePod_RecordsExitsItMissed_AndStillCleansUp(string handler)
    {
        await using var setup = await PodSetup.StartAsync();
        var runtime = setup.Runtime;
        var logs = runtime.Dir.Combine("logs");
        var config = setup.SandboxConfig("survivor", logs);
        var sandboxId = (await runtime.Runtime.RunPodSandboxAsync(new RunPodSandboxRequest { Config = config, RuntimeHandler = handler })).PodSandboxId;
        var shm = Path.Join(runtime.State, "sandboxes", sandboxId, "shm");
        // Each waits for a file in the pod's /dev/shm, which the test creates on the host side, then exits with 3.
        string WaitFor(string file) => $"while [ ! -e /dev/shm/{file} ]; do sleep 0.1; done; exit 3";
        // The long-running one prints a numbered line every 0.2 s into its CRI log.
        var sleeper = await setup.CreateAsync(sandboxId, config, "sleeper", ["/bin/sh", "-c", "i=0; while true; do echo line $i; i=$((i+1)); sleep 0.2; done"], null);
        var sleeperLog = Path.Join(logs, "sleeper", "0.log");
        var whileDown = await setup.CreateAsync(sandboxId, config, "while-down", ["/bin/sh", "-c", WaitFor("quit-while-down")], null);
        var afterRestart = await setup.CreateAsync(sandboxId, config, "after-restart", ["/bin/sh", "-c", WaitFor("quit-after-restart")], null);
        var created = await setup.CreateAsync(sandboxId, config, "created", ["/bin/sleep", "1000000"], null);
        foreach (var id in new[] { sleeper, whileDown, afterRestart })
            await runtime.Runtime.StartContainerAsync(new StartContainerRequest { ContainerId = id });

        var sandboxBefore = (await runtime.Runtime.PodSandboxStatusAsync(new PodSandboxStatusRequest { PodSandboxId = sandboxId, Verbose = true }));
        var before = new Dictionary<string, ContainerStatusResponse>();
        foreach (var id in new[] { sleeper, whileDown, afterRestart, created })
            before[id] = await runtime.Runtime.ContainerStatusAsync(new ContainerStatusRequest { ContainerId = id, Verbose = true });
        var whileDownPid = Pid(before[whileDown]);
        await Eventually.UntilAsync(() => Task.FromResult(LogLines(sleeperLog).Count > 0), TimeSpan.FromSeconds(20), "the first log line");

        await runtime.CrashAndRestartAsync(async () =>
        {
            // While no runtime runs, one container ends; its exit status goes to whichever process inherited it.
            await File.WriteAllTextAsync(Path.Join(shm, "quit-while-down"), "");
            await Eventually.UntilAsync(() => Task.FromResult(!IsRunning(whileDownPid)), TimeSpan.FromSeconds(20), "the container to exit while the runtime is down");
        });

        // The same sandbox: id, state, IP, pid, handler.
        var sandboxAfter = await runtime.Runtime.PodSandboxStatusAsync(new PodSandboxStatusRequest { PodSandboxId = sandboxId, Verbose = true });
        Assert.Equal(SandboxState(sandboxBefore), SandboxState(sandboxAfter));
        Assert.Equal(PodSandboxState.SandboxReady, sandboxAfter.Status.State);
        Assert.StartsWith(setup.Network.Subnet + ".", sandboxAfter.Status.Network.Ip, StringComparison.Ordinal);
        Assert.Equal(sandboxId, Assert.Single((await runtime.Runtime.ListPodSandboxAsync(new ListPodSandboxRequest())).Items).Id);
        Assert.Equal(4, (await runtime.Runtime.ListContainersAsync(new ListContainersRequest { Filter = new ContainerFilter { PodSandboxId = sandboxId } })).Containers.Count);

        // The running container: same state, pid, times, log path; exec still works.
        var sleeperAfter = await runtime.Runtime.ContainerStatusAsync(new ContainerStatusRequest { ContainerId = sleeper, Verbose = true });
        Assert.Equal(ContainerState.ContainerRunning, sleeperAfter.Status.State);
        Assert.Equal(Pid(before[sleeper]), Pid(sleeperAfter));
        Assert.Equal(before[sleeper].Status.StartedAt, sleeperAfter.Status.StartedAt);
        Assert.Equal(before[sleeper].Status.LogPath, sleeperAfter.Status.LogPath);
        Assert.Equal(before[sleeper].Status.Metadata, sleeperAfter.Status.Metadata);
        var exec = await runtime.Runtime.ExecSyncAsync(new ExecSyncRequest { ContainerId = sleeper, Cmd = { "hostname" }, Timeout = 10 });
        Assert.Equal("survivor\n", exec.Stdout.ToStringUtf8());
        // The log keeps growing after the restart: the shim holds the container's stdout, not the runtime.
        var seenAtRestart = LogLines(sleeperLog).Count;
        await Eventually.UntilAsync(() => Task.FromResult(LogLines(sleeperLog).Count >= seenAtRestart + 3), TimeSpan.FromSeconds(20), "log lines written after the restart");
        Assert.All(LogLines(sleeperLog), l => Assert.Matches(@"^\S+Z stdout F line \d+$", l));
        // Log rotation after the restart: rename, ReopenContainerLog, new lines in a new 0.log.
        File.Move(sleeperLog, sleeperLog + ".rotated");
        await runtime.Runtime.ReopenContainerLogAsync(new ReopenContainerLogRequest { ContainerId = sleeper });
        await Eventually.UntilAsync(() => Task.FromResult(LogLines(sleeperLog).Count > 0), TimeSpan.FromSeconds(20), "lines in the reopened log");
        Assert.Matches(@"^\S+Z stdout F line \d+$", LogLines(sleeperLog)[0]);
        // The created one is still only created.
        Assert.Equal(ContainerState.ContainerCreated, (await runtime.Runtime.ContainerStatusAsync(new ContainerStatusRequest { ContainerId = created })).Status.State);

        // Exited while no runtime ran: its shim reaped it and left the real exit code in the exit file.
        var whileDownAfter = (await runtime.Runtime.ContainerStatusAsync(new ContainerStatusRequest { ContainerId = whileDown })).Status;
        Assert.Equal(ContainerState.ContainerExited, whileDownAfter.State);
        Assert.Equal(3, whileDownAfter.ExitCode);
        Assert.Equal("Error", whileDownAfter.Reason);
        Assert.True(whileDownAfter.FinishedAt > whileDownAfter.StartedAt);

        // Exits after the restart: its shim is not our child any more, so its exit is seen by polling; the code is real.
        var afterRestartStatus = (await runtime.Runtime.ContainerStatusAsync(new ContainerStatusRequest { ContainerId = afterRestart })).Status;
        Assert.Equal(ContainerState.ContainerRunning, afterRestartStatus.State);
        await File.WriteAllTextAsync(Path.Join(shm, "quit-after-restart"), "");
        var exited = await Eventually.UntilAsync(async () =>
        {
            var s = (await runtime.Runtime.ContainerStatusAsync(new ContainerStatusRequest { ContainerId = afterRestart })).Status;
            return s.State == ContainerState.ContainerExited ? s : null;
        }, TimeSpan.FromSeconds(20), "the adopted container's exit to be seen");
        Assert.Equal(3, exited.ExitCode);
        Assert.Equal("Error", exited.Reason);
        Assert.True(exited.FinishedAt > exited.StartedAt);

        // Stop and remove clean up as if nothing had happened.
        var pids = new[] { Pid(sandboxBefore), Pid(sleeperAfter) };
        await runtime.Runtime.StopPodSandboxAsync(new StopPodSandboxRequest { PodSandboxId = sandboxId });
        await runtime.Runtime.RemovePodSandboxAsync(new RemovePodSandboxRequest { PodSandboxId = sandboxId });
        Assert.Empty((await runtime.Runtime.ListPodSandboxAsync(new ListPodSandboxRequest())).Items);
        Assert.Empty((await runtime.Runtime.ListContainersAsync(new ListContainersRequest())).Containers);
        // Adopted processes are reaped by the parent they were orphaned to (the host's init), not by us: as zombies
        // they may linger for a moment after they were killed.
        Assert.All(pids, pid => Assert.False(IsRunning(pid), $"process {pid} is still running"));
        await Eventually.UntilAsync(() => Task.FromResult(pids.All(pid => !Directory.Exists($"/proc/{pid}"))), TimeSpan.FromSeconds(20), "the killed processes to be reaped");
        // No shim is left either (each exits once its container has).
        await Eventually.UntilAsync(() => Task.FromResult(Shims(runtime.State).Count == 0), TimeSpan.FromSeconds(20), "the shims to exit");
        Assert.DoesNotContain(File.ReadAllLines("/proc/self/mountinfo"), l => l.Contains(runtime.Dir.Path, StringComparison.Ordinal));
        Assert.DoesNotContain(PodNetwork.CgroupDirs(config.Linux.CgroupParent), d => d.Contains(sandboxId, StringComparison.Ordinal) || d.Contains(sleeper, StringComparison.Ordinal));
        Assert.Empty(Directory.GetFileSystemEntries(Path.Join(runtime.State, handler)));
        Assert.Empty(Directory.GetFileSystemEntries(Path.Join(runtime.State, "netns")));
        Assert.Empty(Directory.GetFileSystemEntries(Path.Join(runtime.State, "containers")));
        Assert.Empty(Directory.GetFileSystemEntries(Path.Join(runtime.State, "sandboxes")));
        Assert.Empty(setup.Network.AllocatedIps());

        // And a third start finds nothing.
        await runtime.CrashAndRestartAsync();
        Assert.Empty((await runtime.Runtime.ListPodSandboxAsync(new ListPodSandboxRequest())).Items);
    }

    /// <summary>The shims whose bundle is under <paramref name="dir"/> (their command lines name it).</summary>
    private static List<string> Shims(string dir) =>
        [.. Directory.GetDirectories("/proc").Where(d => int.TryParse(Path.GetFileName(d), out _)).Select(d =>
        {
            try { return File.ReadAllText(Path.Join(d, "cmdline")).Replace('\0', ' '); }
            catch (IOException) { return ""; }
        }).Where(cmdline => cmdline.Contains("minikube-runtime-shim", StringComparison.Ordinal) && cmdline.Contains(dir, StringComparison.Ordinal))];

    private static List<string> LogLines(string path) =>
        File.Exists(path) ? [.. File.ReadAllLines(path).Where(l => l.Length > 0)] : [];

    private static bool IsRunning(int pid)
    {
        try { return !File.ReadAllText($"/proc/{pid}/stat").Contains(") Z ", StringComparison.Ordinal); }
        catch (IOException) { return false; }
    }

    private static int Pid(ContainerStatusResponse status) => JsonNode.Parse(status.Info["info"])!["pid"]!.GetValue<int>();

    private static int Pid(PodSandboxStatusResponse status) => JsonNode.Parse(status.Info["info"])!["pid"]!.GetValue<int>();

    private static string SandboxState(PodSandboxStatusResponse status) =>
        $"{status.Status.Id} {status.Status.State} {status.Status.Network.Ip} {status.Status.RuntimeHandler} {status.Status.CreatedAt} {status.Info["info"]}";
}
