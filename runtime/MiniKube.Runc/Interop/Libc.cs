using System.Runtime.InteropServices;

namespace MiniKube.Runc.Interop;

/// <summary>
/// Every libc function minirunc calls, in one place, so a student can see the whole kernel surface of a container
/// runtime on one page. Each is a thin wrapper around the syscall of the same name (man7.org/linux/man-pages/man2/).
/// </summary>
/// <remarks>
/// [LibraryImport] generates the marshalling code at compile time, which is what NativeAOT needs (no runtime code
/// generation). SetLastError = true makes errno available through <see cref="Marshal.GetLastPInvokeError"/>; use
/// <see cref="Check(int, string)"/> to turn a -1 into an exception that says which call failed and why.
/// </remarks>
internal static partial class Libc
{
    private const string Lib = "libc";

    // ---- namespaces: unshare(2), setns(2) ----
    public const int CLONE_NEWTIME = 0x00000080;
    public const int CLONE_FS = 0x00000200;
    public const int CLONE_NEWNS = 0x00020000;
    public const int CLONE_NEWCGROUP = 0x02000000;
    public const int CLONE_NEWUTS = 0x04000000;
    public const int CLONE_NEWIPC = 0x08000000;
    public const int CLONE_NEWUSER = 0x10000000;
    public const int CLONE_NEWPID = 0x20000000;
    public const int CLONE_NEWNET = 0x40000000;

    [LibraryImport(Lib, SetLastError = true)] public static partial int unshare(int flags);
    [LibraryImport(Lib, SetLastError = true)] public static partial int setns(int fd, int nstype);

    // ---- mounts: mount(2), umount2(2), pivot_root(2) ----
    public const ulong MS_RDONLY = 1, MS_NOSUID = 2, MS_NODEV = 4, MS_NOEXEC = 8, MS_SYNCHRONOUS = 16, MS_REMOUNT = 32,
        MS_MANDLOCK = 64, MS_DIRSYNC = 128, MS_NOSYMFOLLOW = 256, MS_NOATIME = 1024, MS_NODIRATIME = 2048, MS_BIND = 4096,
        MS_REC = 16384, MS_SILENT = 32768, MS_UNBINDABLE = 1 << 17, MS_PRIVATE = 1 << 18, MS_SLAVE = 1 << 19,
        MS_SHARED = 1 << 20, MS_RELATIME = 1 << 21, MS_STRICTATIME = 1 << 24, MS_LAZYTIME = 1 << 25;
    public const int MNT_DETACH = 2;

    [LibraryImport(Lib, SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    public static partial int mount(string? source, string target, string? fstype, ulong flags, string? data);
    [LibraryImport(Lib, SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    public static partial int umount2(string target, int flags);
    [LibraryImport(Lib, SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    public static partial int pivot_root(string newRoot, string putOld);

    // ---- files ----
    // The same on x86-64 and arm64 (unlike O_DIRECTORY and O_NOFOLLOW, which minirunc does not need).
    public const int O_RDONLY = 0, O_WRONLY = 1, O_NONBLOCK = 0x800, O_CLOEXEC = 0x80000, O_PATH = 0x200000;
    public const int F_SETFD = 2, FD_CLOEXEC = 1, F_DUPFD_CLOEXEC = 1030;
    public const uint S_IFCHR = 0x2000, S_IFBLK = 0x6000, S_IFIFO = 0x1000;

    [LibraryImport(Lib, SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    public static partial int open(string path, int flags, uint mode);
    [LibraryImport(Lib, SetLastError = true)] public static partial int close(int fd);
    [LibraryImport(Lib, SetLastError = true)] public static unsafe partial nint read(int fd, byte* buffer, nint count);
    [LibraryImport(Lib, SetLastError = true)] public static unsafe partial nint write(int fd, byte* buffer, nint count);
    [LibraryImport(Lib, SetLastError = true)] public static partial int fcntl(int fd, int cmd, int arg);
    [LibraryImport(Lib, SetLastError = true)] public static partial int fchdir(int fd);
    [LibraryImport(Lib, SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    public static partial int chdir(string path);
    [LibraryImport(Lib, SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    public static partial int mkfifo(string path, uint mode);
    [LibraryImport(Lib, SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    public static partial int mknod(string path, uint mode, ulong dev);
    [LibraryImport(Lib, SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    public static partial int chown(string path, uint uid, uint gid);
    [LibraryImport(Lib, SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    public static partial int chmod(string path, uint mode);
    [LibraryImport(Lib, SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    public static partial int access(string path, int mode);
    [LibraryImport(Lib, SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    public static partial int mkdir(string path, uint mode);
    [LibraryImport(Lib)] public static partial uint umask(uint mask);
    public const int X_OK = 1;

    /// <summary>dev_t from major and minor numbers, as glibc's makedev(3) lays it out.</summary>
    public static ulong MakeDev(long major, long minor) =>
        (((ulong)major & 0xfffff000UL) << 32) | (((ulong)major & 0xfffUL) << 8) |
        (((ulong)minor & 0xffffff00UL) << 12) | ((ulong)minor & 0xffUL);

    // ---- processes ----
    public const int WNOHANG = 1;
    [LibraryImport(Lib, SetLastError = true)] public static partial int kill(int pid, int signal);
    [LibraryImport(Lib, SetLastError = true)] public static partial int waitpid(int pid, out int status, int options);
    [LibraryImport(Lib, SetLastError = true)] public static unsafe partial int execve(byte* path, byte** argv, byte** envp);
    [LibraryImport(Lib)] public static partial int getpid();
    [LibraryImport(Lib, SetLastError = true)] public static partial int setsid();
    [LibraryImport(Lib, SetLastError = true)] public static partial int dup2(int oldFd, int newFd);

    // posix_spawn(3): glibc implements it with clone(CLONE_VM|CLONE_VFORK) and runs only C code in the child before
    // execve, which is exactly what a multithreaded .NET process needs. Returns an error number (not -1 + errno).
    public const short POSIX_SPAWN_SETSIGDEF = 0x04, POSIX_SPAWN_SETSIGMASK = 0x08;
    [LibraryImport(Lib)] public static unsafe partial int posix_spawn(out int pid, byte* path, void* fileActions, void* attr, byte** argv, byte** envp);
    [LibraryImport(Lib)] public static unsafe partial int posix_spawn_file_actions_init(void* fileActions);
    [LibraryImport(Lib)] public static unsafe partial int posix_spawn_file_actions_adddup2(void* fileActions, int fd, int newFd);
    [LibraryImport(Lib)] public static unsafe partial int posix_spawn_file_actions_destroy(void* fileActions);
    [LibraryImport(Lib)] public static unsafe partial int posix_spawnattr_init(void* attr);
    [LibraryImport(Lib)] public static unsafe partial int posix_spawnattr_setflags(void* attr, short flags);
    [LibraryImport(Lib)] public static unsafe partial int posix_spawnattr_setsigmask(void* attr, void* sigset);
    [LibraryImport(Lib)] public static unsafe partial int posix_spawnattr_setsigdefault(void* attr, void* sigset);
    [LibraryImport(Lib)] public static unsafe partial int posix_spawnattr_destroy(void* attr);

    // ---- signals ----
    public const int SIG_SETMASK = 2;
    /// <summary>Bytes in glibc's sigset_t (1024 bits), enough for every signal number.</summary>
    public const int SigsetSize = 128;
    [LibraryImport(Lib)] public static unsafe partial int sigfillset(void* set);
    [LibraryImport(Lib)] public static unsafe partial int sigemptyset(void* set);
    [LibraryImport(Lib, SetLastError = true)] public static unsafe partial int sigprocmask(int how, void* set, void* oldSet);
    [LibraryImport(Lib)] public static partial nint signal(int signum, nint handler);

    // ---- identity, capabilities, limits: setresuid(2), capset(2), prctl(2), prlimit(2) ----
    public const int PR_SET_KEEPCAPS = 8, PR_CAPBSET_DROP = 24, PR_SET_NO_NEW_PRIVS = 38,
        PR_CAP_AMBIENT = 47, PR_CAP_AMBIENT_RAISE = 2;
    [LibraryImport(Lib, SetLastError = true)] public static partial int prctl(int option, ulong arg2, ulong arg3, ulong arg4, ulong arg5);
    [LibraryImport(Lib, SetLastError = true)] public static partial int setresuid(uint ruid, uint euid, uint suid);
    [LibraryImport(Lib, SetLastError = true)] public static partial int setresgid(uint rgid, uint egid, uint sgid);
    [LibraryImport(Lib, SetLastError = true)] public static unsafe partial int setgroups(nuint size, uint* list);
    [LibraryImport(Lib, SetLastError = true)] public static unsafe partial int capset(CapUserHeader* header, CapUserData* data);
    [LibraryImport(Lib, SetLastError = true)] public static unsafe partial int capget(CapUserHeader* header, CapUserData* data);
    [LibraryImport(Lib, SetLastError = true)] public static unsafe partial int prlimit(int pid, int resource, RLimit* newLimit, RLimit* oldLimit);
    [LibraryImport(Lib, SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    public static partial int sethostname(string name, nuint length);
    [LibraryImport(Lib, SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    public static partial int setdomainname(string name, nuint length);

    [StructLayout(LayoutKind.Sequential)] public struct CapUserHeader { public uint Version; public int Pid; }
    [StructLayout(LayoutKind.Sequential)] public struct CapUserData { public uint Effective; public uint Permitted; public uint Inheritable; }
    [StructLayout(LayoutKind.Sequential)] public struct RLimit { public ulong Current; public ulong Max; }

    // ---- sockets: socketpair(2) for the parent/init sync channel, ioctl(2) to bring up the loopback interface ----
    public const int AF_UNIX = 1, AF_INET = 2, SOCK_STREAM = 1, SOCK_DGRAM = 2, SOCK_CLOEXEC = 0x80000;
    public const ulong SIOCGIFFLAGS = 0x8913, SIOCSIFFLAGS = 0x8914;
    [LibraryImport(Lib, SetLastError = true)] public static unsafe partial int socketpair(int domain, int type, int protocol, int* fds);
    [LibraryImport(Lib, SetLastError = true)] public static partial int socket(int domain, int type, int protocol);
    [LibraryImport(Lib, SetLastError = true)] public static unsafe partial int ioctl(int fd, ulong request, void* argument);

    // sendmsg(2) with SCM_RIGHTS passes an open file descriptor to another process over a unix socket.
    public const int SOL_SOCKET = 1, SCM_RIGHTS = 1;
    [StructLayout(LayoutKind.Sequential)] public unsafe struct IoVec { public void* Base; public nuint Length; }
    [StructLayout(LayoutKind.Sequential)]
    public unsafe struct MsgHdr
    {
        public void* Name; public uint NameLength; public IoVec* Iov; public nuint IovLength;
        public void* Control; public nuint ControlLength; public int Flags;
    }
    [StructLayout(LayoutKind.Sequential)] public struct CmsgHdr { public nuint Length; public int Level; public int Type; }
    [LibraryImport(Lib, SetLastError = true)] public static unsafe partial nint sendmsg(int fd, MsgHdr* message, int flags);
    [LibraryImport(Lib, SetLastError = true)] public static unsafe partial nint recvmsg(int fd, MsgHdr* message, int flags);

    // Pseudo-terminals (pty(7)); the ioctl numbers are the same on x86-64 and arm64.
    [LibraryImport(Lib)] public static partial int isatty(int fd);
    [LibraryImport(Lib)] public static unsafe partial int tcgetattr(int fd, byte* termios);
    [LibraryImport(Lib)] public static unsafe partial int tcsetattr(int fd, int when, byte* termios);
    [LibraryImport(Lib)] public static unsafe partial void cfmakeraw(byte* termios);
    public const ulong TIOCGPTN = 0x80045430, TIOCSPTLCK = 0x40045431, TIOCSCTTY = 0x540E, TIOCSWINSZ = 0x5414;
    public const int O_RDWR = 2, O_NOCTTY = 0x100;

    public const short POLLIN = 1, POLLHUP = 0x10;
    [StructLayout(LayoutKind.Sequential)] public struct PollFd { public int Fd; public short Events; public short ReturnedEvents; }
    [LibraryImport(Lib, SetLastError = true)] public static unsafe partial int poll(PollFd* fds, ulong count, int timeoutMs);

    // ---- errors ----
    public const int EPERM = 1, EINTR = 4, EEXIST = 17;

    /// <summary>Throws a <see cref="SyscallException"/> naming <paramref name="what"/> when a libc call returned -1.</summary>
    public static int Check(int result, string what) =>
        result == -1 ? throw new SyscallException(what, Marshal.GetLastPInvokeError()) : result;

    public static nint Check(nint result, string what) =>
        result == -1 ? throw new SyscallException(what, Marshal.GetLastPInvokeError()) : result;
}
