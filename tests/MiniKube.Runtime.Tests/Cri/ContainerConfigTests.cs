using MiniKube.Cri.V1;
using MiniKube.Testing;
using MiniKube.Testing.Runtime;
using Xunit;

namespace MiniKube.Runtime.Tests.Cri;

/// <summary>
/// What CreateContainer takes from the kubelet's ContainerConfig into the OCI bundle, seen from inside the running
/// container: command and args, env, working directory, user and group, bind mounts (read-only and writable); and
/// StopContainer's SIGTERM-then-SIGKILL for a PID 1 that ignores SIGTERM.
/// Concept: https://kubernetes.io/docs/concepts/workloads/pods/pod-lifecycle/#pod-termination
/// </summary>
public sealed class ContainerConfigTests
{
    [RequiresTheory(Root = true, Tools = ["docker-registry", "runc", "/usr/lib/cni/bridge", "/usr/lib/cni/host-local", "/usr/lib/cni/loopback", "/usr/lib/cni/portmap"])]
    [InlineData("minirunc")]
    [InlineData("runc")]
    public async Task ContainerConfig_ReachesTheProcess_AndStopKillsAfterTheTimeout(string handler)
    {
        await using var setup = await PodSetup.StartAsync();
        var runtime = setup.Runtime;
        var readOnly = runtime.Dir.Combine("config-data");
        var writable = runtime.Dir.Combine("scratch");
        Directory.CreateDirectory(readOnly);
        Directory.CreateDirectory(writable);
        File.WriteAllText(Path.Join(readOnly, "settings"), "from-the-host\n");
        var sandboxConfig = setup.SandboxConfig("config", runtime.Dir.Combine("logs"));
        var sandboxId = (await runtime.Runtime.RunPodSandboxAsync(new RunPodSandboxRequest { Config = sandboxConfig, RuntimeHandler = handler })).PodSandboxId;

        // sh as PID 1 has no SIGTERM handler, so only the SIGKILL after the timeout ends it.
        var id = await setup.CreateAsync(sandboxId, sandboxConfig, "app", ["/bin/sh", "-c"], null, config =>
        {
            config.Args.Add("echo \"$GREETING from $(pwd) as $(id -u):$(id -g)\"; touch /scratch/written; exec sleep 1000000");
            config.Envs.Add(new KeyValue { Key = "GREETING", Value = "hello" });
            config.WorkingDir = "/tmp";
            config.Linux.SecurityContext = new LinuxContainerSecurityContext { RunAsUser = new Int64Value { Value = 1000 }, RunAsGroup = new Int64Value { Value = 2000 } };
            config.Mounts.Add(new Mount { HostPath = readOnly, ContainerPath = "/etc/app", Readonly = true });
            config.Mounts.Add(new Mount { HostPath = writable, ContainerPath = "/scratch" });
        });
        File.SetUnixFileMode(writable, (UnixFileMode)0x1FF);    // 0777: uid 1000 writes there
        await runtime.Runtime.StartContainerAsync(new StartContainerRequest { ContainerId = id });

        var log = Path.Join(runtime.Dir.Combine("logs"), "app", "0.log");
        var line = await Eventually.UntilAsync(async () => File.Exists(log) ? (await File.ReadAllLinesAsync(log)).FirstOrDefault() : null,
            TimeSpan.FromSeconds(20), "the container's first log line");
        Assert.EndsWith(" stdout F hello from /tmp as 1000:2000", line, StringComparison.Ordinal);
        Assert.Equal("from-the-host\n", (await setup.ExecAsync(id, "cat", "/etc/app/settings")).Stdout);
        var write = await setup.ExecAsync(id, "sh", "-c", "echo x > /etc/app/settings");
        Assert.NotEqual(0, write.ExitCode);
        Assert.Contains("Read-only file system", write.Stderr, StringComparison.Ordinal);
        await Eventually.UntilAsync(() => Task.FromResult(File.Exists(Path.Join(writable, "written"))), TimeSpan.FromSeconds(10), "the file written through the mount");
        Assert.Equal("from-the-host\n", File.ReadAllText(Path.Join(readOnly, "settings")));

        await runtime.Runtime.StopContainerAsync(new StopContainerRequest { ContainerId = id, Timeout = 1 });
        var stopped = (await runtime.Runtime.ContainerStatusAsync(new ContainerStatusRequest { ContainerId = id })).Status;
        Assert.Equal((ContainerState.ContainerExited, 137), (stopped.State, stopped.ExitCode));

        await runtime.Runtime.RemovePodSandboxAsync(new RemovePodSandboxRequest { PodSandboxId = sandboxId });
    }
}
