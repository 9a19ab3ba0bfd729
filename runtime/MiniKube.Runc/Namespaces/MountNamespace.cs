using MiniKube.Runc.Interop;

namespace MiniKube.Runc.Namespaces;

/// <summary>
/// The mount namespace: the container's own mount table. A new one starts as a copy of the host's; init then mounts
/// the container's filesystems into it and pivots into the rootfs (Rootfs/), so the host's mounts drop out of view.
/// `minirunc exec` enters an existing one from the exec'd process itself (see <see cref="Join"/>).
/// Concept: https://man7.org/linux/man-pages/man7/mount_namespaces.7.html
/// </summary>
internal static class MountNamespace
{
    /// <summary>
    /// Moves the calling thread into the mount namespace open as <paramref name="fd"/>; its root and working
    /// directory become that namespace's root (the container's rootfs, after pivot_root).
    /// </summary>
    /// <remarks>
    /// The spawning thread cannot do this for `exec`: after joining it, the path of the minirunc binary would be
    /// looked up inside the container, where it does not exist. So the child joins it first thing, after unsharing
    /// CLONE_FS, because the kernel refuses to switch the mount namespace of a thread whose root and cwd are still
    /// shared with its sibling threads.
    /// </remarks>
    public static void Join(int fd)
    {
        Libc.Check(Libc.unshare(Libc.CLONE_FS), "unshare(CLONE_FS)");
        Libc.Check(Libc.setns(fd, Libc.CLONE_NEWNS), "setns into the container's mount namespace");
        Libc.close(fd);
    }
}
