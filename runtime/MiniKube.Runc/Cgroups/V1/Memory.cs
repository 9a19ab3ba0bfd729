using MiniKube.Runc.Spec;

namespace MiniKube.Runc.Cgroups.V1;

/// <summary>
/// cgroup v1 "memory" controller: a hard limit on the container's memory. When the container's processes together
/// use more than memory.limit_in_bytes and the kernel cannot reclaim enough, the OOM killer kills one of them and
/// counts it in memory.oom_control's "oom_kill" line: how a Kubernetes container ends up "OOMKilled".
/// Concept: https://kubernetes.io/docs/concepts/configuration/manage-resources-containers/#memory-units
/// </summary>
internal static class Memory
{
    public static void Apply(CgroupDirectory dir, LinuxMemory? memory)
    {
        if (memory is null) return;
        // The limit first: in v1, memory+swap (memsw) may never be below the memory limit.
        if (memory.Limit is { } limit) dir.WriteFile("memory.limit_in_bytes", limit);
        if (memory.Swap is { } swap)
        {
            if (dir.Has("memory.memsw.limit_in_bytes")) dir.WriteFile("memory.memsw.limit_in_bytes", swap);
            else if (swap != memory.Limit && swap != -1)
                throw new CgroupException("config sets linux.resources.memory.swap but this kernel has no swap accounting " +
                                          "(memory.memsw.limit_in_bytes is missing; boot with swapaccount=1 or drop the swap limit)");
        }
        if (memory.Reservation is { } reservation) dir.WriteFile("memory.soft_limit_in_bytes", reservation);
        if (memory.Swappiness is { } swappiness) dir.WriteFile("memory.swappiness", (long)swappiness);
        if (memory.DisableOOMKiller == true) dir.WriteFile("memory.oom_control", "1");
    }

    public static void ReadStats(CgroupDirectory dir, MemoryStats stats)
    {
        stats.Usage.Usage = dir.ReadUInt64("memory.usage_in_bytes");
        stats.Usage.Max = dir.ReadUInt64("memory.max_usage_in_bytes");
        stats.Usage.Limit = dir.ReadUInt64("memory.limit_in_bytes");
        stats.Usage.Failcnt = dir.ReadUInt64("memory.failcnt");
        stats.Raw = dir.ReadKeyValues("memory.stat");
        stats.Cache = stats.Raw.GetValueOrDefault("cache");
        // memory.oom_control: "oom_kill_disable 0", "under_oom 0", "oom_kill 1" (the last since Linux 4.13).
        // v1 does not count OOM events apart from kills, so both counters report the kills.
        var oom = dir.ReadKeyValues("memory.oom_control");
        stats.EventCount.OomKill = oom.GetValueOrDefault("oom_kill");
        stats.EventCount.Oom = stats.EventCount.OomKill;
    }
}
