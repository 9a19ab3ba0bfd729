using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net.Sockets;
using System.Net.WebSockets;
using System.Security.Cryptography;
using System.Text.Json;
using MiniKube.Runtime.Interop;
using MiniKube.Runtime.Oci;
using MiniKube.Runtime.Store;
using V1 = MiniKube.Cri.V1;

namespace MiniKube.Runtime.Streaming;

/// <summary>
/// The CRI streaming server (k8s.io/kubelet/pkg/cri/streaming, which containerd serves on stream_server_address):
/// Exec and PortForward do not stream over gRPC; they return a URL with a single-use token, and the client (the
/// kubelet proxying `kubectl exec`, or crictl) opens it as a WebSocket. Exec speaks the channel protocol of
/// remotecommand (subprotocols v5.channel.k8s.io and v4.channel.k8s.io: each binary message starts with its channel,
/// 0 stdin, 1 stdout, 2 stderr, 3 error — a Status JSON with the exit code —, 4 resize; v5 adds channel 255 to close
/// one direction); port-forward speaks the WebSocket port-forward protocol (a data and an error channel per port,
/// each opened with the port as two little-endian bytes).
/// Upstream difference: SPDY (the older upgrade, still the kubelet's default) is not offered; kubectl 1.30+ and
/// crictl use WebSockets.
/// Concept: https://kubernetes.io/docs/tasks/debug/debug-application/get-shell-running-container/
/// </summary>
public sealed partial class StreamServer(SandboxStore sandboxes, ContainerStore containers, ILogger<StreamServer> logger)
{
    public const string V5Protocol = "v5.channel.k8s.io";
    public const string V4Protocol = "v4.channel.k8s.io";
    public const string PortForwardProtocol = "portforward.k8s.io";

    /// <summary>The kubelet's streaming server keeps a request for one minute (CacheTTL) before its token expires.</summary>
    public static readonly TimeSpan TokenTtl = TimeSpan.FromMinutes(1);

    private const byte Stdin = 0, Stdout = 1, Stderr = 2, Error = 3, Resize = 4, Close = 255;

    private readonly ConcurrentDictionary<string, (object Request, DateTimeOffset Expires)> _requests = new();

    /// <summary>http://127.0.0.1:&lt;port&gt;, known once Kestrel has bound the --stream-server-address.</summary>
    public string BaseUrl { get; set; } = "";

    /// <summary>Keeps the request and returns the URL that serves it once.</summary>
    public string UrlFor(string kind, object request)
    {
        foreach (var expired in _requests.Where(r => r.Value.Expires < DateTimeOffset.UtcNow).Select(r => r.Key).ToList()) _requests.TryRemove(expired, out _);
        // 8 random bytes in URL-safe base64, like the streaming server's tokens.
        var token = Convert.ToBase64String(RandomNumberGenerator.GetBytes(8)).TrimEnd('=').Replace('+', '-').Replace('/', '_');
        _requests[token] = (request, DateTimeOffset.UtcNow + TokenTtl);
        return $"{BaseUrl}/{kind}/{token}";
    }

    public void Map(WebApplication app)
    {
        app.UseWebSockets();
        app.Map("/exec/{token}", async context => await ServeAsync<V1.ExecRequest>(context, [V5Protocol, V4Protocol], ExecAsync));
        app.Map("/portforward/{token}", async context => await ServeAsync<V1.PortForwardRequest>(context, [PortForwardProtocol, V4Protocol], PortForwardAsync));
        app.Map("/attach/{token}", async context => await ServeAsync<V1.AttachRequest>(context, [V5Protocol, V4Protocol], AttachAsync));
    }

    private async Task ServeAsync<T>(HttpContext context, string[] protocols, Func<HttpContext, WebSocket, string, T, Task> serve) where T : class
    {
        var token = (string)context.Request.RouteValues["token"]!;
        if (!_requests.TryRemove(token, out var entry) || entry.Expires < DateTimeOffset.UtcNow || entry.Request is not T request)
        {
            context.Response.StatusCode = StatusCodes.Status404NotFound;
            return;
        }
        if (!context.WebSockets.IsWebSocketRequest)
        {
            context.Response.StatusCode = StatusCodes.Status400BadRequest;
            await context.Response.WriteAsync("only WebSocket streams are supported (SPDY is not)");
            return;
        }
        var protocol = protocols.FirstOrDefault(context.WebSockets.WebSocketRequestedProtocols.Contains);
        using var socket = await context.WebSockets.AcceptWebSocketAsync(protocol);
        await serve(context, socket, protocol ?? "", request);
    }

    /// <summary>
    /// `exec` in the container with stdin, stdout and stderr on channels 0, 1, 2; when it ends, channel 3 carries a
    /// Status: Success, or Failure with reason NonZeroExitCode and the code as cause ExitCode (what kubectl exits with).
    /// </summary>
    private async Task ExecAsync(HttpContext context, WebSocket socket, string protocol, V1.ExecRequest request)
    {
        if (request.Tty)
        {
            await ExecWithTerminalAsync(context, socket, protocol, request);
            return;
        }
        var container = containers.Get(request.ContainerId);
        var runtime = container.Sandbox.Runtime;
        using var process = runtime.StartExec(container.Id, [.. request.Cmd]);
        Log.ExecStarted(logger, container.Id, string.Join(' ', request.Cmd));
        var send = new SemaphoreSlim(1, 1);
        if (!request.Stdin) process.StandardInput.Close();
        var stdout = PumpAsync(process.StandardOutput.BaseStream, socket, Stdout, send, request.Stdout);
        var stderr = PumpAsync(process.StandardError.BaseStream, socket, Stderr, send, request.Stderr);
        var input = request.Stdin ? ReceiveStdinAsync(socket, process, protocol == V5Protocol) : Task.CompletedTask;
        await process.WaitForExitAsync(context.RequestAborted);
        await Task.WhenAll(stdout, stderr);
        await SendExitStatusAsync(socket, request, process.ExitCode, send);
        // Close our direction only: a receive for stdin may still be pending, and it ends with the client's close.
        await socket.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, "", CancellationToken.None);
        await Task.WhenAny(input, Task.Delay(TimeSpan.FromSeconds(2), CancellationToken.None));
        Log.ExecEnded(logger, container.Id, process.ExitCode);
    }

    /// <summary>
    /// `exec --tty`: the process runs on a pseudo-terminal whose master the OCI runtime sends to a console socket
    /// (see <see cref="ConsoleSocket"/>). The master's output (stdout and stderr are one stream on a terminal, as
    /// upstream) goes out on channel 1; channel 0 is typed into it, and channel 4's {"Width":…,"Height":…} sets its
    /// window size (TIOCSWINSZ), which the process sees with SIGWINCH.
    /// </summary>
    private async Task ExecWithTerminalAsync(HttpContext context, WebSocket socket, string protocol, V1.ExecRequest request)
    {
        var container = containers.Get(request.ContainerId);
        var runtime = container.Sandbox.Runtime;
        var send = new SemaphoreSlim(1, 1);
        using var console = ConsoleSocket.Create();
        int pid;
        try
        {
            pid = await runtime.ExecWithTerminalAsync(container.Id, [.. request.Cmd], console, context.RequestAborted);
        }
        catch (OciRuntimeException ex)
        {
            // The process did not start (no such command, …): a Failure Status with the runtime's message, no exit code.
            await SendAsync(socket, Error, JsonSerializer.SerializeToUtf8Bytes(new { metadata = new { }, status = "Failure", message = ex.Message }), send);
            await socket.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, "", CancellationToken.None);
            return;
        }
        Log.ExecStarted(logger, container.Id, string.Join(' ', request.Cmd) + " (tty)");
        var exited = ExitMonitor.WaitAsync(pid);
        using var terminal = await console.ReceiveMasterAsync(TimeSpan.FromSeconds(10));
        var output = PumpAsync(terminal.Stream, socket, Stdout, send, request.Stdout);
        // Resize messages come whether or not stdin was asked for; input is typed only if it was.
        var input = ReceiveInputAsync(socket, request.Stdin ? terminal.Stream : null, closeStdin: () => { },
            (width, height) => terminal.Resize(width, height), protocol == V5Protocol);
        // The receive loop of a terminal ends only when the client has gone: then hang up, as a closed ssh session
        // does, rather than leave a shell waiting for input forever. Closing the master would do it, but not while a
        // read of it is pending (the descriptor stays open until the read returns), so the SIGHUP is sent directly.
        if (await Task.WhenAny(exited, input) != exited && socket.State != WebSocketState.Open)
        {
            Libc.HangUp(pid);
            Log.ExecHungUp(logger, container.Id);
            if (socket.State == WebSocketState.CloseReceived)
                await socket.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, "", CancellationToken.None);
            return;
        }
        var exit = await exited;
        // The master reads EIO once the last holder of the terminal is gone, usually the process itself; one that
        // left a background child holding it must not keep the stream open forever.
        await Task.WhenAny(output, Task.Delay(TimeSpan.FromSeconds(2), CancellationToken.None));
        await SendExitStatusAsync(socket, request, exit.Code, send);
        await socket.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, "", CancellationToken.None);
        await Task.WhenAny(input, Task.Delay(TimeSpan.FromSeconds(2), CancellationToken.None));
        Log.ExecEnded(logger, container.Id, exit.Code);
    }

    /// <summary>
    /// Channel 3 at the end of an exec: a Status, Success, or Failure with reason NonZeroExitCode and the code as
    /// cause ExitCode (what kubectl and crictl exit with).
    /// </summary>
    private static Task SendExitStatusAsync(WebSocket socket, V1.ExecRequest request, int exitCode, SemaphoreSlim send)
    {
        object status = exitCode == 0
            ? new { metadata = new { }, status = "Success" }
            : new
            {
                metadata = new { },
                status = "Failure",
                message = $"command terminated with non-zero exit code: error executing command [{string.Join(' ', request.Cmd)}], exit code {exitCode}",
                reason = "NonZeroExitCode",
                details = new { causes = new[] { new { reason = "ExitCode", message = exitCode.ToString(System.Globalization.CultureInfo.InvariantCulture) } } },
            };
        return SendAsync(socket, Error, JsonSerializer.SerializeToUtf8Bytes(status), send);
    }

    private static Task ReceiveStdinAsync(WebSocket socket, Process process, bool v5) =>
        ReceiveInputAsync(socket, process.StandardInput.BaseStream, process.StandardInput.Close, resize: null, v5);

    /// <summary>One whole WebSocket message (it may arrive in several frames), or null when the client closes.</summary>
    private static async Task<byte[]?> ReceiveMessageAsync(WebSocket socket, byte[] buffer, CancellationToken cancellationToken)
    {
        var message = new MemoryStream();
        WebSocketReceiveResult result;
        do
        {
            result = await socket.ReceiveAsync(buffer, cancellationToken);
            if (result.MessageType == WebSocketMessageType.Close) return null;
            message.Write(buffer, 0, result.Count);
        } while (!result.EndOfMessage);
        return message.ToArray();
    }

    /// <summary>
    /// What the client sends: channel 0 into <paramref name="stdin"/> (dropped when null), v5's close of channel 0
    /// (or the WebSocket's close) as <paramref name="closeStdin"/>, channel 4's terminal size to <paramref name="resize"/>
    /// (ignored without a terminal).
    /// </summary>
    private static async Task ReceiveInputAsync(WebSocket socket, Stream? stdin, Action closeStdin, Action<ushort, ushort>? resize, bool v5)
    {
        var buffer = new byte[32 * 1024];
        try
        {
            while (socket.State == WebSocketState.Open)
            {
                if (await ReceiveMessageAsync(socket, buffer, CancellationToken.None) is not { } data) { closeStdin(); return; }
                if (data.Length == 0) continue;
                switch (data[0])
                {
                    case Stdin when stdin is not null:
                        await stdin.WriteAsync(data.AsMemory(1));
                        await stdin.FlushAsync();
                        break;
                    case Close when v5 && data.Length > 1 && data[1] == Stdin:
                        closeStdin();
                        // Upstream difference: on a terminal the end of input is not passed on (containerd closes
                        // the shim's stdin pipe, which a terminal does not see either); resizes may still come.
                        if (resize is null) return;
                        break;
                    case Resize when resize is not null && ParseTerminalSize(data.AsSpan(1)) is { } size:
                        resize(size.Width, size.Height);
                        break;
                }
            }
        }
        catch (Exception ex) when (ex is IOException or WebSocketException or ObjectDisposedException) { }
    }

    /// <summary>remotecommand's TerminalSize, {"Width":80,"Height":24}; null if it is not one.</summary>
    private static (ushort Width, ushort Height)? ParseTerminalSize(ReadOnlySpan<byte> json)
    {
        try
        {
            using var document = JsonDocument.Parse(json.ToArray());
            var root = document.RootElement;
            return root.TryGetProperty("Width", out var width) && root.TryGetProperty("Height", out var height)
                   && width.TryGetUInt16(out var w) && height.TryGetUInt16(out var h) ? (w, h) : null;
        }
        catch (JsonException) { return null; }
    }

    /// <summary>
    /// One TCP connection per requested port, made inside the pod's network namespace (so 127.0.0.1 is the pod's
    /// localhost): channel 2i carries the data both ways, 2i+1 errors. Ports come from the URL's ?port= (as the
    /// kubelet's handler reads them), else from the PortForward request.
    /// </summary>
    private async Task PortForwardAsync(HttpContext context, WebSocket socket, string protocol, V1.PortForwardRequest request)
    {
        var sandbox = sandboxes.Get(request.PodSandboxId);
        var ports = context.Request.Query["port"].Select(p => int.Parse(p!, System.Globalization.CultureInfo.InvariantCulture)).ToList();
        if (ports.Count == 0) ports = [.. request.Port];
        var send = new SemaphoreSlim(1, 1);
        var connections = new List<NetworkStream?>();
        for (var i = 0; i < ports.Count; i++)
        {
            var portBytes = new[] { (byte)(ports[i] & 0xff), (byte)(ports[i] >> 8) };
            await SendAsync(socket, (byte)(2 * i), portBytes, send);
            await SendAsync(socket, (byte)(2 * i + 1), portBytes, send);
            try
            {
                var tcp = sandbox.NetNsPath is { } netns ? Libc.CreateSocketInNetworkNamespace(netns)
                    : sandbox.Config.Linux?.SecurityContext?.NamespaceOptions?.Network == V1.NamespaceMode.Node
                        ? new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp)
                        : Libc.CreateSocketInNetworkNamespace($"/proc/{sandbox.Pid}/ns/net");
                await tcp.ConnectAsync(System.Net.IPAddress.Loopback, ports[i], context.RequestAborted);
                var stream = new NetworkStream(tcp, ownsSocket: true);
                connections.Add(stream);
                _ = PumpAsync(stream, socket, (byte)(2 * i), send, true);
                Log.PortForwarding(logger, sandbox.Id, ports[i]);
            }
            catch (Exception ex) when (ex is SocketException or IOException)
            {
                connections.Add(null);
                await SendAsync(socket, (byte)(2 * i + 1), System.Text.Encoding.UTF8.GetBytes($"failed to connect to localhost:{ports[i]} inside namespace \"{sandbox.Id}\": {ex.Message}"), send);
            }
        }
        var buffer = new byte[64 * 1024];
        try
        {
            while (socket.State == WebSocketState.Open)
            {
                if (await ReceiveMessageAsync(socket, buffer, context.RequestAborted) is not { } data) return;
                if (data.Length < 1 || data[0] % 2 != 0 || data[0] / 2 >= connections.Count || connections[data[0] / 2] is not { } target) continue;
                await target.WriteAsync(data.AsMemory(1), context.RequestAborted);
            }
        }
        catch (Exception ex) when (ex is IOException or WebSocketException or OperationCanceledException) { }
        finally
        {
            foreach (var connection in connections) connection?.Dispose();
        }
    }

    /// <summary>Copies a stream into channel <paramref name="channel"/> until it ends (or drains it when not wanted).</summary>
    private static async Task PumpAsync(Stream from, WebSocket socket, byte channel, SemaphoreSlim send, bool wanted)
    {
        var buffer = new byte[32 * 1024];
        try
        {
            int read;
            while ((read = await from.ReadAsync(buffer)) > 0)
                if (wanted) await SendAsync(socket, channel, buffer.AsMemory(0, read), send);
        }
        catch (Exception ex) when (ex is IOException or WebSocketException or ObjectDisposedException) { }
    }

    private static async Task SendAsync(WebSocket socket, byte channel, ReadOnlyMemory<byte> data, SemaphoreSlim send)
    {
        var message = new byte[data.Length + 1];
        message[0] = channel;
        data.CopyTo(message.AsMemory(1));
        await send.WaitAsync();
        try
        {
            if (socket.State == WebSocketState.Open)
                await socket.SendAsync(message, WebSocketMessageType.Binary, endOfMessage: true, CancellationToken.None);
        }
        finally { send.Release(); }
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = 4330, Level = LogLevel.Information, Message = "Exec in container {ContainerId}: {Command}")]
        public static partial void ExecStarted(ILogger logger, string containerId, string command);

        [LoggerMessage(EventId = 4331, Level = LogLevel.Information, Message = "Exec in container {ContainerId} exited with {ExitCode}")]
        public static partial void ExecEnded(ILogger logger, string containerId, int exitCode);

        [LoggerMessage(EventId = 4333, Level = LogLevel.Information, Message = "Exec in container {ContainerId}: the client went away, the terminal is hung up")]
        public static partial void ExecHungUp(ILogger logger, string containerId);

        [LoggerMessage(EventId = 4332, Level = LogLevel.Information, Message = "Port-forwarding to sandbox {SandboxId} port {Port}")]
        public static partial void PortForwarding(ILogger logger, string sandboxId, int port);
    }
}
