using Grpc.Core;
using MiniKube.Runtime.Stats;
using MiniKube.Runtime.Store;
using V1 = MiniKube.Cri.V1;

namespace MiniKube.Runtime.Cri;

public sealed partial class RuntimeService
{
    /// <summary>One container's CPU, memory and writable layer usage (containerd's container_stats.go).</summary>
    public override Task<V1.ContainerStatsResponse> ContainerStats(V1.ContainerStatsRequest request, ServerCallContext context) =>
        Task.FromResult(new V1.ContainerStatsResponse { Stats = StatsOf(containers.Get(request.ContainerId), UnixNanos(DateTimeOffset.UtcNow)) });

    /// <summary>
    /// The stats of every container matching the filter (id, sandbox id, labels), for the kubelet's summary API.
    /// Upstream difference: containerd lists only containers with a running task; exited ones appear here with their
    /// writable layer and no CPU or memory (their cgroup is gone).
    /// </summary>
    public override Task<V1.ListContainerStatsResponse> ListContainerStats(V1.ListContainerStatsRequest request, ServerCallContext context)
    {
        // The stats filter is ListContainers' filter without the state: the same matching applies.
        var filter = request.Filter is { } f ? new V1.ContainerFilter { Id = f.Id, PodSandboxId = f.PodSandboxId, LabelSelector = { f.LabelSelector } } : null;
        var now = UnixNanos(DateTimeOffset.UtcNow);
        var response = new V1.ListContainerStatsResponse();
        foreach (var container in containers.List().Where(c => Matches(c, filter))) response.Stats.Add(StatsOf(container, now));
        return Task.FromResult(response);
    }

    private static V1.ContainerStats StatsOf(Container container, long timestamp)
    {
        var attributes = new V1.ContainerAttributes { Id = container.Id, Metadata = container.Config.Metadata };
        attributes.Labels.Add(container.Config.Labels);
        attributes.Annotations.Add(container.Config.Annotations);
        var stats = new V1.ContainerStats { Attributes = attributes };
        if (container.State == V1.ContainerState.ContainerRunning)
        {
            var cgroup = $"{container.Sandbox.CgroupParent}/{container.Id}";
            stats.Cpu = CgroupStats.Cpu(cgroup, timestamp);
            stats.Memory = CgroupStats.Memory(cgroup, timestamp);
        }
        // The writable layer is the overlay's upperdir; with the copying fallback, the whole copied rootfs.
        var upper = Path.Join(container.Dir, "upper");
        var layer = Directory.Exists(upper) ? upper : Path.Join(container.Dir, "rootfs");
        var (bytes, inodes) = CgroupStats.DiskUsage(layer);
        stats.WritableLayer = new V1.FilesystemUsage
        {
            Timestamp = timestamp,
            FsId = new V1.FilesystemIdentifier { Mountpoint = layer },
            UsedBytes = new V1.UInt64Value { Value = bytes },
            InodesUsed = new V1.UInt64Value { Value = inodes },
        };
        return stats;
    }
}
