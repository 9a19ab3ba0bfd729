using System.Runtime.InteropServices;
using System.Text;
using System.Text.Json.Serialization.Metadata;
using MiniKube.Runc.Interop;

namespace MiniKube.Runc.Init;

/// <summary>
/// The channel between minirunc (the parent) and its init child: one end of a socketpair(2), carrying one JSON
/// message per line. The parent sends the <see cref="InitConfig"/>; init answers with log lines and finally
/// "ready" (set up, now waiting on the exec FIFO) or "error" (then it exits). If init dies, the parent reads
/// end-of-file instead, so it never waits forever.
/// Concept: https://man7.org/linux/man-pages/man2/socketpair.2.html
/// </summary>
internal sealed unsafe class SyncSocket : IDisposable
{
    /// <summary>The environment variable that tells init which descriptor is its end.</summary>
    public const string FdVariable = "_MINIRUNC_INITPIPE";

    private readonly List<byte> _buffered = [];
    private int _fd;

    public SyncSocket(int fd) => _fd = fd;

    public int Fd => _fd;

    /// <summary>A connected pair, both close-on-exec and numbered 100 and up so that posix_spawn's dup2 onto 3, 4…
    /// never meets a descriptor that is already there.</summary>
    public static (SyncSocket Parent, SyncSocket Child) CreatePair()
    {
        var fds = stackalloc int[2];
        Libc.Check(Libc.socketpair(Libc.AF_UNIX, Libc.SOCK_STREAM | Libc.SOCK_CLOEXEC, 0, fds), "socketpair");
        return (new SyncSocket(MoveHigh(fds[0])), new SyncSocket(MoveHigh(fds[1])));
    }

    /// <summary>Duplicates <paramref name="fd"/> to a number ≥ 100 (close-on-exec) and closes the original.</summary>
    public static int MoveHigh(int fd)
    {
        var high = Libc.Check(Libc.fcntl(fd, Libc.F_DUPFD_CLOEXEC, 100), "fcntl(F_DUPFD_CLOEXEC)");
        Libc.close(fd);
        return high;
    }

    public void Send<T>(T message, JsonTypeInfo<T> type)
    {
        var bytes = Encoding.UTF8.GetBytes(System.Text.Json.JsonSerializer.Serialize(message, type) + "\n");
        fixed (byte* p = bytes)
        {
            var sent = 0;
            while (sent < bytes.Length)
            {
                var n = Libc.write(_fd, p + sent, bytes.Length - sent);
                if (n == -1 && Marshal.GetLastPInvokeError() == Libc.EINTR) continue;
                Libc.Check(n, "write to the init sync socket");
                sent += (int)n;
            }
        }
    }

    /// <summary>The next message, or null at end-of-file (the other side exited or closed its end).</summary>
    public T? Receive<T>(JsonTypeInfo<T> type)
    {
        var line = ReadLine();
        return line is null ? default : System.Text.Json.JsonSerializer.Deserialize(line, type);
    }

    private string? ReadLine()
    {
        var chunk = stackalloc byte[4096];
        while (true)
        {
            var newline = _buffered.IndexOf((byte)'\n');
            if (newline >= 0)
            {
                var line = Encoding.UTF8.GetString(_buffered.GetRange(0, newline).ToArray());
                _buffered.RemoveRange(0, newline + 1);
                return line;
            }
            var n = Libc.read(_fd, chunk, 4096);
            if (n == -1 && Marshal.GetLastPInvokeError() == Libc.EINTR) continue;
            Libc.Check(n, "read from the init sync socket");
            if (n == 0) return null;
            _buffered.AddRange(new ReadOnlySpan<byte>(chunk, (int)n));
        }
    }

    public void Dispose()
    {
        if (_fd < 0) return;
        Libc.close(_fd);
        _fd = -1;
    }
}
