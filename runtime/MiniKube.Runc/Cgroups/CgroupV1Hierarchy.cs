namespace MiniKube.Runc.Cgroups;

/// <summary>
/// One cgroup v1 hierarchy: a "cgroup" filesystem mounted with some controllers, e.g. /sys/fs/cgroup/memory with
/// "memory", or a named hierarchy without controllers such as "name=systemd".
/// </summary>
internal sealed record CgroupV1Hierarchy(string Name, IReadOnlyList<string> Controllers, string MountPoint, string MountRoot);
