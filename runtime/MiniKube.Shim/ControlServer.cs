using System.Net.Sockets;
using System.Text;
using MiniKube.Shim.Logging;

namespace MiniKube.Shim;

/// <summary>
/// The shim's unix socket in the container's state directory (containerd's shim serves its task API on one too): a
/// client sends one line, <c>reopen</c> (ReopenContainerLog, answered <c>ok</c>), <c>resize COLUMNS ROWS</c> (a terminal's
/// window size) or <c>attach</c> (then the connection carries the container's output and input, <see cref="AttachClients"/>). minikube-runtime dials it through
/// <c>/proc/&lt;shim pid&gt;/cwd/shim.sock</c>, a short path to the same socket.
/// </summary>
internal sealed class ControlServer : IAsyncDisposable
{
    public const string SocketName = "shim.sock";

    private readonly Socket _listener;
    private readonly string _path;
    private readonly CriLogWriter _log;
    private readonly AttachClients _attached;
    private readonly Action<ushort, ushort>? _resize;
    private readonly Task _accepting;

    private ControlServer(Socket listener, string path, CriLogWriter log, AttachClients attached, Action<ushort, ushort>? resize)
    {
        _listener = listener;
        _path = path;
        _log = log;
        _attached = attached;
        _resize = resize;
        _accepting = AcceptAsync();
    }

    /// <param name="resize">Sets the terminal's size (columns, rows), for a container with a tty; else null.</param>
    public static ControlServer Start(string path, CriLogWriter log, AttachClients attached, Action<ushort, ushort>? resize)
    {
        File.Delete(path);
        var listener = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        listener.Bind(new UnixDomainSocketEndPoint(path));
        listener.Listen(16);
        return new ControlServer(listener, path, log, attached, resize);
    }

    private async Task AcceptAsync()
    {
        while (true)
        {
            Socket client;
            try { client = await _listener.AcceptAsync(); }
            catch (Exception ex) when (ex is SocketException or ObjectDisposedException) { return; }
            _ = HandleAsync(client);
        }
    }

    private async Task HandleAsync(Socket client)
    {
        try
        {
            switch (await ReadLineAsync(client))
            {
                case "reopen":
                    await _log.ReopenAsync();
                    await client.SendAsync("ok\n"u8.ToArray());
                    break;
                case "attach":
                    await _attached.ServeAsync(client);
                    return;     // the attach owns the socket now
                case var resize when resize.StartsWith("resize ", StringComparison.Ordinal) && _resize is not null
                                     && resize.Split(' ') is [_, var w, var h] && ushort.TryParse(w, out var columns) && ushort.TryParse(h, out var rows):
                    _resize(columns, rows);
                    await client.SendAsync("ok\n"u8.ToArray());
                    break;
                case var other:
                    await client.SendAsync(Encoding.UTF8.GetBytes($"error unknown request \"{other}\"\n"));
                    break;
            }
        }
        catch (Exception ex) when (ex is SocketException or IOException or ObjectDisposedException)
        {
            // The client went away: nothing to answer.
        }
        client.Dispose();
    }

    /// <summary>The request line, read a byte at a time so that nothing after it (an attach's input) is consumed.</summary>
    private static async Task<string> ReadLineAsync(Socket client)
    {
        var line = new List<byte>();
        var one = new byte[1];
        while (line.Count < 256 && await client.ReceiveAsync(one) == 1 && one[0] != '\n') line.Add(one[0]);
        return Encoding.UTF8.GetString([.. line]);
    }

    public async ValueTask DisposeAsync()
    {
        _listener.Dispose();
        await _accepting;
        File.Delete(_path);
        await _attached.CloseAllAsync();
    }
}
