namespace MiniKube.Runc.Cgroups;

/// <summary>
/// The cgroup layout: the mode, the v1 hierarchies and the v2 mount point. The development machines are Hybrid
/// (Debian VMs without systemd); most student machines are Unified, so the code detects and never assumes.
/// Concept: https://man7.org/linux/man-pages/man7/cgroups.7.html ("Cgroups version 1 and version 2")
/// </summary>
internal sealed record CgroupLayout(CgroupMode Mode, IReadOnlyList<CgroupV1Hierarchy> V1Hierarchies, string? V2MountPoint)
{
    // The controllers cgroup v1 can mount; anything else in the super options (rw, xattr, release_agent=…) is an option.
    private static readonly HashSet<string> V1Controllers =
        ["cpu", "cpuacct", "cpuset", "memory", "devices", "freezer", "net_cls", "net_prio", "blkio", "perf_event", "hugetlb", "pids", "rdma", "misc"];

    public static CgroupLayout Detect() => Detect(MountInfo.ReadSelf());

    public static CgroupLayout Detect(IReadOnlyList<MountInfo> mounts)
    {
        var v1 = new List<CgroupV1Hierarchy>();
        foreach (var m in mounts.Where(m => m.FsType == "cgroup"))
        {
            var controllers = m.SuperOptions.Split(',')
                .Where(o => V1Controllers.Contains(o) || o.StartsWith("name=", StringComparison.Ordinal)).ToList();
            if (controllers.Count == 0) continue;
            var name = string.Join(',', controllers);
            // The same hierarchy can be mounted twice (e.g. bind mounts into a container); keep the first.
            if (v1.Any(h => h.Name == name)) continue;
            v1.Add(new CgroupV1Hierarchy(name, controllers, m.MountPoint, m.Root));
        }

        var v2 = mounts.FirstOrDefault(m => m.FsType == "cgroup2" && m.MountPoint == "/sys/fs/cgroup")
                 ?? mounts.FirstOrDefault(m => m.FsType == "cgroup2");
        if (v1.Count > 0) return new CgroupLayout(v2 is null ? CgroupMode.Legacy : CgroupMode.Hybrid, v1, v2?.MountPoint);
        if (v2 is not null) return new CgroupLayout(CgroupMode.Unified, [], v2.MountPoint);
        throw new CgroupException("no cgroup filesystem is mounted (looked for types \"cgroup\" and \"cgroup2\" in /proc/self/mountinfo)");
    }

    /// <summary>Parses /proc/self/cgroup ("4:memory:/a/b", "0::/c") into hierarchy name → path ("" for v2).</summary>
    public static Dictionary<string, string> ParseProcCgroup(string text)
    {
        var result = new Dictionary<string, string>();
        foreach (var line in text.Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            var parts = line.Split(':', 3);
            if (parts.Length == 3) result[parts[1]] = parts[2];
        }
        return result;
    }
}
