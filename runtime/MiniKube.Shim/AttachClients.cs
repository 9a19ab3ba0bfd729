using System.Buffers.Binary;
using System.Net.Sockets;
using System.Threading.Channels;

namespace MiniKube.Shim;

/// <summary>
/// The clients attached to the container (CRI Attach, `kubectl attach`): each gets the container's stdout and stderr as
/// they are read from the pipes, framed as <c>[1 = stdout | 2 = stderr][length, 4 bytes big-endian][data]</c> (the channel
/// numbers of the Kubernetes streaming protocol), and what a client sends is written to the container's stdin when the
/// container has one (ContainerConfig.stdin). The client shutting down its sending side ends its input; with
/// stdin_once that closes the container's stdin for good (containerd's attach does the same).
/// A slow client never slows the log: each has its own queue.
/// </summary>
internal sealed class AttachClients(Stream? stdin, bool stdinOnce)
{
    private readonly Lock _lock = new();
    private readonly List<Client> _clients = [];
    // Writes to the pipe are synchronous under this lock: input from two clients never interleaves within a chunk.
    private readonly Lock _stdinLock = new();
    private bool _stdinClosed;
    private bool _closed;

    private sealed class Client(Socket socket)
    {
        public Socket Socket { get; } = socket;
        public Channel<byte[]> Output { get; } = Channel.CreateUnbounded<byte[]>(new UnboundedChannelOptions { SingleReader = true });
        public Task Sending { get; set; } = Task.CompletedTask;
    }

    /// <summary>A chunk the log writer just read from "stdout" or "stderr", to every attached client.</summary>
    public void Broadcast(string stream, ReadOnlyMemory<byte> data)
    {
        Client[] clients;
        lock (_lock) clients = [.. _clients];
        if (clients.Length == 0) return;
        var frame = new byte[5 + data.Length];
        frame[0] = stream == "stdout" ? (byte)1 : (byte)2;
        BinaryPrimitives.WriteInt32BigEndian(frame.AsSpan(1), data.Length);
        data.Span.CopyTo(frame.AsSpan(5));
        foreach (var client in clients) client.Output.Writer.TryWrite(frame);
    }

    public async Task ServeAsync(Socket socket)
    {
        var client = new Client(socket);
        lock (_lock)
        {
            if (_closed) { socket.Dispose(); return; }
            client.Sending = SendAsync(client);
            _clients.Add(client);
        }
        await ReceiveAsync(client);
        // Input is over; output goes on until the container exits or the client hangs up.
        await client.Sending;
        lock (_lock) _clients.Remove(client);
        socket.Dispose();
    }

    private static async Task SendAsync(Client client)
    {
        try
        {
            await foreach (var frame in client.Output.Reader.ReadAllAsync())
                await client.Socket.SendAsync(frame);
            client.Socket.Shutdown(SocketShutdown.Send);
        }
        catch (Exception ex) when (ex is SocketException or ObjectDisposedException)
        {
            // The client went away.
        }
        client.Output.Writer.TryComplete();
    }

    private async Task ReceiveAsync(Client client)
    {
        var buffer = new byte[32 * 1024];
        try
        {
            int read;
            while ((read = await client.Socket.ReceiveAsync(buffer)) > 0)
            {
                if (stdin is null) continue;
                lock (_stdinLock)
                {
                    if (_stdinClosed) continue;
                    stdin.Write(buffer, 0, read);
                    stdin.Flush();
                }
            }
        }
        catch (Exception ex) when (ex is SocketException or IOException or ObjectDisposedException)
        {
            // The client or the container's stdin went away.
        }
        if (stdin is not null && stdinOnce) CloseStdin();
    }

    private void CloseStdin()
    {
        lock (_stdinLock)
        {
            if (_stdinClosed) return;
            _stdinClosed = true;
            stdin!.Dispose();
        }
    }

    /// <summary>The container has exited: every client gets what is queued, then end of stream.</summary>
    public async Task CloseAllAsync()
    {
        Client[] clients;
        lock (_lock)
        {
            _closed = true;
            clients = [.. _clients];
        }
        foreach (var client in clients) client.Output.Writer.TryComplete();
        // A client that stopped reading must not keep the shim (and so the container's exit) waiting.
        await Task.WhenAny(Task.WhenAll(clients.Select(c => c.Sending)), Task.Delay(TimeSpan.FromSeconds(2)));
        foreach (var client in clients) client.Socket.Dispose();
    }
}
