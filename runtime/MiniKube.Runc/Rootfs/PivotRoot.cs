using MiniKube.Runc.Interop;

namespace MiniKube.Runc.Rootfs;

/// <summary>
/// Makes the rootfs the container's "/" with pivot_root(2), then detaches the old root so the host's filesystem is
/// gone from the container's mount namespace. chroot(2) would only change the path lookup root of one process: the
/// host's mounts would still be there, and a root process can escape a chroot. pivot_root changes the mount
/// namespace's root itself.
/// Concept: https://man7.org/linux/man-pages/man2/pivot_root.2.html
/// </summary>
internal static class PivotRoot
{
    public static void Into(string rootfs)
    {
        // pivot_root(".", ".") (documented in the man page's NOTES) stacks the old root on top of the new one at
        // "/", so no "old root" directory is needed inside the image; unmounting "." then removes the old root.
        Libc.Check(Libc.chdir(rootfs), $"chdir {rootfs}");
        Libc.Check(Libc.pivot_root(".", "."), $"pivot_root into {rootfs}");
        // Make sure the unmount below cannot propagate to the host's mount table.
        Libc.Check(Libc.mount(null, ".", null, Libc.MS_SLAVE | Libc.MS_REC, null), "make the old root a slave mount");
        Libc.Check(Libc.umount2(".", Libc.MNT_DETACH), "detach the old root");
        Libc.Check(Libc.chdir("/"), "chdir /");
    }
}
