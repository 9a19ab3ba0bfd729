using System.Net.Sockets;
using MiniKube.Runc.Init;
using MiniKube.Runc.Interop;

namespace MiniKube.Runc.Lifecycle;

/// <summary>
/// --console-socket: the unix socket on which the caller (the high-level runtime) waits for the master end of the
/// container's terminal (see <see cref="Terminal"/>). minirunc connects before spawning init and hands init the
/// connected descriptor; init sends the terminal through it. `run` and `exec` in the foreground listen on one of
/// their own and copy between the terminal and their stdio (<see cref="TerminalProxy"/>).
/// </summary>
internal sealed class ConsoleSocket : IDisposable
{
    private readonly Socket _listener;
    private readonly string _directory;

    private ConsoleSocket(Socket listener, string directory, string path)
    {
        _listener = listener;
        _directory = directory;
        Path = path;
    }

    public string Path { get; }

    /// <summary>Connects to the caller's socket; returns a descriptor (100 and up, close-on-exec) to hand to init.</summary>
    public static int Connect(string path)
    {
        var socket = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        try
        {
            socket.Connect(new UnixDomainSocketEndPoint(path));
        }
        catch (SocketException ex)
        {
            socket.Dispose();
            throw new RuncException($"failed to connect to the console socket {path}: {ex.Message}", ex);
        }
        // Keep our own copy of the descriptor; disposing the Socket closes only its original.
        var fd = Libc.Check(Libc.fcntl((int)socket.Handle, Libc.F_DUPFD_CLOEXEC, 100), "dup the console socket");
        socket.Dispose();
        return fd;
    }

    /// <summary>A private console socket in a new temporary directory, for `run`/`exec` with a terminal in the foreground.</summary>
    public static ConsoleSocket Listen()
    {
        var directory = Directory.CreateTempSubdirectory("minirunc-console-").FullName;
        var path = System.IO.Path.Join(directory, "console.sock");
        var listener = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        listener.Bind(new UnixDomainSocketEndPoint(path));
        listener.Listen(1);
        return new ConsoleSocket(listener, directory, path);
    }

    /// <summary>Waits for init to connect and send the terminal; returns the master's descriptor.</summary>
    public int ReceiveMaster()
    {
        using var connection = _listener.Accept();
        return Terminal.ReceiveFd((int)connection.Handle);
    }

    public void Dispose()
    {
        _listener.Dispose();
        Directory.Delete(_directory, recursive: true);
    }
}
