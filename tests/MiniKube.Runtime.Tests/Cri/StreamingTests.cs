using System.Net.WebSockets;
using System.Text;
using System.Text.Json.Nodes;
using MiniKube.Cri.V1;
using MiniKube.Testing.Runtime;
using MiniKube.Testing;
using Xunit;

namespace MiniKube.Runtime.Tests.Cri;

/// <summary>
/// Exec and PortForward the way the kubelet and crictl use them: the RPC returns a URL on the runtime's streaming
/// server, which the client opens as a WebSocket speaking the Kubernetes channel protocols.
/// </summary>
public sealed class StreamingTests
{
    [RequiresFact(Root = true, Tools = ["docker-registry", "/usr/lib/cni/bridge", "/usr/lib/cni/host-local", "/usr/lib/cni/loopback", "/usr/lib/cni/portmap"])]
    public async Task Exec_StreamsOutputStdinAndExitCode_AndPortForward_ReachesThePodsLocalhost()
    {
        await using var setup = await PodSetup.StartAsync();
        var runtime = setup.Runtime;
        var config = setup.SandboxConfig("streams", runtime.Dir.Combine("logs"));
        var sandboxId = (await runtime.Runtime.RunPodSandboxAsync(new RunPodSandboxRequest { Config = config })).PodSandboxId;
        var id = await setup.CreateAsync(sandboxId, config, "web", ["/bin/sh", "-c", "echo forwarded > /www/index.html; exec httpd -f -p 8080 -h /www"], null);
        await runtime.Runtime.StartContainerAsync(new StartContainerRequest { ContainerId = id });

        // stdout and stderr on their channels, the exit code in the Status on channel 3.
        var exec = await runtime.Runtime.ExecAsync(new ExecRequest { ContainerId = id, Cmd = { "sh", "-c", "echo out; echo err >&2; exit 7" }, Stdout = true, Stderr = true });
        Assert.StartsWith("http://127.0.0.1:", exec.Url, StringComparison.Ordinal);
        var (socket, protocol) = await ConnectAsync(exec.Url, "v5.channel.k8s.io", "v4.channel.k8s.io");
        Assert.Equal("v5.channel.k8s.io", protocol);
        var channels = await ReadAllAsync(socket);
        Assert.Equal("out\n", channels.GetValueOrDefault((byte)1, ""));
        Assert.Equal("err\n", channels.GetValueOrDefault((byte)2, ""));
        var status = JsonNode.Parse(channels[3])!;
        Assert.Equal("Failure", status["status"]!.GetValue<string>());
        Assert.Equal("NonZeroExitCode", status["reason"]!.GetValue<string>());
        Assert.Equal("7", status["details"]!["causes"]![0]!["message"]!.GetValue<string>());
        socket.Dispose();

        // The token was for one use only.
        await Assert.ThrowsAsync<WebSocketException>(() => ConnectAsync(exec.Url, "v5.channel.k8s.io"));

        // stdin: what goes in on channel 0 comes back from cat; v5's close of channel 0 is cat's end of file.
        var cat = await runtime.Runtime.ExecAsync(new ExecRequest { ContainerId = id, Cmd = { "cat" }, Stdin = true, Stdout = true, Stderr = true });
        (socket, _) = await ConnectAsync(cat.Url, "v5.channel.k8s.io");
        await socket.SendAsync(new byte[] { 0 }.Concat("round trip\n"u8.ToArray()).ToArray(), WebSocketMessageType.Binary, true, CancellationToken.None);
        await socket.SendAsync(new byte[] { 255, 0 }, WebSocketMessageType.Binary, true, CancellationToken.None);
        channels = await ReadAllAsync(socket);
        Assert.Equal("round trip\n", channels.GetValueOrDefault((byte)1, ""));
        Assert.Equal("Success", JsonNode.Parse(channels[3])!["status"]!.GetValue<string>());
        socket.Dispose();

        // Port-forward to the pod's localhost:8080, where httpd listens inside the pod's network namespace.
        var page = await Eventually.UntilAsync(async () =>
        {
            var forward = await runtime.Runtime.PortForwardAsync(new PortForwardRequest { PodSandboxId = sandboxId, Port = { 8080 } });
            var (ws, _) = await ConnectAsync(forward.Url + "?port=8080", "v4.channel.k8s.io");
            using (ws)
            {
                // Each channel opens with its port, two bytes little-endian.
                var first = await ReceiveAsync(ws);
                var second = await ReceiveAsync(ws);
                Assert.Equal(new byte[] { 0, 0x90, 0x1f }, first);
                Assert.Equal(new byte[] { 1, 0x90, 0x1f }, second);
                await ws.SendAsync(new byte[] { 0 }.Concat("GET / HTTP/1.0\r\n\r\n"u8.ToArray()).ToArray(), WebSocketMessageType.Binary, true, CancellationToken.None);
                var response = new StringBuilder();
                while (await ReceiveAsync(ws) is { } message)
                {
                    if (message[0] == 1) return null;      // an error: httpd not listening yet
                    response.Append(Encoding.UTF8.GetString(message, 1, message.Length - 1));
                    if (response.ToString().Contains("forwarded", StringComparison.Ordinal)) return response.ToString();
                }
                return null;
            }
        }, TimeSpan.FromSeconds(20), "the page through the port-forward");
        Assert.StartsWith("HTTP/1.", page, StringComparison.Ordinal);

        await runtime.Runtime.RemovePodSandboxAsync(new RemovePodSandboxRequest { PodSandboxId = sandboxId });
    }

    [RequiresTheory(Root = true, Tools = ["docker-registry", "runc", "/usr/lib/cni/bridge", "/usr/lib/cni/host-local", "/usr/lib/cni/loopback", "/usr/lib/cni/portmap"])]
    [InlineData("minirunc")]
    [InlineData("runc")]
    public async Task ExecWithTty_RunsOnAPseudoTerminal_TakesResizes_AndAnInteractiveShellExitsWithItsCode(string handler)
    {
        await using var setup = await PodSetup.StartAsync();
        var runtime = setup.Runtime;
        var config = setup.SandboxConfig("tty", runtime.Dir.Combine("logs"));
        var sandboxId = (await runtime.Runtime.RunPodSandboxAsync(new RunPodSandboxRequest { Config = config, RuntimeHandler = handler })).PodSandboxId;
        var id = await setup.CreateAsync(sandboxId, config, "shell", ["/bin/sleep", "1000000"], null);
        await runtime.Runtime.StartContainerAsync(new StartContainerRequest { ContainerId = id });

        // A terminal has one output: stderr cannot be asked for beside it.
        var refused = await Assert.ThrowsAsync<Grpc.Core.RpcException>(async () =>
            await runtime.Runtime.ExecAsync(new ExecRequest { ContainerId = id, Cmd = { "tty" }, Tty = true, Stdout = true, Stderr = true }));
        Assert.Equal(Grpc.Core.StatusCode.InvalidArgument, refused.StatusCode);

        // `tty` names the process's terminal: a pty of the container's own devpts. The terminal's newline is \r\n.
        var exec = await runtime.Runtime.ExecAsync(new ExecRequest { ContainerId = id, Cmd = { "tty" }, Tty = true, Stdout = true });
        var (socket, _) = await ConnectAsync(exec.Url, "v5.channel.k8s.io", "v4.channel.k8s.io");
        var channels = await ReadAllAsync(socket);
        Assert.Matches(@"^/dev/pts/\d+\r\n$", channels.GetValueOrDefault((byte)1, ""));
        Assert.False(channels.ContainsKey(2));
        Assert.Equal("Success", JsonNode.Parse(channels[3])!["status"]!.GetValue<string>());
        socket.Dispose();

        // A command that cannot start: a Failure with the runtime's message and no exit code.
        exec = await runtime.Runtime.ExecAsync(new ExecRequest { ContainerId = id, Cmd = { "no-such-command" }, Tty = true, Stdout = true });
        (socket, _) = await ConnectAsync(exec.Url, "v5.channel.k8s.io");
        var failed = JsonNode.Parse((await ReadAllAsync(socket))[3])!;
        Assert.Equal("Failure", failed["status"]!.GetValue<string>());
        Assert.Contains("no-such-command", failed["message"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Null(failed["reason"]);
        socket.Dispose();

        // A resize on channel 4 is the terminal's size when the shell, told to go on over stdin, asks for it.
        exec = await runtime.Runtime.ExecAsync(new ExecRequest { ContainerId = id, Cmd = { "sh", "-c", "read go; stty size" }, Tty = true, Stdin = true, Stdout = true });
        (socket, _) = await ConnectAsync(exec.Url, "v5.channel.k8s.io");
        await SendAsync(socket, 4, """{"Width":123,"Height":45}""");
        await SendAsync(socket, 0, "go\r");
        channels = await ReadAllAsync(socket);
        Assert.Contains("45 123\r\n", channels.GetValueOrDefault((byte)1, ""), StringComparison.Ordinal);
        Assert.Equal("Success", JsonNode.Parse(channels[3])!["status"]!.GetValue<string>());
        socket.Dispose();

        // An interactive shell: a command typed in is answered, and `exit 5` is the exec's exit code.
        exec = await runtime.Runtime.ExecAsync(new ExecRequest { ContainerId = id, Cmd = { "sh" }, Tty = true, Stdin = true, Stdout = true });
        (socket, _) = await ConnectAsync(exec.Url, "v5.channel.k8s.io");
        await SendAsync(socket, 4, """{"Width":80,"Height":24}""");
        await SendAsync(socket, 0, "echo answer-$((6*7))\r");
        var seen = new StringBuilder();
        while (!seen.ToString().Contains("answer-42", StringComparison.Ordinal) && await ReceiveAsync(socket) is { } message)
            if (message[0] == 1) seen.Append(Encoding.UTF8.GetString(message, 1, message.Length - 1));
        Assert.Contains("answer-42", seen.ToString(), StringComparison.Ordinal);
        await SendAsync(socket, 0, "exit 5\r");
        channels = await ReadAllAsync(socket);
        var status = JsonNode.Parse(channels[3])!;
        Assert.Equal("NonZeroExitCode", status["reason"]!.GetValue<string>());
        Assert.Equal("5", status["details"]!["causes"]![0]!["message"]!.GetValue<string>());
        socket.Dispose();

        // A client that goes away hangs up the terminal: the process on it gets SIGHUP and ends.
        exec = await runtime.Runtime.ExecAsync(new ExecRequest { ContainerId = id, Cmd = { "sh", "-c", "echo ready; exec sleep 12345" }, Tty = true, Stdout = true });
        (socket, _) = await ConnectAsync(exec.Url, "v5.channel.k8s.io");
        seen.Clear();
        while (!seen.ToString().Contains("ready", StringComparison.Ordinal) && await ReceiveAsync(socket) is { } message)
            if (message[0] == 1) seen.Append(Encoding.UTF8.GetString(message, 1, message.Length - 1));
        Assert.Contains("sleep 12345", (await setup.ExecAsync(id, "ps", "-o", "args")).Stdout, StringComparison.Ordinal);
        await socket.CloseAsync(WebSocketCloseStatus.NormalClosure, "", CancellationToken.None);
        socket.Dispose();
        await Eventually.UntilAsync(async () => !(await setup.ExecAsync(id, "ps", "-o", "args")).Stdout.Contains("sleep 12345", StringComparison.Ordinal),
            TimeSpan.FromSeconds(20), "the hung-up process to end");

        await runtime.Runtime.RemovePodSandboxAsync(new RemovePodSandboxRequest { PodSandboxId = sandboxId });
    }

    internal static Task SendAsync(WebSocket socket, byte channel, string data) =>
        socket.SendAsync(new[] { channel }.Concat(Encoding.UTF8.GetBytes(data)).ToArray(), WebSocketMessageType.Binary, true, CancellationToken.None);

    internal static async Task<(ClientWebSocket Socket, string? Protocol)> ConnectAsync(string url, params string[] protocols)
    {
        var socket = new ClientWebSocket();
        foreach (var protocol in protocols) socket.Options.AddSubProtocol(protocol);
        await socket.ConnectAsync(new Uri(url.Replace("http://", "ws://", StringComparison.Ordinal)), CancellationToken.None);
        return (socket, socket.SubProtocol);
    }

    /// <summary>One whole message, or null when the server closed.</summary>
    internal static async Task<byte[]?> ReceiveAsync(WebSocket socket)
    {
        var buffer = new byte[64 * 1024];
        var message = new MemoryStream();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        WebSocketReceiveResult result;
        do
        {
            result = await socket.ReceiveAsync(buffer, timeout.Token);
            if (result.MessageType == WebSocketMessageType.Close) return null;
            message.Write(buffer, 0, result.Count);
        } while (!result.EndOfMessage);
        return message.ToArray();
    }

    /// <summary>Every channel's data until the server closes, by channel.</summary>
    internal static async Task<Dictionary<byte, string>> ReadAllAsync(WebSocket socket)
    {
        var channels = new Dictionary<byte, string>();
        while (await ReceiveAsync(socket) is { } message)
            if (message.Length > 0) channels[message[0]] = channels.GetValueOrDefault(message[0], "") + Encoding.UTF8.GetString(message, 1, message.Length - 1);
        return channels;
    }
}
