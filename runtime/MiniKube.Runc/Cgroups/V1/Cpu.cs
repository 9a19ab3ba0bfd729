using MiniKube.Runc.Spec;

namespace MiniKube.Runc.Cgroups.V1;

/// <summary>
/// cgroup v1 "cpu" controller. cpu.shares is a relative weight used only when CPUs are contended (a Kubernetes
/// CPU request); cpu.cfs_quota_us per cpu.cfs_period_us is a hard cap (a CPU limit: quota 50000 per 100000 µs is
/// half a core, however idle the machine is).
/// Concept: https://kubernetes.io/docs/concepts/configuration/manage-resources-containers/#how-pods-with-resource-limits-are-run
/// </summary>
internal static class Cpu
{
    public static void Apply(CgroupDirectory dir, LinuxCpu? cpu)
    {
        if (cpu is null) return;
        if (cpu.Shares is { } shares and > 0) dir.WriteFile("cpu.shares", (long)shares);
        // The period before the quota, so the kernel checks the quota against the period we want.
        if (cpu.Period is { } period and > 0) dir.WriteFile("cpu.cfs_period_us", (long)period);
        if (cpu.Quota is { } quota and not 0) dir.WriteFile("cpu.cfs_quota_us", quota);
        if (cpu.RealtimePeriod is { } rtPeriod and > 0) dir.WriteFile("cpu.rt_period_us", (long)rtPeriod);
        if (cpu.RealtimeRuntime is { } rtRuntime and not 0) dir.WriteFile("cpu.rt_runtime_us", rtRuntime);
        if (cpu.Idle is { } idle && dir.Has("cpu.idle")) dir.WriteFile("cpu.idle", idle);
    }

    public static void ReadStats(CgroupDirectory dir, CpuStats stats)
    {
        if (!dir.Has("cpu.stat")) return;
        var s = dir.ReadKeyValues("cpu.stat");
        stats.Throttling.Periods = s.GetValueOrDefault("nr_periods");
        stats.Throttling.ThrottledPeriods = s.GetValueOrDefault("nr_throttled");
        stats.Throttling.ThrottledTime = s.GetValueOrDefault("throttled_time");
    }
}
