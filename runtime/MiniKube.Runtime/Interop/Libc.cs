using System.Runtime.InteropServices;

namespace MiniKube.Runtime.Interop;

/// <summary>
/// The few libc calls the image side needs and .NET does not offer: file types and device numbers (lstat), whiteout
/// devices and FIFOs (mknod), hard links, owners of symlinks (lchown), overlay's opaque marker (xattrs), and the
/// overlay mount of a container's rootfs.
/// </summary>
internal static unsafe partial class Libc
{
    public const uint S_IFMT = 0xF000, S_IFDIR = 0x4000, S_IFCHR = 0x2000, S_IFBLK = 0x6000, S_IFREG = 0x8000, S_IFLNK = 0xA000, S_IFIFO = 0x1000;
    public const int MNT_DETACH = 2;
    public const int ENOENT = 2, ENODATA = 61, EINVAL = 22;

    [LibraryImport("libc", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial int lstat(string path, byte* buf);

    [LibraryImport("libc", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial int mknod(string path, uint mode, ulong dev);

    [LibraryImport("libc", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial int link(string oldPath, string newPath);

    [LibraryImport("libc", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial int lchown(string path, int owner, int group);

    [LibraryImport("libc", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial int lsetxattr(string path, string name, byte* value, nuint size, int flags);

    [LibraryImport("libc", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial nint lgetxattr(string path, string name, byte* value, nuint size);

    [LibraryImport("libc", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial int mount(string source, string target, string fstype, nuint flags, string data);

    [LibraryImport("libc", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial int umount2(string target, int flags);

    /// <summary>The file type bits (S_IFMT part of st_mode) and st_rdev of a path, without following a symlink; false if it does not exist.</summary>
    public static bool TryLstat(string path, out uint type, out ulong rdev)
    {
        var found = TryLstat(path, out var stat);
        (type, rdev) = (stat.Type, stat.Rdev);
        return found;
    }

    /// <summary>The owner of a path, without following a symlink.</summary>
    public static (int Uid, int Gid) Owner(string path) =>
        TryLstat(path, out var stat) ? ((int)stat.Uid, (int)stat.Gid) : throw Error("lstat", path, ENOENT);

    private static bool TryLstat(string path, out Stat stat)
    {
        var buf = stackalloc byte[256];
        if (lstat(path, buf) != 0)
        {
            var errno = Marshal.GetLastPInvokeError();
            if (errno is ENOENT or 20 /* ENOTDIR */) { stat = default; return false; }
            throw Error("lstat", path, errno);
        }
        // struct stat's layout differs between the two architectures we run on.
        stat = RuntimeInformation.ProcessArchitecture == Architecture.X64
            ? new Stat(*(uint*)(buf + 24) & S_IFMT, *(ulong*)(buf + 40), *(uint*)(buf + 28), *(uint*)(buf + 32))
            : new Stat(*(uint*)(buf + 16) & S_IFMT, *(ulong*)(buf + 32), *(uint*)(buf + 24), *(uint*)(buf + 28));
        return true;
    }

    private readonly record struct Stat(uint Type, ulong Rdev, uint Uid, uint Gid);

    public static void Mknod(string path, uint mode, ulong dev) => Check(mknod(path, mode, dev), "mknod", path);

    public static void Link(string oldPath, string newPath) => Check(link(oldPath, newPath), "link", $"{newPath} => {oldPath}");

    public static void Lchown(string path, int uid, int gid) => Check(lchown(path, uid, gid), "lchown", path);

    public static void SetXattr(string path, string name, string value)
    {
        var bytes = System.Text.Encoding.UTF8.GetBytes(value);
        fixed (byte* p = bytes) Check(lsetxattr(path, name, p, (nuint)bytes.Length, 0), "lsetxattr " + name, path);
    }

    /// <summary>The value of an extended attribute, or null when the file does not have it.</summary>
    public static string? GetXattr(string path, string name)
    {
        var buf = stackalloc byte[256];
        var n = lgetxattr(path, name, buf, 256);
        if (n < 0)
        {
            var errno = Marshal.GetLastPInvokeError();
            if (errno == ENODATA) return null;
            throw Error("lgetxattr " + name, path, errno);
        }
        return System.Text.Encoding.UTF8.GetString(buf, (int)n);
    }

    public static int Mount(string source, string target, string fstype, string data) =>
        mount(source, target, fstype, 0, data) == 0 ? 0 : Marshal.GetLastPInvokeError();

    public static void Unmount(string target)
    {
        if (umount2(target, MNT_DETACH) != 0)
        {
            var errno = Marshal.GetLastPInvokeError();
            if (errno is not (EINVAL or ENOENT)) throw Error("umount2", target, errno);    // EINVAL: not a mount point
        }
    }

    private static void Check(int result, string call, string path)
    {
        if (result != 0) throw Error(call, path, Marshal.GetLastPInvokeError());
    }

    private static IOException Error(string call, string path, int errno) =>
        new($"{call} {path}: {Marshal.GetPInvokeErrorMessage(errno)} (errno {errno})", errno);
}
