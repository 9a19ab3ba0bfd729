using MiniKube.Runc.Interop;

namespace MiniKube.Runc.Namespaces;

/// <summary>
/// The cgroup namespace: makes the process's current cgroup look like the root ("/") in /proc/self/cgroup and in
/// cgroup filesystems mounted inside the container, so the container cannot see (or climb to) the host's tree.
/// It takes a snapshot of the cgroup the process is in at unshare time, which is why init creates it itself, after
/// the parent has moved init into the container's cgroup, and not on the spawning thread.
/// Concept: https://man7.org/linux/man-pages/man7/cgroup_namespaces.7.html
/// </summary>
internal static class CgroupNamespace
{
    public static void Unshare() => Libc.Check(Libc.unshare(Libc.CLONE_NEWCGROUP), "unshare(CLONE_NEWCGROUP)");
}
