using MiniKube.Cri.V1;
using MiniKube.Testing.Runtime;
using MiniKube.Testing;
using Xunit;

namespace MiniKube.Runtime.Tests.Cri;

/// <summary>
/// What the kubelet asks of a running pod besides its lifecycle: usage from the cgroups (ContainerStats,
/// ListContainerStats, PodSandboxStats, ListPodSandboxStats), new limits (UpdateContainerResources) and log rotation
/// (ReopenContainerLog).
/// </summary>
public sealed class StatsTests
{
    [RequiresTheory(Root = true, Tools = ["docker-registry", "runc", "/usr/lib/cni/bridge", "/usr/lib/cni/host-local", "/usr/lib/cni/loopback", "/usr/lib/cni/portmap"])]
    [InlineData("minirunc")]
    [InlineData("runc")]
    public async Task RunningPod_ReportsUsage_TakesNewLimits_AndReopensItsLog(string handler)
    {
        await using var setup = await PodSetup.StartAsync();
        var runtime = setup.Runtime;
        var logs = runtime.Dir.Combine("logs");
        var config = setup.SandboxConfig("stats", logs);
        var sandboxId = (await runtime.Runtime.RunPodSandboxAsync(new RunPodSandboxRequest { Config = config, RuntimeHandler = handler })).PodSandboxId;
        var id = await setup.CreateAsync(sandboxId, config, "worker",
            ["/bin/sh", "-c", "dd if=/dev/urandom of=/blob bs=1024 count=4096 2>/dev/null; while true; do echo tick; sleep 0.1; done"],
            new LinuxContainerResources { MemoryLimitInBytes = 64 << 20, CpuPeriod = 100000, CpuQuota = 50000, CpuShares = 256 });
        await runtime.Runtime.StartContainerAsync(new StartContainerRequest { ContainerId = id });

        // The container: CPU time, memory, and the 4 MiB it wrote into its writable layer.
        var stats = await Eventually.UntilAsync(async () =>
        {
            var s = (await runtime.Runtime.ContainerStatsAsync(new ContainerStatsRequest { ContainerId = id })).Stats;
            return s.WritableLayer.UsedBytes.Value >= 4 << 20 ? s : null;
        }, TimeSpan.FromSeconds(20), "the container to write its file");
        Assert.Equal(id, stats.Attributes.Id);
        Assert.Equal("worker", stats.Attributes.Metadata.Name);
        Assert.True(stats.Cpu.UsageCoreNanoSeconds.Value > 0);
        Assert.True(stats.Memory.WorkingSetBytes.Value > 0);
        Assert.True(stats.Memory.UsageBytes.Value >= stats.Memory.WorkingSetBytes.Value);
        Assert.True(stats.Memory.AvailableBytes.Value <= 64 << 20);
        var second = (await runtime.Runtime.ContainerStatsAsync(new ContainerStatsRequest { ContainerId = id })).Stats;
        Assert.True(second.Cpu.UsageCoreNanoSeconds.Value >= stats.Cpu.UsageCoreNanoSeconds.Value);
        Assert.NotNull(second.Cpu.UsageNanoCores);     // a rate, from the previous sample
        var listed = await runtime.Runtime.ListContainerStatsAsync(new ListContainerStatsRequest { Filter = new ContainerStatsFilter { PodSandboxId = sandboxId } });
        Assert.Equal(id, Assert.Single(listed.Stats).Attributes.Id);
        Assert.Empty((await runtime.Runtime.ListContainerStatsAsync(new ListContainerStatsRequest { Filter = new ContainerStatsFilter { LabelSelector = { ["no"] = "such" } } })).Stats);

        // The pod: its cgroup (pause + worker), processes, the eth0 CNI made, and the container inside.
        var pod = (await runtime.Runtime.PodSandboxStatsAsync(new PodSandboxStatsRequest { PodSandboxId = sandboxId })).Stats;
        Assert.Equal(sandboxId, pod.Attributes.Id);
        Assert.True(pod.Linux.Cpu.UsageCoreNanoSeconds.Value >= stats.Cpu.UsageCoreNanoSeconds.Value);
        Assert.True(pod.Linux.Memory.WorkingSetBytes.Value > 0);
        Assert.True(pod.Linux.Process.ProcessCount.Value >= 2, $"{pod.Linux.Process.ProcessCount.Value} processes");
        Assert.Equal("eth0", pod.Linux.Network.DefaultInterface.Name);
        Assert.Equal(id, Assert.Single(pod.Linux.Containers).Attributes.Id);
        Assert.Equal(sandboxId, Assert.Single((await runtime.Runtime.ListPodSandboxStatsAsync(new ListPodSandboxStatsRequest())).Stats).Attributes.Id);

        // New limits land in the running container's cgroup and in its status.
        await runtime.Runtime.UpdateContainerResourcesAsync(new UpdateContainerResourcesRequest
        {
            ContainerId = id,
            Linux = new LinuxContainerResources { MemoryLimitInBytes = 96 << 20, CpuPeriod = 100000, CpuQuota = 30000, CpuShares = 512 },
        });
        var cgroup = config.Linux.CgroupParent.TrimStart('/') + "/" + id;
        Assert.Equal("100663296", (await File.ReadAllTextAsync($"/sys/fs/cgroup/memory/{cgroup}/memory.limit_in_bytes")).Trim());
        Assert.Equal("30000", (await File.ReadAllTextAsync($"/sys/fs/cgroup/cpu/{cgroup}/cpu.cfs_quota_us")).Trim());
        Assert.Equal("512", (await File.ReadAllTextAsync($"/sys/fs/cgroup/cpu/{cgroup}/cpu.shares")).Trim());
        var status = (await runtime.Runtime.ContainerStatusAsync(new ContainerStatusRequest { ContainerId = id })).Status;
        Assert.Equal(96 << 20, status.Resources.Linux.MemoryLimitInBytes);

        // Log rotation: the kubelet renames the file, then asks for a reopen; new lines go to a new file.
        var log = Path.Join(logs, "worker", "0.log");
        await Eventually.UntilAsync(() => Task.FromResult(File.Exists(log) && File.ReadAllText(log).Contains("stdout F tick", StringComparison.Ordinal)), TimeSpan.FromSeconds(20), "ticks in the log");
        File.Move(log, log + ".20240101-000000");
        await runtime.Runtime.ReopenContainerLogAsync(new ReopenContainerLogRequest { ContainerId = id });
        await Eventually.UntilAsync(() => Task.FromResult(File.Exists(log) && File.ReadAllText(log).Contains("stdout F tick", StringComparison.Ordinal)), TimeSpan.FromSeconds(20), "ticks in the reopened log");

        await runtime.Runtime.StopContainerAsync(new StopContainerRequest { ContainerId = id, Timeout = 0 });
        var exited = (await runtime.Runtime.ContainerStatsAsync(new ContainerStatsRequest { ContainerId = id })).Stats;
        Assert.Null(exited.Cpu);     // its cgroup is gone
        await runtime.Runtime.RemovePodSandboxAsync(new RemovePodSandboxRequest { PodSandboxId = sandboxId });
        Assert.Empty((await runtime.Runtime.ListPodSandboxStatsAsync(new ListPodSandboxStatsRequest())).Stats);
        Assert.DoesNotContain(PodNetwork.CgroupDirs(config.Linux.CgroupParent), d => d.Contains(id, StringComparison.Ordinal));
    }
}
