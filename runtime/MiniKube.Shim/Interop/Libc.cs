using System.Runtime.InteropServices;

namespace MiniKube.Shim.Interop;

/// <summary>
/// The libc calls the shim needs and .NET does not offer: leaving the runtime's session (setsid), being the container's
/// subreaper (prctl), collecting init's exit status (waitpid), and pointing its own stdio at /dev/null (dup2) once it
/// has told the runtime init's pid.
/// </summary>
internal static unsafe partial class Libc
{
    private const int PR_SET_CHILD_SUBREAPER = 36, EINTR = 4, ECHILD = 10, O_RDWR = 2;

    [LibraryImport("libc", SetLastError = true)]
    private static partial int setsid();

    [LibraryImport("libc", SetLastError = true)]
    private static partial int prctl(int option, nuint arg2, nuint arg3, nuint arg4, nuint arg5);

    [LibraryImport("libc", SetLastError = true)]
    private static partial int waitpid(int pid, int* status, int options);

    [LibraryImport("libc", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial int open(string path, int flags);

    [LibraryImport("libc", SetLastError = true)]
    private static partial int dup2(int oldFd, int newFd);

    [LibraryImport("libc", SetLastError = true)]
    private static partial int close(int fd);

    /// <summary>A session of our own: the runtime's terminal, process group and signals (Ctrl-C) do not reach us.</summary>
    public static void NewSession() => Check(setsid(), "setsid");

    /// <summary>Orphans among our descendants (init, once `create` exits) become our children, so waitpid works on them.</summary>
    public static void BecomeSubreaper() => Check(prctl(PR_SET_CHILD_SUBREAPER, 1, 0, 0, 0), "prctl(PR_SET_CHILD_SUBREAPER)");

    /// <summary>
    /// Blocks until <paramref name="pid"/> exits, reaping every other child that exits meanwhile (processes of the
    /// container re-parented to us). Returns the exit code, or 128+signal when a signal killed it; null when it is not
    /// our child (it exited and was reaped already).
    /// </summary>
    public static int? WaitFor(int pid)
    {
        while (true)
        {
            int status;
            var result = waitpid(-1, &status, 0);
            if (result < 0)
            {
                var errno = Marshal.GetLastPInvokeError();
                if (errno == EINTR) continue;
                if (errno == ECHILD) return null;
                throw Error("waitpid", errno);
            }
            if (result != pid) continue;
            var signal = status & 0x7f;
            return signal == 0 ? (status >> 8) & 0xff : 128 + signal;
        }
    }

    /// <summary>stdin, stdout and stderr onto /dev/null: the runtime's pipes close, and nothing we write can EPIPE.</summary>
    public static void DetachStdio()
    {
        var fd = open("/dev/null", O_RDWR);
        if (fd < 0) throw Error("open /dev/null", Marshal.GetLastPInvokeError());
        for (var target = 0; target <= 2; target++) Check(dup2(fd, target), "dup2");
        if (fd > 2) close(fd);
    }

    private static void Check(int result, string call)
    {
        if (result < 0) throw Error(call, Marshal.GetLastPInvokeError());
    }

    private static IOException Error(string call, int errno) => new($"{call}: {Marshal.GetPInvokeErrorMessage(errno)} (errno {errno})", errno);
}
