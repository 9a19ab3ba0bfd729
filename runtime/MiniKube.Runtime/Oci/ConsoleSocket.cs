using System.Net.Sockets;
using Microsoft.Win32.SafeHandles;
using MiniKube.Runtime.Interop;

namespace MiniKube.Runtime.Oci;

/// <summary>
/// The listening end of an OCI runtime's <c>--console-socket</c> (go-runc's temporary console socket, which
/// containerd's runc shim makes for a process with a terminal): the runtime opens a pseudo-terminal inside the
/// container, gives its "slave" end to the process and sends the "master" end here, one descriptor in an SCM_RIGHTS
/// message. Whoever holds the master talks to the process as a terminal emulator does.
/// Concept: https://kubernetes.io/docs/tasks/debug/debug-application/get-shell-running-container/,
/// https://man7.org/linux/man-pages/man7/pty.7.html
/// </summary>
public sealed class ConsoleSocket : IDisposable
{
    private readonly Socket _listener;

    private ConsoleSocket(Socket listener, string directory, string path)
    {
        _listener = listener;
        Directory = directory;
        Path = path;
    }

    /// <summary>The socket's path, for <c>--console-socket</c>.</summary>
    public string Path { get; }

    /// <summary>The socket's private directory, which also holds the exec's pid file and the runtime's log.</summary>
    public string Directory { get; }

    /// <summary>A new socket in a private temporary directory (like go-runc's <c>NewTempConsoleSocket</c>).</summary>
    public static ConsoleSocket Create()
    {
        var directory = System.IO.Directory.CreateTempSubdirectory("pty").FullName;
        var path = System.IO.Path.Join(directory, "pty.sock");
        var listener = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        try
        {
            listener.Bind(new UnixDomainSocketEndPoint(path));
            listener.Listen(1);
        }
        catch
        {
            listener.Dispose();
            System.IO.Directory.Delete(directory, recursive: true);
            throw;
        }
        return new ConsoleSocket(listener, directory, path);
    }

    /// <summary>
    /// Takes the terminal's master that the runtime sent (it has connected and sent it by the time `exec --detach`
    /// returned; <paramref name="timeout"/> only guards against one that did not).
    /// </summary>
    public Task<PseudoTerminal> ReceiveMasterAsync(TimeSpan timeout) => Task.Run(() =>
    {
        if (!_listener.Poll(timeout, SelectMode.SelectRead)) throw new IOException($"no terminal arrived on the console socket {Path}");
        using var connection = _listener.Accept();
        if (!connection.Poll(timeout, SelectMode.SelectRead) || Libc.ReceiveFileDescriptor(connection.SafeHandle) is not { } fd)
            throw new IOException($"no terminal arrived on the console socket {Path}");
        return new PseudoTerminal(new SafeFileHandle(fd, ownsHandle: true));
    });

    public void Dispose()
    {
        _listener.Dispose();
        System.IO.Directory.Delete(Directory, recursive: true);
    }
}

/// <summary>
/// The master end of a container process's pseudo-terminal (containerd's <c>console.Console</c>): what is written to it
/// is the process's input, what is read from it its output (stdout and stderr together, echo included), and its
/// window size is the one the process sees.
/// </summary>
public sealed class PseudoTerminal(SafeFileHandle master) : IDisposable
{
    /// <summary>Reads and writes the terminal; a read fails with EIO (IOException) once the process side is closed.</summary>
    // bufferSize 0: no FileStream buffer, so a read pending on one thread does not hold up a write.
    public Stream Stream { get; } = new FileStream(master, FileAccess.ReadWrite, bufferSize: 0);

    /// <summary>A new window size (a client's resize message); the process gets SIGWINCH.</summary>
    public void Resize(ushort width, ushort height) => Libc.SetWindowSize(master, width, height);

    public void Dispose() => Stream.Dispose();
}
