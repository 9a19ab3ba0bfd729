using System.Net.Sockets;
using System.Runtime.InteropServices;
using Microsoft.Win32.SafeHandles;

namespace MiniKube.Shim.Interop;

/// <summary>
/// A container with ContainerConfig.tty: the OCI runtime makes a pseudo-terminal the process's stdio and sends its
/// master end to whoever listens on <c>--console-socket</c>, in one sendmsg(2) with SCM_RIGHTS (runc's console-socket
/// protocol, which minirunc speaks too). The shim listens, receives the master, and from then on reads the container's
/// output from it and writes attached clients' input and window sizes (TIOCSWINSZ) to it.
/// Upstream: containerd's shim does the same with runc's console socket (pkg/process, console.go).
/// </summary>
internal static partial class Terminal
{
    private const int SOL_SOCKET = 1, SCM_RIGHTS = 1;
    private const ulong TIOCSWINSZ = 0x5414;

    [StructLayout(LayoutKind.Sequential)]
    private unsafe struct IoVec { public void* Base; public nuint Length; }

    [StructLayout(LayoutKind.Sequential)]
    private unsafe struct MsgHdr
    {
        public void* Name; public uint NameLength; public IoVec* Iov; public nuint IovLength;
        public void* Control; public nuint ControlLength; public int Flags;
    }

    [StructLayout(LayoutKind.Sequential)]
    private struct WinSize { public ushort Rows, Columns, XPixels, YPixels; }

    [LibraryImport("libc", SetLastError = true)]
    private static unsafe partial nint recvmsg(int fd, MsgHdr* message, int flags);

    [LibraryImport("libc", SetLastError = true)]
    private static unsafe partial int ioctl(int fd, ulong request, void* argument);

    /// <summary>Listens on <paramref name="path"/> (relative to the bundle, our working directory) for the runtime's init.</summary>
    public static Socket Listen(string path)
    {
        File.Delete(path);
        var listener = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        listener.Bind(new UnixDomainSocketEndPoint(path));
        listener.Listen(1);
        return listener;
    }

    /// <summary>Accepts the runtime's connection and receives the master's descriptor (a cmsghdr of 16 bytes, then the fd).</summary>
    public static async Task<SafeFileHandle> ReceiveMasterAsync(Socket listener, CancellationToken cancellationToken)
    {
        using var connection = await listener.AcceptAsync(cancellationToken);
        return ReceiveFd((int)connection.Handle);
    }

    private static unsafe SafeFileHandle ReceiveFd(int socket)
    {
        const int space = 24;
        var control = stackalloc byte[space];
        var data = stackalloc byte[4096];
        var iov = new IoVec { Base = data, Length = 4096 };
        var message = new MsgHdr { Iov = &iov, IovLength = 1, Control = control, ControlLength = space };
        if (recvmsg(socket, &message, 0) < 0)
            throw new IOException($"recvmsg on the console socket: {Marshal.GetPInvokeErrorMessage(Marshal.GetLastPInvokeError())}");
        if (message.ControlLength < 20 || *(int*)(control + 8) != SOL_SOCKET || *(int*)(control + 12) != SCM_RIGHTS)
            throw new IOException("the OCI runtime did not send a terminal on the console socket");
        return new SafeFileHandle(*(int*)(control + 16), ownsHandle: true);
    }

    /// <summary>The terminal's window size in characters (a `kubectl attach -t` client's resize); the container gets SIGWINCH.</summary>
    public static unsafe void Resize(SafeFileHandle master, ushort columns, ushort rows)
    {
        var size = new WinSize { Rows = rows, Columns = columns };
        if (ioctl((int)master.DangerousGetHandle(), TIOCSWINSZ, &size) < 0)
            throw new IOException($"TIOCSWINSZ: {Marshal.GetPInvokeErrorMessage(Marshal.GetLastPInvokeError())}");
    }
}
