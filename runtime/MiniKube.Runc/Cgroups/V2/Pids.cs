using MiniKube.Runc.Spec;

namespace MiniKube.Runc.Cgroups.V2;

/// <summary>
/// cgroup v2 "pids" controller: pids.max caps processes plus threads; fork() fails with EAGAIN above it.
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
        if (!dir.Has("pids.current")) return;
        stats.Current = dir.ReadUInt64("pids.current");
        var max = dir.Has("pids.max") ? dir.ReadUInt64("pids.max") : ulong.MaxValue;
        stats.Limit = max == ulong.MaxValue ? 0 : max;
    }
}
