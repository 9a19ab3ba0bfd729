using MiniKube.Runc.Cgroups.V1;
using MiniKube.Runc.Cgroups.V2;

namespace MiniKube.Runc.Cgroups;

/// <summary>
/// Picks the cgroup driver: v1 or v2, detected from the machine's mounts at the start of every command; on a hybrid
/// machine (v1 controllers plus a controller-less v2 tree, like this one) the v1 driver, as runc does.
/// </summary>
internal static class CgroupManager
{
    /// <summary>The cgroup for a new container; cgroupsPath from config.json, or the container id when it has none.</summary>
    public static ICgroupManager ForNewContainer(string? cgroupsPath, string id)
    {
        if (cgroupsPath is { } p && p.Contains(':', StringComparison.Ordinal))
            throw new CgroupException($"cgroupsPath \"{p}\" looks like a systemd unit path (slice:prefix:name); minirunc only has the " +
                                      "cgroupfs driver, so give a directory path such as /minikube/<pod>/<container>");
        var path = string.IsNullOrEmpty(cgroupsPath) ? id : cgroupsPath;
        var layout = CgroupLayout.Detect();
        var own = CgroupLayout.ParseProcCgroup(File.ReadAllText("/proc/self/cgroup"));
        return layout.Mode == CgroupMode.Unified
            ? CgroupV2Manager.ForContainer(layout.V2MountPoint!, path, own)
            : CgroupV1Manager.ForContainer(layout, path, own);
    }

    /// <summary>Reopens the cgroup a container's state file recorded.</summary>
    public static ICgroupManager FromState(string driver, IReadOnlyDictionary<string, string> paths)
    {
        if (driver == "v2")
        {
            var layout = CgroupLayout.Detect();
            return CgroupV2Manager.FromDirectory(layout.V2MountPoint ?? "/sys/fs/cgroup", paths[""]);
        }
        return new CgroupV1Manager(paths);
    }
}
