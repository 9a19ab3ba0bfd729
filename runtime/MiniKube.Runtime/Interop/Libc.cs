using System.Runtime.InteropServices;

namespace MiniKube.Runtime.Interop;

/// <summary>
/// The few libc calls the runtime needs and .NET does not offer: file types and device numbers (lstat), whiteout
/// devices and FIFOs (mknod), hard links, owners of symlinks (lchown), overlay's opaque marker (xattrs), the overlay
/// mount of a container's rootfs; for containers, being their subreaper and collecting their exit status (prctl,
/// waitpid), and creating a pod's network namespace (unshare + bind mount, like `ip netns add`).
/// </summary>
internal static unsafe partial class Libc
{
    public const uint S_IFMT = 0xF000, S_IFDIR = 0x4000, S_IFCHR = 0x2000, S_IFBLK = 0x6000, S_IFREG = 0x8000, S_IFLNK = 0xA000, S_IFIFO = 0x1000;
    public const int MNT_DETACH = 2;
    public const int ENOENT = 2, ENODATA = 61, EINVAL = 22;

    [LibraryImport("libc", SetLastError = true)]
    private static partial int setns(int fd, int nstype);

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

    [LibraryImport("libc", SetLastError = true)]
    private static partial int prctl(int option, nuint arg2, nuint arg3, nuint arg4, nuint arg5);

    [LibraryImport("libc", SetLastError = true)]
    private static partial int waitpid(int pid, int* status, int options);

    [LibraryImport("libc", SetLastError = true)]
    private static partial int unshare(int flags);

    [LibraryImport("libc")]
    private static partial int gettid();

    public const int PR_SET_CHILD_SUBREAPER = 36, WNOHANG = 1, ECHILD = 10, CLONE_NEWNET = 0x40000000;
    public const nuint MS_BIND = 4096;

    /// <summary>
    /// Makes this process the subreaper of its descendants: a pause process, orphaned when `runc create` exits,
    /// becomes our child, so we can wait for it and read its exit status (the shims do the same for containers).
    /// </summary>
    public static void BecomeSubreaper() => Check(prctl(PR_SET_CHILD_SUBREAPER, 1, 0, 0, 0), "prctl(PR_SET_CHILD_SUBREAPER)", "");

    /// <summary>
    /// Reaps <paramref name="pid"/> if it has exited: null while it runs; else its exit code, or 128+signal when a signal
    /// killed it (the shell's convention, which the CRI's exit_code follows). Only this pid is waited for: the .NET
    /// Process class reaps its own children and must not lose them to us.
    /// </summary>
    public static int? TryReap(int pid)
    {
        int status;
        var result = waitpid(pid, &status, WNOHANG);
        if (result == 0) return null;
        if (result < 0)
        {
            var errno = Marshal.GetLastPInvokeError();
            // ECHILD: not our child (a runtime without the subreaper, or reaped already); the caller checks /proc.
            throw Error("waitpid", pid.ToString(System.Globalization.CultureInfo.InvariantCulture), errno);
        }
        var signal = status & 0x7f;
        return signal == 0 ? (status >> 8) & 0xff : 128 + signal;
    }

    /// <summary>
    /// Creates a network namespace that outlives every process: a dedicated thread unshares its network namespace and
    /// bind-mounts /proc/self/task/&lt;tid&gt;/ns/net onto <paramref name="path"/>, then ends (iproute2's `ip netns add`,
    /// containerd's pkg/netns). Only that thread ever leaves the host's network namespace.
    /// </summary>
    public static void CreateNetworkNamespace(string path)
    {
        File.WriteAllBytes(path, []);
        Exception? failure = null;
        var thread = new Thread(() =>
        {
            try
            {
                Check(unshare(CLONE_NEWNET), "unshare(CLONE_NEWNET)", path);
                var self = $"/proc/self/task/{gettid()}/ns/net";
                Check(mount(self, path, "none", MS_BIND, null!), "mount --bind " + self, path);
            }
            catch (IOException ex) { failure = ex; }
        }) { IsBackground = true, Name = "netns" };
        thread.Start();
        thread.Join();
        if (failure is not null)
        {
            File.Delete(path);
            throw failure;
        }
    }

    /// <summary>
    /// A TCP socket that lives in the network namespace at <paramref name="path"/> (a pod's), for port-forwarding to
    /// the pod's localhost: a dedicated thread joins the namespace with setns(2), creates the socket (a socket belongs
    /// to the namespace it was created in, for good) and goes back, as containerd's netns.Do does.
    /// </summary>
    public static System.Net.Sockets.Socket CreateSocketInNetworkNamespace(string path)
    {
        System.Net.Sockets.Socket? socket = null;
        Exception? failure = null;
        var thread = new Thread(() =>
        {
            try
            {
                using var home = File.OpenHandle($"/proc/self/task/{gettid()}/ns/net");
                using var target = File.OpenHandle(path);
                Check(setns((int)target.DangerousGetHandle(), CLONE_NEWNET), "setns", path);
                try { socket = new System.Net.Sockets.Socket(System.Net.Sockets.AddressFamily.InterNetwork, System.Net.Sockets.SocketType.Stream, System.Net.Sockets.ProtocolType.Tcp); }
                finally { Check(setns((int)home.DangerousGetHandle(), CLONE_NEWNET), "setns", "the host network namespace"); }
            }
            catch (Exception ex) { failure = ex; }
        }) { IsBackground = true, Name = "netns-socket" };
        thread.Start();
        thread.Join();
        if (failure is not null)
        {
            socket?.Dispose();
            throw failure;
        }
        return socket!;
    }

    // Terminals for `exec -t`: the pty master arrives over the --console-socket (runc's protocol), is resized, and a
    // process whose client went away is hung up.
    [LibraryImport("libc", SetLastError = true)]
    private static partial nint recvmsg(int fd, MessageHeader* message, int flags);

    [LibraryImport("libc", SetLastError = true)]
    private static partial int ioctl(int fd, nuint request, void* arg);

    [LibraryImport("libc", SetLastError = true)]
    private static partial int kill(int pid, int signal);

    public const int SOL_SOCKET = 1, SCM_RIGHTS = 1, MSG_CMSG_CLOEXEC = 0x40000000, EAGAIN = 11, SIGHUP = 1, ESRCH = 3;
    public const nuint TIOCSWINSZ = 0x5414;     // the same on x86-64 and arm64

    [StructLayout(LayoutKind.Sequential)] private struct IoVector { public void* Base; public nuint Length; }

    [StructLayout(LayoutKind.Sequential)]
    private struct MessageHeader
    {
        public void* Name; public uint NameLength; public IoVector* Iov; public nuint IovLength;
        public void* Control; public nuint ControlLength; public int Flags;
    }

    /// <summary>
    /// Receives one descriptor sent as SCM_RIGHTS ancillary data on a connected unix socket (recvmsg(2)), close-on-exec
    /// so that no process we start later inherits it; null when nothing has arrived yet (EAGAIN on a non-blocking socket).
    /// </summary>
    public static int? ReceiveFileDescriptor(System.Runtime.InteropServices.SafeHandle socket)
    {
        const int space = 24;       // CMSG_SPACE(sizeof(int)): a 16-byte cmsghdr and the int, padded to 8
        var control = stackalloc byte[space];
        new Span<byte>(control, space).Clear();
        var data = stackalloc byte[4096];   // the sender's payload (runc sends the terminal's name): not needed
        var iov = new IoVector { Base = data, Length = 4096 };
        var message = new MessageHeader { Iov = &iov, IovLength = 1, Control = control, ControlLength = space };
        if (recvmsg((int)socket.DangerousGetHandle(), &message, MSG_CMSG_CLOEXEC) < 0)
        {
            var errno = Marshal.GetLastPInvokeError();
            if (errno == EAGAIN) return null;
            throw Error("recvmsg", "the console socket", errno);
        }
        // struct cmsghdr: size_t len, int level, int type, then the data.
        if (message.ControlLength < 20 || *(int*)(control + 8) != SOL_SOCKET || *(int*)(control + 12) != SCM_RIGHTS)
            throw new IOException("the console socket received no terminal (no SCM_RIGHTS descriptor)");
        return *(int*)(control + 16);
    }

    /// <summary>Sets a terminal's size (ioctl TIOCSWINSZ on its master): the program on it gets SIGWINCH.</summary>
    public static void SetWindowSize(System.Runtime.InteropServices.SafeHandle terminal, ushort columns, ushort rows)
    {
        // struct winsize: rows, columns, then two pixel sizes nobody uses.
        var size = stackalloc ushort[4] { rows, columns, 0, 0 };
        Check(ioctl((int)terminal.DangerousGetHandle(), TIOCSWINSZ, size), "ioctl(TIOCSWINSZ)", "the terminal");
    }

    /// <summary>
    /// SIGHUP to a process whose terminal is hung up (what the kernel sends a terminal's session leader when its
    /// other end goes away); one that is gone already is fine.
    /// </summary>
    public static void HangUp(int pid)
    {
        if (kill(pid, SIGHUP) != 0 && Marshal.GetLastPInvokeError() is var errno && errno != ESRCH) throw Error("kill -HUP", pid.ToString(System.Globalization.CultureInfo.InvariantCulture), errno);
    }

    /// <summary>Undoes <see cref="CreateNetworkNamespace"/>: the namespace goes away with its last reference.</summary>
    public static void RemoveNetworkNamespace(string path)
    {
        if (!File.Exists(path)) return;
        Unmount(path);
        File.Delete(path);
    }

    /// <summary>The file type bits (S_IFMT part of st_mode) and st_rdev of a path, without following a symlink; false if it does not exist.</summary>
    public static bool TryLstat(string path, out uint type, out ulong rdev)
    {
        var found = TryLstat(path, out var stat);
        (type, rdev) = (stat.Type, stat.Rdev);
        return found;
    }

    /// <summary>
    /// A device node's type bits (S_IFCHR or S_IFBLK), permission bits, major and minor number and owner; null when
    /// <paramref name="path"/> is not a device node. major/minor are glibc's gnu_dev_major/gnu_dev_minor of st_rdev.
    /// </summary>
    public static (uint Type, uint Mode, long Major, long Minor, uint Uid, uint Gid)? DeviceNode(string path)
    {
        if (!TryLstat(path, out Stat stat) || stat.Type is not (S_IFCHR or S_IFBLK)) return null;
        var major = (long)(((stat.Rdev >> 8) & 0xfff) | ((stat.Rdev >> 32) & ~0xfffUL));
        var minor = (long)((stat.Rdev & 0xff) | ((stat.Rdev >> 12) & ~0xffUL));
        return (stat.Type, stat.Mode, major, minor, stat.Uid, stat.Gid);
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
            ? new Stat(*(uint*)(buf + 24), *(ulong*)(buf + 40), *(uint*)(buf + 28), *(uint*)(buf + 32))
            : new Stat(*(uint*)(buf + 16), *(ulong*)(buf + 32), *(uint*)(buf + 24), *(uint*)(buf + 28));
        return true;
    }

    private readonly record struct Stat(uint StMode, ulong Rdev, uint Uid, uint Gid)
    {
        public uint Type => StMode & S_IFMT;
        public uint Mode => StMode & 0xfff;     // permission, setuid/setgid and sticky bits
    }

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
