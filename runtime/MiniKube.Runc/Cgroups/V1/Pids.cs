using MiniKube.Runc.Spec;

namespace MiniKube.Runc.Cgroups.V1;

/// <summary>
/// cgroup v1 "pids" controller: caps how many processes and threads the container may have, so a fork bomb inside
/// it fails with EAGAIN at pids.max instead of exhausting the node's process table.
/// Concept: https://kubernetes.io/docs/concepts/policy/pid-limiting/
/// </summary>
internal static class Pids
{
    public static void Apply(CgroupDirectory dir, LinuxPids? pids)
    {
        if (pids is null) return;
        dir.WriteFile("pids.max", pids.Limit > 0 ? pids.Limit.ToString(System.Globalization.CultureInfo.InvariantCulture) : "max");
    }

    public static void ReadStats(CgroupDirectory dir, PidsStats stats)
    {
        stats.Current = dir.ReadUInt64("pids.current");
        var max = dir.ReadUInt64("pids.max");
        stats.Limit = max == ulong.MaxValue ? 0 : max;   // runc reports "no limit" as 0
    }
}
