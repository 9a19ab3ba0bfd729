using System.Runtime.InteropServices;
using System.Threading.Channels;

namespace MiniKube.Cli.RemoteCommand;

/// <summary>
/// The local terminal for <c>exec -it</c> and <c>attach -it</c> (kubectl's util/term TTY): in raw mode every key goes
/// to the remote terminal as typed (no local echo, no line editing, Ctrl-C is a byte, not a signal), and its size is
/// sent at the start and again on each SIGWINCH, so the remote program lays out its screen for this window.
/// Concept: https://man7.org/linux/man-pages/man3/termios.3.html
/// </summary>
public static partial class Terminal
{
    private const int StdinFd = 0, StdoutFd = 1, TCSANOW = 0;

    [LibraryImport("libc")]
    private static partial int isatty(int fd);

    [LibraryImport("libc", SetLastError = true)]
    private static partial int tcgetattr(int fd, [Out] byte[] termios);

    [LibraryImport("libc", SetLastError = true)]
    private static partial int tcsetattr(int fd, int optionalActions, [In] byte[] termios);

    [LibraryImport("libc")]
    private static partial void cfmakeraw([In, Out] byte[] termios);

    [LibraryImport("libc")]
    private static partial int ioctl(int fd, nuint request, [Out] ushort[] winsize);

    private const nuint TIOCGWINSZ = 0x5413;    // the same on x86-64 and arm64

    /// <summary>Whether standard input is a terminal (not a pipe or a file).</summary>
    public static bool IsTerminalIn => isatty(StdinFd) == 1;

    /// <summary>
    /// Puts standard input's terminal in raw mode (cfmakeraw); disposing the result restores the settings it had.
    /// </summary>
    public static IDisposable MakeRaw()
    {
        var saved = new byte[256];      // struct termios is 60 bytes on glibc; room to spare
        if (tcgetattr(StdinFd, saved) != 0) throw new IOException($"tcgetattr: {Marshal.GetPInvokeErrorMessage(Marshal.GetLastPInvokeError())}");
        var raw = (byte[])saved.Clone();
        cfmakeraw(raw);
        if (tcsetattr(StdinFd, TCSANOW, raw) != 0) throw new IOException($"tcsetattr: {Marshal.GetPInvokeErrorMessage(Marshal.GetLastPInvokeError())}");
        return new Restore(saved);
    }

    /// <summary>
    /// The window's size now, then after every SIGWINCH, until <paramref name="cancellationToken"/> ends
    /// (kubectl's MonitorSize).
    /// </summary>
    public static ChannelReader<TerminalSize> MonitorSize(CancellationToken cancellationToken)
    {
        var sizes = Channel.CreateUnbounded<TerminalSize>();
        void Post()
        {
            if (Size() is { } size) sizes.Writer.TryWrite(size);
        }
        Post();
        var registration = PosixSignalRegistration.Create(PosixSignal.SIGWINCH, _ => Post());
        cancellationToken.Register(() =>
        {
            registration.Dispose();
            sizes.Writer.TryComplete();
        });
        return sizes.Reader;
    }

    /// <summary>The size of the terminal on stdout (else stdin), read from the kernel (TIOCGWINSZ); null when neither is one.</summary>
    private static TerminalSize? Size()
    {
        // struct winsize: rows, columns, then two pixel sizes.
        var winsize = new ushort[4];
        foreach (var fd in new[] { StdoutFd, StdinFd })
        {
            if (isatty(fd) == 1 && ioctl(fd, TIOCGWINSZ, winsize) == 0 && winsize[0] > 0 && winsize[1] > 0)
                return new TerminalSize(winsize[1], winsize[0]);
        }
        return null;
    }

    private sealed class Restore(byte[] saved) : IDisposable
    {
        public void Dispose() => _ = tcsetattr(StdinFd, TCSANOW, saved);
    }
}
