using MiniKube.Cli.Client;
using MiniKube.Cli.RemoteCommand;

namespace MiniKube.Cli.Commands.Crictl;

/// <summary>
/// What <c>crictl exec</c> and <c>crictl attach</c> do with the URL their RPC returned (crictl's <c>stream</c>):
/// connect this process's stdio to it, with the local terminal in raw mode and its size passed on for <c>-t</c>.
/// Concept: https://kubernetes.io/docs/tasks/debug/debug-application/get-shell-running-container/
/// </summary>
public static class CriStream
{
    /// <summary>crictl refuses a tty without stdin: nothing could be typed into it.</summary>
    public static void Validate(bool stdin, bool tty)
    {
        if (tty && !stdin) throw new CliException("tty=true must be specified with interactive=true");
    }

    /// <summary>Streams until the remote side ends; returns its exit code.</summary>
    public static async Task<int> StreamAsync(string url, bool stdin, bool tty, CancellationToken cancellationToken)
    {
        // The descriptors themselves, not Console's streams: on a terminal, .NET's console reads stdin a line at a time
        // with its own echo and editing, and sets up the terminal its way; a relay must pass bytes through untouched.
        await using var stdout = Descriptor(1, FileAccess.Write);
        await using var stderr = Descriptor(2, FileAccess.Write);
        await using var input = stdin ? Descriptor(0, FileAccess.Read) : null;
        // Upstream difference: crictl refuses -t when stdin is not a terminal ("input is not a terminal"); here the
        // remote side still gets a terminal and the piped input, which is what scripts and tests need. Nor is there
        // crictl's detach sequence (ctrl-p,ctrl-q).
        using var raw = tty && Terminal.IsTerminalIn ? Terminal.MakeRaw() : null;
        using var sizes = new CancellationTokenSource();
        try
        {
            var options = new StreamOptions(input, stdout, tty ? null : stderr, tty, tty ? Terminal.MonitorSize(sizes.Token) : null);
            return await WebSocketExecutor.StreamAsync(url, options, cancellationToken);
        }
        finally
        {
            await sizes.CancelAsync();
        }
    }

    private static FileStream Descriptor(int fd, FileAccess access) =>
        new(new Microsoft.Win32.SafeHandles.SafeFileHandle(fd, ownsHandle: false), access, bufferSize: 0);
}
