using System.Globalization;
using System.Text.Json.Nodes;
using V1 = MiniKube.Cri.V1;

namespace MiniKube.Runtime.Oci;

/// <summary>
/// New resource limits for a running container (UpdateContainerResources, e.g. in-place pod resize). runc and crun
/// take them through <c>update --resources FILE</c> (the OCI LinuxResources JSON); minirunc has no <c>update</c>
/// verb, so for it the runtime writes the container's cgroup files itself.
/// Concept: https://kubernetes.io/docs/tasks/configure-pod-container/resize-container-resources/
/// </summary>
public static class CgroupResources
{
    /// <summary>The OCI runtime-spec's linux.resources object for <c>update --resources</c>.</summary>
    public static JsonObject ToOci(V1.LinuxContainerResources r)
    {
        var cpu = new JsonObject();
        if (r.CpuShares > 0) cpu["shares"] = r.CpuShares;
        if (r.CpuQuota != 0) cpu["quota"] = r.CpuQuota;
        if (r.CpuPeriod > 0) cpu["period"] = r.CpuPeriod;
        if (r.CpusetCpus.Length > 0) cpu["cpus"] = r.CpusetCpus;
        if (r.CpusetMems.Length > 0) cpu["mems"] = r.CpusetMems;
        var memory = new JsonObject();
        if (r.MemoryLimitInBytes > 0) memory["limit"] = r.MemoryLimitInBytes;
        if (r.MemorySwapLimitInBytes > 0) memory["swap"] = r.MemorySwapLimitInBytes;
        var resources = new JsonObject { ["cpu"] = cpu, ["memory"] = memory };
        if (r.Unified.Count > 0) resources["unified"] = new JsonObject(r.Unified.Select(u => KeyValuePair.Create(u.Key, (JsonNode?)u.Value)));
        return resources;
    }

    /// <summary>
    /// Writes the limits into the container's cgroup directly, v1 (a directory per controller) or v2 (one directory).
    /// Upstream difference: this is the runc's `update` work done by the high-level runtime, for minirunc only.
    /// </summary>
    public static void Write(string cgroupPath, V1.LinuxContainerResources r)
    {
        var relative = cgroupPath.TrimStart('/');
        var v1 = Directory.Exists(Path.Join("/sys/fs/cgroup/memory", relative));
        string File(string controller, string name) => v1 ? Path.Join("/sys/fs/cgroup", controller, relative, name) : Path.Join("/sys/fs/cgroup", relative, name);
        static string N(long n) => n.ToString(CultureInfo.InvariantCulture);
        if (r.MemoryLimitInBytes > 0)
        {
            if (v1)
            {
                // memsw must stay >= the memory limit: raise it first when it limits, as runc orders the writes.
                var memsw = File("memory", "memory.memsw.limit_in_bytes");
                if (System.IO.File.Exists(memsw) && long.TryParse(System.IO.File.ReadAllText(memsw).Trim(), CultureInfo.InvariantCulture, out var current)
                    && current < r.MemoryLimitInBytes) System.IO.File.WriteAllText(memsw, N(r.MemoryLimitInBytes));
                System.IO.File.WriteAllText(File("memory", "memory.limit_in_bytes"), N(r.MemoryLimitInBytes));
            }
            else System.IO.File.WriteAllText(File("memory", "memory.max"), N(r.MemoryLimitInBytes));
        }
        if (v1)
        {
            if (r.CpuShares > 0) System.IO.File.WriteAllText(File("cpu", "cpu.shares"), N(r.CpuShares));
            if (r.CpuPeriod > 0) System.IO.File.WriteAllText(File("cpu", "cpu.cfs_period_us"), N(r.CpuPeriod));
            if (r.CpuQuota != 0) System.IO.File.WriteAllText(File("cpu", "cpu.cfs_quota_us"), N(r.CpuQuota));
        }
        else
        {
            // cpu.weight from shares: runc's conversion 1 + ((shares - 2) * 9999) / 262142.
            if (r.CpuShares > 0) System.IO.File.WriteAllText(File("cpu", "cpu.weight"), N(1 + (r.CpuShares - 2) * 9999 / 262142));
            if (r.CpuQuota != 0 || r.CpuPeriod > 0)
                System.IO.File.WriteAllText(File("cpu", "cpu.max"), $"{(r.CpuQuota > 0 ? N(r.CpuQuota) : "max")} {N(r.CpuPeriod > 0 ? r.CpuPeriod : 100000)}");
            foreach (var (name, value) in r.Unified) System.IO.File.WriteAllText(Path.Join("/sys/fs/cgroup", relative, name), value);
        }
        if (r.CpusetCpus.Length > 0) System.IO.File.WriteAllText(File("cpuset", "cpuset.cpus"), r.CpusetCpus);
        if (r.CpusetMems.Length > 0) System.IO.File.WriteAllText(File("cpuset", "cpuset.mems"), r.CpusetMems);
    }
}
