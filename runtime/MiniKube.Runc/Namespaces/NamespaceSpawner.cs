using System.Runtime.ExceptionServices;
using MiniKube.Runc.Interop;

namespace MiniKube.Runc.Namespaces;

/// <summary>
/// Starts a child process inside namespaces: joins the ones given by path with setns(2), creates the others with
/// unshare(2), then posix_spawn(3)s the child, which inherits them all. This is how a multithreaded .NET process
/// gets a process into new namespaces without fork(2).
/// Concept: https://man7.org/linux/man-pages/man2/unshare.2.html, https://man7.org/linux/man-pages/man2/setns.2.html
/// </summary>
/// <remarks>
/// <para>Namespaces belong to a thread, not to the process, so all of this happens on a dedicated thread that does
/// nothing else and ends right after. The rest of minirunc (and the .NET runtime's own threads) stay in the host's
/// namespaces.</para>
/// <para>The PID namespace is special: unshare(CLONE_NEWPID) does not move the caller; it decides where the caller's
/// next child goes, and that child becomes PID 1 there. The user namespace cannot be entered by a thread of a
/// multithreaded process at all (the kernel refuses), which is one reason minirunc does not support it.</para>
/// <para>Between unshare and posix_spawn the thread must not make the .NET runtime start a new thread: after
/// CLONE_NEWPID, creating a thread from this thread fails (a thread cannot live in a different PID namespace than
/// its process). So everything posix_spawn needs is prepared (allocated) before, and nothing but the two calls
/// runs in between.</para>
/// </remarks>
internal static class NamespaceSpawner
{
    /// <param name="join">Namespaces to enter, as open file descriptors of /proc/&lt;pid&gt;/ns/* or bind-mounted
    /// namespace files, with their clone flag.</param>
    /// <param name="unshareFlags">CLONE_NEW* flags of namespaces to create.</param>
    /// <returns>The child's pid, as seen from the host.</returns>
    public static int Spawn(PosixSpawn spawn, IReadOnlyList<(int Fd, int CloneFlag)> join, int unshareFlags)
    {
        var pid = 0;
        ExceptionDispatchInfo? failure = null;
        var thread = new Thread(() =>
        {
            try
            {
                // Joining a mount namespace needs a private fs_struct (root and cwd), which a thread shares with its
                // siblings until it unshares CLONE_FS.
                if (join.Any(j => j.CloneFlag == Libc.CLONE_NEWNS)) Libc.Check(Libc.unshare(Libc.CLONE_FS), "unshare(CLONE_FS)");
                foreach (var (fd, flag) in join)
                    Libc.Check(Libc.setns(fd, flag), $"setns into {NamespaceType.All.First(n => n.CloneFlag == flag).Type} namespace");

                // From here to posix_spawn: no allocation, no new threads (see remarks).
                if (unshareFlags != 0 && Libc.unshare(unshareFlags) == -1)
                {
                    failure = ExceptionDispatchInfo.Capture(new SyscallException("unshare", System.Runtime.InteropServices.Marshal.GetLastPInvokeError()));
                    return;
                }
                var error = spawn.TrySpawn(out pid);
                if (error != 0) failure = ExceptionDispatchInfo.Capture(new SyscallException("posix_spawn of the init process", error));
            }
            catch (Exception ex)
            {
                failure = ExceptionDispatchInfo.Capture(ex);
            }
        })
        {
            Name = "minirunc namespaces",
            IsBackground = true,
        };
        thread.Start();
        thread.Join();
        failure?.Throw();
        return pid;
    }
}
