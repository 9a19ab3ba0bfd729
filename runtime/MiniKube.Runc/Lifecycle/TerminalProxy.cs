using System.Runtime.InteropServices;
using MiniKube.Runc.Interop;

namespace MiniKube.Runc.Lifecycle;

/// <summary>
/// For `run`/`exec` with a terminal in the foreground: copies what the user types (our stdin) to the container's
/// terminal and what the container prints back to our stdout, with our own terminal in raw mode meanwhile, so that
/// keys like Ctrl-C reach the container's terminal (which turns them into signals there) instead of minirunc.
/// </summary>
internal sealed unsafe class TerminalProxy : IDisposable
{
    private readonly int _master;
    private readonly byte[]? _savedTermios;
    private readonly Thread _output;

    public TerminalProxy(int master)
    {
        _master = master;
        if (Libc.isatty(0) == 1)
        {
            // struct termios is 60 bytes on glibc; 256 leaves room. cfmakeraw: no echo, no line editing, no signals.
            _savedTermios = new byte[256];
            var raw = stackalloc byte[256];
            fixed (byte* saved = _savedTermios)
            {
                if (Libc.tcgetattr(0, saved) == 0)
                {
                    new Span<byte>(saved, 256).CopyTo(new Span<byte>(raw, 256));
                    Libc.cfmakeraw(raw);
                    _ = Libc.tcsetattr(0, 0, raw);
                }
            }
        }
        new Thread(() => Copy(0, _master)) { IsBackground = true, Name = "terminal stdin" }.Start();
        _output = new Thread(() => Copy(_master, 1)) { IsBackground = true, Name = "terminal stdout" };
        _output.Start();
    }

    private static void Copy(int from, int to)
    {
        var buffer = stackalloc byte[4096];
        while (true)
        {
            var n = Libc.read(from, buffer, 4096);
            if (n == -1 && Marshal.GetLastPInvokeError() == Libc.EINTR) continue;
            if (n <= 0) return;   // end of input, or EIO once the container's side of the terminal is closed
            for (nint done = 0; done < n;)
            {
                var w = Libc.write(to, buffer + done, n - done);
                if (w <= 0) return;
                done += w;
            }
        }
    }

    public void Dispose()
    {
        // The container has exited: let the last of its output through (reads end with EIO), then restore our terminal.
        _output.Join(TimeSpan.FromSeconds(2));
        if (_savedTermios is not null)
            fixed (byte* saved = _savedTermios) _ = Libc.tcsetattr(0, 0, saved);
        Libc.close(_master);
    }
}
