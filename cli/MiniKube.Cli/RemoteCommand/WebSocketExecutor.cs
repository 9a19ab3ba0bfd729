using System.Net.WebSockets;
using System.Text.Json;
using System.Threading.Channels;
using MiniKube.Cli.Client;

namespace MiniKube.Cli.RemoteCommand;

/// <summary>
/// What to connect to the remote process (client-go's remotecommand.StreamOptions): stdin (null: none), stdout,
/// stderr (null with a tty, whose output is one stream), and the local terminal's sizes to pass on.
/// </summary>
public sealed record StreamOptions(Stream? Stdin, Stream Stdout, Stream? Stderr, bool Tty, ChannelReader<TerminalSize>? TerminalSizes = null);

/// <summary>A terminal's size in characters, as the resize channel carries it: {"Width":80,"Height":24}.</summary>
public readonly record struct TerminalSize(ushort Width, ushort Height);

/// <summary>
/// The client side of an exec or attach stream (client-go's remotecommand WebSocket executor, what kubectl and crictl
/// use): the URL that the CRI's Exec or Attach returned is opened as a WebSocket speaking v5.channel.k8s.io (or v4);
/// every binary message starts with its channel: 0 stdin, 1 stdout, 2 stderr, 3 the final Status, 4 resize; v5's
/// channel 255 closes one direction (here stdin, at its end of file).
/// Upstream difference: no SPDY, the transport crictl still uses by default; only WebSockets.
/// Concept: https://kubernetes.io/docs/tasks/debug/debug-application/get-shell-running-container/
/// </summary>
public static class WebSocketExecutor
{
    public const string V5Protocol = "v5.channel.k8s.io";
    public const string V4Protocol = "v4.channel.k8s.io";

    private const byte Stdin = 0, Stdout = 1, Stderr = 2, Error = 3, Resize = 4, Close = 255;

    /// <summary>
    /// Streams until the server closes; returns the remote command's exit code (0 for Success, the ExitCode cause of a
    /// NonZeroExitCode Failure). Any other Failure is an error with the Status's message.
    /// </summary>
    public static async Task<int> StreamAsync(string url, StreamOptions options, CancellationToken cancellationToken)
    {
        using var socket = new ClientWebSocket();
        socket.Options.AddSubProtocol(V5Protocol);
        socket.Options.AddSubProtocol(V4Protocol);
        var uri = new UriBuilder(url);
        uri.Scheme = uri.Scheme == "https" ? "wss" : "ws";
        try
        {
            await socket.ConnectAsync(uri.Uri, cancellationToken);
        }
        catch (WebSocketException ex)
        {
            throw new CliException($"unable to upgrade connection: {ex.Message}", ex);
        }
        var v5 = socket.SubProtocol == V5Protocol;
        var send = new SemaphoreSlim(1, 1);
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        // The window's size before any input, so that what is typed first already sees it.
        if (options.Tty && options.TerminalSizes is { } sizes && sizes.TryRead(out var initial)) await SendSizeAsync(socket, initial, send, cancellationToken);
        // Both run until the stream ends; neither is awaited: a read of the local stdin cannot be interrupted.
        if (options.Stdin is { } stdin) _ = CopyStdinAsync(socket, stdin, v5, send, stop.Token);
        if (options.Tty && options.TerminalSizes is { } changes) _ = SendSizesAsync(socket, changes, send, stop.Token);

        string? status = null;
        try
        {
            while (await ReceiveAsync(socket, cancellationToken) is { } message)
            {
                if (message.Length == 0) continue;
                var data = message.AsMemory(1);
                switch (message[0])
                {
                    case Stdout:
                        await options.Stdout.WriteAsync(data, cancellationToken);
                        await options.Stdout.FlushAsync(cancellationToken);
                        break;
                    case Stderr when options.Stderr is not null:
                        await options.Stderr.WriteAsync(data, cancellationToken);
                        await options.Stderr.FlushAsync(cancellationToken);
                        break;
                    case Error:
                        status = (status ?? "") + System.Text.Encoding.UTF8.GetString(data.Span);
                        break;
                }
            }
        }
        catch (WebSocketException ex) when (status is null)
        {
            throw new CliException($"error reading from the stream: {ex.Message}", ex);
        }
        finally
        {
            await stop.CancelAsync();
        }
        if (socket.State == WebSocketState.CloseReceived)
            await socket.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, "", CancellationToken.None);
        return ExitCode(status);
    }

    /// <summary>The exit code in the Status on channel 3 (none at all is success, as for client-go).</summary>
    private static int ExitCode(string? status)
    {
        if (string.IsNullOrWhiteSpace(status)) return 0;
        using var document = JsonDocument.Parse(status);
        var root = document.RootElement;
        if (root.TryGetProperty("status", out var s) && s.GetString() == "Success") return 0;
        if (root.TryGetProperty("reason", out var reason) && reason.GetString() == "NonZeroExitCode"
            && root.TryGetProperty("details", out var details) && details.TryGetProperty("causes", out var causes))
        {
            foreach (var cause in causes.EnumerateArray())
            {
                if (cause.TryGetProperty("reason", out var r) && r.GetString() == "ExitCode"
                    && int.TryParse(cause.GetProperty("message").GetString(), System.Globalization.CultureInfo.InvariantCulture, out var code))
                    return code;
            }
        }
        throw new CliException(root.TryGetProperty("message", out var message) ? message.GetString() ?? status : status);
    }

    private static async Task CopyStdinAsync(WebSocket socket, Stream stdin, bool v5, SemaphoreSlim send, CancellationToken cancellationToken)
    {
        var buffer = new byte[32 * 1024];
        try
        {
            int read;
            // Task.Run: the console's stream reads synchronously whatever the Async says.
            while ((read = await Task.Run(() => stdin.Read(buffer), cancellationToken)) > 0)
                await SendAsync(socket, Stdin, buffer.AsMemory(0, read), send, cancellationToken);
            // v5: the end of stdin is the end of the remote process's input; v4 has no way to say it.
            if (v5) await SendAsync(socket, Close, new[] { Stdin }, send, cancellationToken);
        }
        catch (Exception ex) when (ex is IOException or WebSocketException or OperationCanceledException or ObjectDisposedException) { }
    }

    private static async Task SendSizesAsync(WebSocket socket, ChannelReader<TerminalSize> sizes, SemaphoreSlim send, CancellationToken cancellationToken)
    {
        try
        {
            await foreach (var size in sizes.ReadAllAsync(cancellationToken)) await SendSizeAsync(socket, size, send, cancellationToken);
        }
        catch (Exception ex) when (ex is WebSocketException or OperationCanceledException or ObjectDisposedException) { }
    }

    private static Task SendSizeAsync(WebSocket socket, TerminalSize size, SemaphoreSlim send, CancellationToken cancellationToken) =>
        SendAsync(socket, Resize, JsonSerializer.SerializeToUtf8Bytes(new Dictionary<string, ushort> { ["Width"] = size.Width, ["Height"] = size.Height }),
            send, cancellationToken);

    private static async Task SendAsync(WebSocket socket, byte channel, ReadOnlyMemory<byte> data, SemaphoreSlim send, CancellationToken cancellationToken)
    {
        var message = new byte[data.Length + 1];
        message[0] = channel;
        data.CopyTo(message.AsMemory(1));
        await send.WaitAsync(cancellationToken);
        try
        {
            if (socket.State == WebSocketState.Open)
                await socket.SendAsync(message, WebSocketMessageType.Binary, endOfMessage: true, cancellationToken);
        }
        finally { send.Release(); }
    }

    /// <summary>One whole message, or null once the server has closed.</summary>
    private static async Task<byte[]?> ReceiveAsync(WebSocket socket, CancellationToken cancellationToken)
    {
        var buffer = new byte[64 * 1024];
        using var message = new MemoryStream();
        WebSocketReceiveResult result;
        do
        {
            result = await socket.ReceiveAsync(buffer, cancellationToken);
            if (result.MessageType == WebSocketMessageType.Close) return null;
            message.Write(buffer, 0, result.Count);
        } while (!result.EndOfMessage);
        return message.ToArray();
    }
}
