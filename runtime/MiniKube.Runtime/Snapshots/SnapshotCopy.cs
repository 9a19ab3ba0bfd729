using MiniKube.Runtime.Interop;

namespace MiniKube.Runtime.Snapshots;

/// <summary>
/// The copying fallback for a rootfs where overlayfs is unavailable: applies snapshots one after the other onto a plain
/// directory, doing by hand what overlayfs does when it merges layers — a 0/0 character device deletes the path below
/// it, an opaque directory hides everything the layers below put in it. Nothing is followed: symlinks are copied as
/// symlinks.
/// </summary>
internal static class SnapshotCopy
{
    public static void Apply(string snapshot, string rootfs) => CopyDirectory(snapshot, rootfs);

    private static void CopyDirectory(string source, string target)
    {
        foreach (var entry in Directory.EnumerateFileSystemEntries(source))
        {
            var name = Path.GetFileName(entry);
            var destination = Path.Join(target, name);
            Libc.TryLstat(entry, out var type, out var rdev);
            if (type == Libc.S_IFCHR && rdev == 0)
            {
                LayerUnpacker.RemoveExisting(destination);      // a whiteout: the lower layers' file is gone
                continue;
            }
            if (type == Libc.S_IFDIR)
            {
                var exists = Libc.TryLstat(destination, out var destinationType, out _);
                if (exists && destinationType != Libc.S_IFDIR) { LayerUnpacker.RemoveExisting(destination); exists = false; }
                if (exists && Libc.GetXattr(entry, "trusted.overlay.opaque") == "y")
                {
                    Directory.Delete(destination, recursive: true);     // opaque: start this directory afresh
                    exists = false;
                }
                if (!exists) Directory.CreateDirectory(destination);
                CopyOwnerAndMode(entry, destination);
                CopyDirectory(entry, destination);
                continue;
            }
            LayerUnpacker.RemoveExisting(destination);
            if (type == Libc.S_IFLNK)
            {
                File.CreateSymbolicLink(destination, new FileInfo(entry).LinkTarget!);
                var (uid, gid) = Libc.Owner(entry);
                Libc.Lchown(destination, uid, gid);
                continue;
            }
            if (type == Libc.S_IFREG)
            {
                // Upstream difference: hard links within a layer become independent copies here.
                File.Copy(entry, destination);
                CopyOwnerAndMode(entry, destination);
                continue;
            }
            if (type == Libc.S_IFIFO) Libc.Mknod(destination, Libc.S_IFIFO | (uint)File.GetUnixFileMode(entry), 0);
        }
    }

    private static void CopyOwnerAndMode(string source, string destination)
    {
        var (uid, gid) = Libc.Owner(source);
        Libc.Lchown(destination, uid, gid);
        File.SetUnixFileMode(destination, File.GetUnixFileMode(source));
    }
}
