using System.Globalization;
using MiniKube.Runc.Spec;

namespace MiniKube.Runc.Cgroups.V2;

/// <summary>
/// cgroup v2 "cpu" controller: cpu.weight (1–10000, default 100) replaces v1's shares (2–262144, default 1024), and
/// cpu.max "$quota $period" replaces cfs_quota_us/cfs_period_us ("50000 100000" = half a core, "max" = no cap).
/// Concept: https://kubernetes.io/docs/concepts/configuration/manage-resources-containers/#how-pods-with-resource-limits-are-run
/// </summary>
internal static class Cpu
{
    /// <summary>Maps shares onto weight linearly, 2→1 and 262144→10000, the conversion runc and the kubelet use.</summary>
    public static ulong SharesToWeight(ulong shares) => shares == 0 ? 0 : 1 + ((shares - 2) * 9999) / 262142;

    public static void Apply(CgroupDirectory dir, LinuxCpu? cpu)
    {
        if (cpu is null) return;
        if (cpu.Shares is { } shares and > 0) dir.WriteFile("cpu.weight", (long)SharesToWeight(shares));
        if (cpu.Quota is not null and not 0 || cpu.Period is > 0)
        {
            var quota = cpu.Quota is { } q and > 0 ? q.ToString(CultureInfo.InvariantCulture) : "max";
            var period = cpu.Period is { } p and > 0 ? p : 100_000;
            dir.WriteFile("cpu.max", $"{quota} {period}");
        }
        if (cpu.Idle is { } idle) dir.WriteFile("cpu.idle", idle);
    }

    public static void ReadStats(CgroupDirectory dir, CpuStats stats)
    {
        if (!dir.Has("cpu.stat")) return;
        // cpu.stat is in microseconds; runc's stats are in nanoseconds.
        var s = dir.ReadKeyValues("cpu.stat");
        stats.Usage.Total = s.GetValueOrDefault("usage_usec") * 1000;
        stats.Usage.User = s.GetValueOrDefault("user_usec") * 1000;
        stats.Usage.Kernel = s.GetValueOrDefault("system_usec") * 1000;
        stats.Throttling.Periods = s.GetValueOrDefault("nr_periods");
        stats.Throttling.ThrottledPeriods = s.GetValueOrDefault("nr_throttled");
        stats.Throttling.ThrottledTime = s.GetValueOrDefault("throttled_usec") * 1000;
    }
}
