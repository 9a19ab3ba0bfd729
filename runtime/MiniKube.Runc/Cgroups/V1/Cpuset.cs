using MiniKube.Runc.Spec;

namespace MiniKube.Runc.Cgroups.V1;

/// <summary>
/// cgroup v1 "cpuset" controller: which CPUs and memory (NUMA) nodes the container may use, e.g. cpus "0-1",
/// mems "0". Kubernetes' static CPU manager pins Guaranteed pods to whole CPUs this way.
/// Concept: https://kubernetes.io/docs/tasks/administer-cluster/cpu-management-policies/
/// </summary>
internal static class Cpuset
{
    public static void Apply(CgroupDirectory dir, LinuxCpu? cpu)
    {
        if (cpu?.Cpus is { Length: > 0 } cpus) dir.WriteFile("cpuset.cpus", cpus);
        if (cpu?.Mems is { Length: > 0 } mems) dir.WriteFile("cpuset.mems", mems);
    }

    /// <summary>Copies cpuset.cpus and cpuset.mems from the parent (and its parents) where they are still empty.</summary>
    public static void InheritFromParent(CgroupDirectory dir)
    {
        var parentPath = Path.GetDirectoryName(dir.Path);
        if (parentPath is null) return;
        var parent = new CgroupDirectory(parentPath);
        if (!parent.Has("cpuset.cpus")) return;     // reached the top of the hierarchy
        foreach (var file in new[] { "cpuset.cpus", "cpuset.mems" })
        {
            if (dir.ReadFile(file).Length > 0) continue;
            if (parent.ReadFile(file).Length == 0) InheritFromParent(parent);
            dir.WriteFile(file, parent.ReadFile(file));
        }
    }
}
