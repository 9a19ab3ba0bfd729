using MiniKube.Runc.Spec;

namespace MiniKube.Runc.Cgroups.V2;

/// <summary>
/// cgroup v2 "cpuset" controller: the CPUs and memory nodes the container may use. Unlike v1, an empty
/// cpuset.cpus simply means "the parent's", so nothing has to be copied down.
/// Concept: https://kubernetes.io/docs/tasks/administer-cluster/cpu-management-policies/
/// </summary>
internal static class Cpuset
{
    public static void Apply(CgroupDirectory dir, LinuxCpu? cpu)
    {
        if (cpu?.Cpus is { Length: > 0 } cpus) dir.WriteFile("cpuset.cpus", cpus);
        if (cpu?.Mems is { Length: > 0 } mems) dir.WriteFile("cpuset.mems", mems);
    }
}
