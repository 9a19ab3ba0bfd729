using MiniKube.Cri.V1;
using MiniKube.Testing;
using MiniKube.Testing.Runtime;
using Xunit;

namespace MiniKube.Runtime.Tests.Cri;

/// <summary>
/// How a container's end reaches ContainerStatus, which the kubelet turns into the pod's lastState: exit code and
/// reason Completed or Error, and OOMKilled (137) when the kernel's OOM killer ended it inside its memory limit.
/// Concept: https://kubernetes.io/docs/tasks/configure-pod-container/assign-memory-resource/#exceed-a-containers-memory-limit
/// </summary>
public sealed class ContainerExitTests
{
    [RequiresTheory(Root = true, Tools = ["docker-registry", "runc", "/usr/lib/cni/bridge", "/usr/lib/cni/host-local", "/usr/lib/cni/loopback", "/usr/lib/cni/portmap"])]
    [InlineData("minirunc")]
    [InlineData("runc")]
    public async Task ExitCodesAndReasons_CompletedErrorAndOomKilled(string handler)
    {
        await using var setup = await PodSetup.StartAsync();
        var runtime = setup.Runtime;
        var sandboxConfig = setup.SandboxConfig("exits", runtime.Dir.Combine("logs"));
        var sandboxId = (await runtime.Runtime.RunPodSandboxAsync(new RunPodSandboxRequest { Config = sandboxConfig, RuntimeHandler = handler })).PodSandboxId;
        var completed = await setup.CreateAsync(sandboxId, sandboxConfig, "completed", ["/bin/true"], null);
        var failed = await setup.CreateAsync(sandboxId, sandboxConfig, "failed", ["/bin/sh", "-c", "exit 3"], null);
        // 16 MiB and no swap; the shell keeps 64 MiB in one variable.
        var hog = await setup.CreateAsync(sandboxId, sandboxConfig, "hog", ["/bin/sh", "-c", "x=$(head -c 67108864 /dev/zero | tr '\\0' a); echo survived"],
            new LinuxContainerResources { MemoryLimitInBytes = 16 << 20, MemorySwapLimitInBytes = 16 << 20 });
        foreach (var id in new[] { completed, failed, hog }) await runtime.Runtime.StartContainerAsync(new StartContainerRequest { ContainerId = id });

        async Task<ContainerStatus> ExitedAsync(string id) => await Eventually.UntilAsync(async () =>
        {
            var status = (await runtime.Runtime.ContainerStatusAsync(new ContainerStatusRequest { ContainerId = id })).Status;
            return status.State == ContainerState.ContainerExited ? status : null;
        }, TimeSpan.FromSeconds(60), $"container {id} to exit");

        var c = await ExitedAsync(completed);
        Assert.Equal((0, "Completed"), (c.ExitCode, c.Reason));
        var f = await ExitedAsync(failed);
        Assert.Equal((3, "Error"), (f.ExitCode, f.Reason));
        var h = await ExitedAsync(hog);
        Assert.Equal((137, "OOMKilled"), (h.ExitCode, h.Reason));
        Assert.True(h.FinishedAt >= h.StartedAt);

        await runtime.Runtime.RemovePodSandboxAsync(new RemovePodSandboxRequest { PodSandboxId = sandboxId });
    }
}
