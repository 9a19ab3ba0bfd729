namespace MiniKube.Runc.Cgroups;

/// <summary>How this machine mounts cgroups, found by reading /proc/self/mountinfo rather than assumed.</summary>
internal enum CgroupMode
{
    /// <summary>cgroup v1 only: one hierarchy per controller (or per group of controllers).</summary>
    Legacy,
    /// <summary>cgroup v1 controllers plus an (often empty) cgroup v2 tree at /sys/fs/cgroup/unified.</summary>
    Hybrid,
    /// <summary>cgroup v2 only: one tree, all controllers, at /sys/fs/cgroup on most current distributions.</summary>
    Unified,
}
