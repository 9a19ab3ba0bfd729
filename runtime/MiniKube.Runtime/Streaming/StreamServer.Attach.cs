using System.Buffers.Binary;
using System.Net.Sockets;
using System.Net.WebSockets;
using System.Text.Json;
using MiniKube.Runtime.Oci;
using V1 = MiniKube.Cri.V1;

namespace MiniKube.Runtime.Streaming;

public sealed partial class StreamServer
{
    /// <summary>
    /// Attach (the kubelet's remotecommand ServeAttach): the container's own stdio, not a new process. The container's
    /// shim holds its pipes, so we dial the shim's socket (<see cref="Oci.ContainerShim.AttachAsync"/>) and relay: its
    /// frames [1|2][length][data] become channel 1 and 2 messages; channel 0 goes to the container's stdin when the
    /// container has one (ContainerConfig.stdin), and v5's close of channel 0 ends our input (with stdin_once, the
    /// shim then closes the container's stdin). With ContainerConfig.tty the streams are the container's terminal (all on
    /// channel 1) and channel 4's resizes set its window size. When the container exits the shim ends the stream and
    /// channel 3 says Success; a client that goes away just detaches.
    /// </summary>
    private async Task AttachAsync(HttpContext context, WebSocket socket, string protocol, V1.AttachRequest request)
    {
        var container = containers.Get(request.ContainerId);
        var send = new SemaphoreSlim(1, 1);
        if (container.Shim is not { } shim || !shim.IsAlive)
        {
            await SendAsync(socket, Error, JsonSerializer.SerializeToUtf8Bytes(new
            {
                metadata = new { },
                status = "Failure",
                message = $"container {container.Id} is not running",
                reason = "InternalError",
            }), send);
            await socket.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, "", CancellationToken.None);
            return;
        }
        using var attached = await shim.AttachAsync(context.RequestAborted);
        Log.Attached(logger, container.Id);
        var output = RelayAttachOutputAsync(attached, socket, send, request);
        Func<int, int, Task>? resize = container.Config.Tty ? (columns, rows) => shim.ResizeAsync(columns, rows, CancellationToken.None) : null;
        var input = ReceiveAttachInputAsync(socket, attached, request.Stdin && container.Config.Stdin, protocol == V5Protocol, resize);
        if (await Task.WhenAny(output, input) == output)
        {
            // The container exited: the shim ended the stream.
            await SendAsync(socket, Error, JsonSerializer.SerializeToUtf8Bytes(new { metadata = new { }, status = "Success" }), send);
            await socket.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, "", CancellationToken.None);
            await Task.WhenAny(input, Task.Delay(TimeSpan.FromSeconds(2), CancellationToken.None));
        }
        else
        {
            // The client closed the WebSocket: detach (the container goes on), and answer its close.
            attached.Dispose();
            await output;
            if (socket.State == WebSocketState.CloseReceived)
                await socket.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, "", CancellationToken.None);
        }
        Log.Detached(logger, container.Id);
    }

    private static async Task RelayAttachOutputAsync(Socket from, WebSocket socket, SemaphoreSlim send, V1.AttachRequest request)
    {
        var header = new byte[5];
        try
        {
            while (await ReadExactlyAsync(from, header))
            {
                var data = new byte[BinaryPrimitives.ReadInt32BigEndian(header.AsSpan(1))];
                if (!await ReadExactlyAsync(from, data)) return;
                var channel = header[0];
                if ((channel == Stdout && request.Stdout) || (channel == Stderr && request.Stderr))
                    await SendAsync(socket, channel, data, send);
            }
        }
        catch (Exception ex) when (ex is SocketException or IOException or WebSocketException or ObjectDisposedException) { }
    }

    private static async Task<bool> ReadExactlyAsync(Socket from, byte[] buffer)
    {
        var filled = 0;
        while (filled < buffer.Length)
        {
            var read = await from.ReceiveAsync(buffer.AsMemory(filled));
            if (read == 0) return false;
            filled += read;
        }
        return true;
    }

    /// <summary>
    /// Channel 0 into the shim while <paramref name="stdin"/>, channel 4's {"Width":…,"Height":…} to the terminal when
    /// the container has one; returns when the client closes the WebSocket.
    /// </summary>
    private static async Task ReceiveAttachInputAsync(WebSocket socket, Socket to, bool stdin, bool v5, Func<int, int, Task>? resize)
    {
        var buffer = new byte[32 * 1024];
        try
        {
            while (socket.State == WebSocketState.Open)
            {
                if (await ReceiveMessageAsync(socket, buffer, CancellationToken.None) is not { } data) return;
                if (data.Length == 0) continue;
                switch (data[0])
                {
                    case Stdin when stdin:
                        await to.SendAsync(data.AsMemory(1));
                        break;
                    case Close when v5 && data.Length > 1 && data[1] == Stdin && stdin:
                        stdin = false;
                        to.Shutdown(SocketShutdown.Send);
                        break;
                    case Resize when resize is not null && System.Text.Json.Nodes.JsonNode.Parse(data.AsMemory(1).Span) is System.Text.Json.Nodes.JsonObject size:
                        await resize(size["Width"]?.GetValue<int>() ?? 0, size["Height"]?.GetValue<int>() ?? 0);
                        break;
                }
            }
        }
        catch (Exception ex) when (ex is IOException or SocketException or WebSocketException or ObjectDisposedException or JsonException or OciRuntimeException) { }
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = 4333, Level = LogLevel.Information, Message = "Attached to container {ContainerId}")]
        public static partial void Attached(ILogger logger, string containerId);

        [LoggerMessage(EventId = 4334, Level = LogLevel.Information, Message = "Detached from container {ContainerId}")]
        public static partial void Detached(ILogger logger, string containerId);
    }
}
