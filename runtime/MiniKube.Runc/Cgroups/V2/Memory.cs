using MiniKube.Runc.Spec;

namespace MiniKube.Runc.Cgroups.V2;

/// <summary>
/// cgroup v2 "memory" controller: memory.max is the hard limit (the OOM killer acts above it), memory.swap.max the
/// swap allowed on top, memory.low a protection. memory.events counts "oom" and "oom_kill", which is how a container
/// is known to have been OOMKilled.
/// Concept: https://kubernetes.io/docs/concepts/configuration/manage-resources-containers/#memory-units
/// </summary>
internal static class Memory
{
    public static void Apply(CgroupDirectory dir, LinuxMemory? memory)
    {
        if (memory is null) return;
        if (memory.Limit is { } limit) dir.WriteFile("memory.max", Max(limit));
        if (memory.Swap is { } swap)
        {
            // The OCI spec's swap is memory+swap (cgroup v1's memsw); v2 counts swap alone.
            var swapOnly = swap == -1 ? "max" : (swap - (memory.Limit ?? 0)).ToString(System.Globalization.CultureInfo.InvariantCulture);
            if (swap != -1 && memory.Limit is null or -1)
                throw new CgroupException("linux.resources.memory.swap needs a memory limit on cgroup v2 (swap counts memory+swap)");
            if (swap != -1 && swap < memory.Limit)
                throw new CgroupException($"linux.resources.memory.swap ({swap}) must be at least the memory limit ({memory.Limit})");
            dir.WriteFile("memory.swap.max", swapOnly);
        }
        if (memory.Reservation is { } reservation) dir.WriteFile("memory.low", Max(reservation));
        // Upstream difference: v2 has no swappiness or oom_kill_disable files; those fields are ignored here.
    }

    private static string Max(long value) => value < 0 ? "max" : value.ToString(System.Globalization.CultureInfo.InvariantCulture);

    public static void ReadStats(CgroupDirectory dir, MemoryStats stats)
    {
        if (!dir.Has("memory.current")) return;
        stats.Usage.Usage = dir.ReadUInt64("memory.current");
        if (dir.Has("memory.peak")) stats.Usage.Max = dir.ReadUInt64("memory.peak");
        stats.Usage.Limit = dir.ReadUInt64("memory.max");
        if (dir.Has("memory.stat"))
        {
            stats.Raw = dir.ReadKeyValues("memory.stat");
            stats.Cache = stats.Raw.GetValueOrDefault("file");
        }
        if (dir.Has("memory.events"))
        {
            var events = dir.ReadKeyValues("memory.events");
            stats.Usage.Failcnt = events.GetValueOrDefault("max");
            stats.EventCount.Oom = events.GetValueOrDefault("oom");
            stats.EventCount.OomKill = events.GetValueOrDefault("oom_kill");
        }
    }
}
