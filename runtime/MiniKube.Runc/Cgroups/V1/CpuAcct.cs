namespace MiniKube.Runc.Cgroups.V1;

/// <summary>
/// cgroup v1 "cpuacct" controller: accounting only, no limits. cpuacct.usage is the CPU time the container used,
/// in nanoseconds; cpuacct.stat splits it into user and system time in clock ticks (USER_HZ, 100 per second).
/// </summary>
internal static class CpuAcct
{
    private const ulong NanosecondsPerTick = 1_000_000_000 / 100;

    public static void ReadStats(CgroupDirectory dir, CpuStats stats)
    {
        stats.Usage.Total = dir.ReadUInt64("cpuacct.usage");
        var s = dir.ReadKeyValues("cpuacct.stat");
        stats.Usage.User = s.GetValueOrDefault("user") * NanosecondsPerTick;
        stats.Usage.Kernel = s.GetValueOrDefault("system") * NanosecondsPerTick;
    }
}
