using Grpc.Core;
using MiniKube.Runtime.Stats;
using MiniKube.Runtime.Store;
using V1 = MiniKube.Cri.V1;

namespace MiniKube.Runtime.Cri;

public sealed partial class RuntimeService
{
    /// <summary>
    /// A pod's usage (containerd's sandbox_stats_linux.go): CPU, memory and processes of the pod's cgroup (the
    /// cgroup_parent, which holds the pause and every container), the network interfaces of its namespace, and each
    /// container's stats.
    /// </summary>
    public override Task<V1.PodSandboxStatsResponse> PodSandboxStats(V1.PodSandboxStatsRequest request, ServerCallContext context) =>
        Task.FromResult(new V1.PodSandboxStatsResponse { Stats = StatsOf(sandboxes.Get(request.PodSandboxId), UnixNanos(DateTimeOffset.UtcNow)) });

    /// <summary>The stats of every ready sandbox matching the filter (id prefix, labels), as containerd lists them.</summary>
    public override Task<V1.ListPodSandboxStatsResponse> ListPodSandboxStats(V1.ListPodSandboxStatsRequest request, ServerCallContext context)
    {
        // ListPodSandbox's filter, limited to ready sandboxes: the same matching applies.
        var filter = new V1.PodSandboxFilter { Id = request.Filter?.Id ?? "", State = new V1.PodSandboxStateValue { State = V1.PodSandboxState.SandboxReady } };
        if (request.Filter is { } f) filter.LabelSelector.Add(f.LabelSelector);
        var now = UnixNanos(DateTimeOffset.UtcNow);
        var response = new V1.ListPodSandboxStatsResponse();
        foreach (var sandbox in sandboxes.List().Where(s => Matches(s, filter))) response.Stats.Add(StatsOf(sandbox, now));
        return Task.FromResult(response);
    }

    private V1.PodSandboxStats StatsOf(Sandbox sandbox, long timestamp)
    {
        var attributes = new V1.PodSandboxAttributes { Id = sandbox.Id, Metadata = sandbox.Config.Metadata };
        attributes.Labels.Add(sandbox.Config.Labels);
        attributes.Annotations.Add(sandbox.Config.Annotations);
        var linux = new V1.LinuxPodSandboxStats();
        if (sandbox.State == V1.PodSandboxState.SandboxReady)
        {
            linux.Cpu = CgroupStats.Cpu(sandbox.CgroupParent, timestamp);
            linux.Memory = CgroupStats.Memory(sandbox.CgroupParent, timestamp);
            linux.Process = CgroupStats.Processes(sandbox.CgroupParent, timestamp);
            linux.Network = CgroupStats.Network(sandbox.Pid, timestamp);
        }
        linux.Containers.AddRange(containers.List().Where(c => c.Sandbox == sandbox && c.State == V1.ContainerState.ContainerRunning).Select(c => StatsOf(c, timestamp)));
        return new V1.PodSandboxStats { Attributes = attributes, Linux = linux };
    }
}
