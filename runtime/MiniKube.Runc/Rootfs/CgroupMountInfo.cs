using MiniKube.Runc.Cgroups;

namespace MiniKube.Runc.Rootfs;

/// <summary>
/// What init needs to mount /sys/fs/cgroup inside the container: the machine's cgroup layout, the container's own
/// cgroup directories (host paths, by hierarchy name) and whether the container has its own cgroup namespace.
/// </summary>
internal sealed record CgroupMountInfo(CgroupLayout Layout, IReadOnlyDictionary<string, string> ContainerPaths, bool OwnNamespace);
