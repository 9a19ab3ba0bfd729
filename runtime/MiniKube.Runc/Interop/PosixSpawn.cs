using System.Runtime.InteropServices;

namespace MiniKube.Runc.Interop;

/// <summary>
/// Starts a program with posix_spawn(3) (man7.org/linux/man-pages/man3/posix_spawn.3.html): the one safe way for a
/// multithreaded .NET process to make a child. fork(2) would copy only the calling thread, so the child's copy of the
/// .NET runtime could deadlock on a lock some other thread held; posix_spawn runs only a few lines of C in the child
/// before execve(2).
/// </summary>
/// <remarks>
/// Everything (paths, argv, envp, the file actions that place file descriptors) is prepared in the constructor;
/// <see cref="Spawn"/> itself allocates nothing. That lets a thread call unshare(2) and then Spawn with no managed
/// allocation in between.
/// </remarks>
internal sealed unsafe class PosixSpawn : IDisposable
{
    // glibc's posix_spawn_file_actions_t is 80 bytes and posix_spawnattr_t 336 on x86-64; leave plenty of room.
    private const int OpaqueSize = 1024;

    private readonly byte* _path;
    private readonly NativeStringArray _argv;
    private readonly NativeStringArray _envp;
    private readonly void* _fileActions;
    private readonly void* _attr;

    /// <param name="fileDescriptors">(our fd, the fd number the child sees) pairs; the child gets no other
    /// descriptors except 0, 1 and 2, because everything .NET opens is close-on-exec.</param>
    public PosixSpawn(string path, IReadOnlyList<string> argv, IReadOnlyList<string> envp, IReadOnlyList<(int Ours, int Child)> fileDescriptors)
    {
        _path = NativeStringArray.Utf8(path);
        _argv = new NativeStringArray(argv);
        _envp = new NativeStringArray(envp);
        _fileActions = NativeMemory.AllocZeroed(OpaqueSize);
        _attr = NativeMemory.AllocZeroed(OpaqueSize);

        _ = Libc.posix_spawn_file_actions_init(_fileActions);
        foreach (var (ours, child) in fileDescriptors)
        {
            // dup2 clears close-on-exec on the copy; the source must not already be the target number, which callers
            // guarantee by moving their descriptors to 100 and up first (see SyncSocket).
            _ = Libc.posix_spawn_file_actions_adddup2(_fileActions, ours, child);
        }

        // The child starts with no blocked signals and every signal at its default action: .NET ignores SIGPIPE and
        // a container's processes must not inherit that.
        _ = Libc.posix_spawnattr_init(_attr);
        _ = Libc.posix_spawnattr_setflags(_attr, Libc.POSIX_SPAWN_SETSIGMASK | Libc.POSIX_SPAWN_SETSIGDEF);
        var none = stackalloc byte[Libc.SigsetSize];   // posix_spawnattr_set* copy the set, so the stack is fine
        _ = Libc.sigemptyset(none);
        _ = Libc.posix_spawnattr_setsigmask(_attr, none);
        var all = stackalloc byte[Libc.SigsetSize];
        _ = Libc.sigfillset(all);
        _ = Libc.posix_spawnattr_setsigdefault(_attr, all);
    }

    /// <summary>Starts the child; returns its pid, or throws with the error posix_spawn reported.</summary>
    public int Spawn()
    {
        var error = Libc.posix_spawn(out var pid, _path, _fileActions, _attr, _argv.Pointer, _envp.Pointer);
        return error == 0 ? pid : throw new SyscallException("posix_spawn", error);
    }

    /// <summary>Like <see cref="Spawn"/> but returns the error number instead of throwing (no allocation at all).</summary>
    public int TrySpawn(out int pid)
    {
        var error = Libc.posix_spawn(out pid, _path, _fileActions, _attr, _argv.Pointer, _envp.Pointer);
        return error;
    }

    public void Dispose()
    {
        _ = Libc.posix_spawn_file_actions_destroy(_fileActions);
        _ = Libc.posix_spawnattr_destroy(_attr);
        NativeMemory.Free(_fileActions);
        NativeMemory.Free(_attr);
        NativeMemory.Free(_path);
        _argv.Dispose();
        _envp.Dispose();
    }
}
