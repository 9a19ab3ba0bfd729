using System.Runtime.InteropServices;
using MiniKube.Runc.Interop;

namespace MiniKube.Runc.Init;

/// <summary>
/// The exec FIFO: how `create` leaves the container's init waiting and `start` lets it go, as runc does. `create`
/// makes a named pipe, exec.fifo, in the container's state directory. Init, once everything is set up, opens it for
/// writing, and that open(2) blocks until someone opens the other end. `start` opens it for reading, init's open
/// returns, init writes one byte and execve(2)s the user's program; `start` sees the byte and removes the FIFO. So
/// "the FIFO still exists" also means "created, not started yet".
/// Concept: https://man7.org/linux/man-pages/man7/fifo.7.html
/// </summary>
internal static unsafe class ExecFifo
{
    public const string FileName = "exec.fifo";

    /// <summary>Made by `create`: mode 0622 so that init can still open it after switching to a non-root user.</summary>
    public static void Create(string path)
    {
        Libc.Check(Libc.mkfifo(path, 0x180), $"mkfifo {path}");   // 0600 through the umask…
        Libc.Check(Libc.chmod(path, 0x192), $"chmod {path}");      // …then 0622 exactly
    }

    /// <summary>
    /// Init, before pivot_root: keeps a handle on the FIFO (O_PATH: a reference, not an open for I/O) because its
    /// path on the host will no longer be reachable from inside the container.
    /// </summary>
    public static int Reference(string path) => Libc.Check(Libc.open(path, Libc.O_PATH | Libc.O_CLOEXEC, 0), $"open {path}");

    /// <summary>Init, last thing before execve: blocks until `start`, then writes the byte `start` waits for.</summary>
    public static void WaitForStart(int pathFd)
    {
        // Re-opening through /proc/self/fd turns the O_PATH reference into a real write open of the same FIFO.
        var fd = Libc.Check(Libc.open($"/proc/self/fd/{pathFd}", Libc.O_WRONLY | Libc.O_CLOEXEC, 0), "open exec fifo for writing");
        byte zero = (byte)'0';
        Libc.Check(Libc.write(fd, &zero, 1), "write to exec fifo");
        // fd stays open until execve closes it (O_CLOEXEC): `start` then reads our byte followed by end-of-file.
    }

    /// <summary>
    /// `start`: opens the reading end, which releases init; waits for its byte while <paramref name="initAlive"/>
    /// holds, then deletes the FIFO. Non-blocking open + poll, so a dead init cannot hang `start` forever.
    /// </summary>
    public static void Release(string path, Func<bool> initAlive)
    {
        var fd = Libc.open(path, Libc.O_RDONLY | Libc.O_NONBLOCK | Libc.O_CLOEXEC, 0);
        if (fd == -1) throw new SyscallException($"open {path}", Marshal.GetLastPInvokeError());
        try
        {
            while (true)
            {
                var pfd = new Libc.PollFd { Fd = fd, Events = Libc.POLLIN };
                var ready = Libc.poll(&pfd, 1, 100);
                if (ready > 0)
                {
                    byte b;
                    var n = Libc.read(fd, &b, 1);
                    if (n == 1) break;
                    // POLLHUP without data: init opened and closed without writing, i.e. it failed.
                    if (n == 0) throw new InvalidOperationException("container init exited before it could start the process");
                }
                if (!initAlive()) throw new InvalidOperationException("container init is no longer running");
            }
        }
        finally
        {
            Libc.close(fd);
        }
        File.Delete(path);
    }
}
