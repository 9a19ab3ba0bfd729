using System.Net.WebSockets;
using System.Text;
using System.Text.Json.Nodes;
using MiniKube.Cri.V1;
using MiniKube.Testing;
using MiniKube.Testing.Runtime;
using Xunit;

namespace MiniKube.Runtime.Tests.Cri;

/// <summary>
/// Attach (`kubectl attach`): the streaming URL from the Attach RPC connects, through the runtime's streaming server, to
/// the container's shim, which holds the container's stdio. Input on channel 0 reaches the container's stdin when it
/// has one, its stdout comes back on channel 1, and stdin_once ends the container's input with the first attach.
/// </summary>
public sealed class AttachTests
{
    [RequiresTheory(Root = true, Tools = ["docker-registry", "runc", "/usr/lib/cni/bridge", "/usr/lib/cni/host-local", "/usr/lib/cni/loopback", "/usr/lib/cni/portmap"])]
    [InlineData("minirunc")]
    [InlineData("runc")]
    public async Task Attach_RelaysStdinAndOutput_DetachLeavesTheContainer_AndStdinOnceEndsItsInput(string handler)
    {
        await using var setup = await PodSetup.StartAsync();
        var runtime = setup.Runtime;
        var logs = runtime.Dir.Combine("logs");
        var config = setup.SandboxConfig("attach", logs);
        var sandboxId = (await runtime.Runtime.RunPodSandboxAsync(new RunPodSandboxRequest { Config = config, RuntimeHandler = handler })).PodSandboxId;
        var cat = await setup.CreateAsync(sandboxId, config, "cat", ["/bin/cat"], null, c => c.Stdin = true);
        var ticker = await setup.CreateAsync(sandboxId, config, "ticker", ["/bin/sh", "-c", "i=0; while true; do echo tick $i; i=$((i+1)); sleep 0.2; done"], null);
        var once = await setup.CreateAsync(sandboxId, config, "once", ["/bin/cat"], null, c => { c.Stdin = true; c.StdinOnce = true; });
        foreach (var id in new[] { cat, ticker, once })
            await runtime.Runtime.StartContainerAsync(new StartContainerRequest { ContainerId = id });

        // A line sent on channel 0 reaches cat's stdin and comes back on channel 1 (and into the CRI log).
        var attach = await runtime.Runtime.AttachAsync(new AttachRequest { ContainerId = cat, Stdin = true, Stdout = true, Stderr = true });
        Assert.Matches(@"^http://127\.0\.0\.1:\d+/attach/", attach.Url);
        var (socket, protocol) = await StreamingTests.ConnectAsync(attach.Url, "v5.channel.k8s.io", "v4.channel.k8s.io");
        Assert.Equal("v5.channel.k8s.io", protocol);
        await StreamingTests.SendAsync(socket, 0, "hello attach\n");
        Assert.Equal("hello attach\n", await ReadChannelUntilAsync(socket, 1, "hello attach\n"));
        // Detaching (closing the WebSocket) leaves the container running, its stdin open for the next attach.
        await socket.CloseAsync(WebSocketCloseStatus.NormalClosure, "", CancellationToken.None);
        socket.Dispose();
        await Eventually.UntilAsync(() => Task.FromResult(File.Exists(Path.Join(logs, "cat", "0.log"))
            && File.ReadAllText(Path.Join(logs, "cat", "0.log")).Contains("stdout F hello attach", StringComparison.Ordinal)), TimeSpan.FromSeconds(20), "the echoed line in the CRI log");
        attach = await runtime.Runtime.AttachAsync(new AttachRequest { ContainerId = cat, Stdin = true, Stdout = true });
        (socket, _) = await StreamingTests.ConnectAsync(attach.Url, "v5.channel.k8s.io");
        await StreamingTests.SendAsync(socket, 0, "again\n");
        Assert.Equal("again\n", await ReadChannelUntilAsync(socket, 1, "again\n"));
        socket.Dispose();
        Assert.Equal(ContainerState.ContainerRunning, (await runtime.Runtime.ContainerStatusAsync(new ContainerStatusRequest { ContainerId = cat })).Status.State);

        // A container printing on its own is seen through an output-only attach.
        attach = await runtime.Runtime.AttachAsync(new AttachRequest { ContainerId = ticker, Stdout = true });
        (socket, _) = await StreamingTests.ConnectAsync(attach.Url, "v5.channel.k8s.io");
        Assert.Matches(@"tick \d+\n", await ReadChannelUntilAsync(socket, 1, "\n"));
        socket.Dispose();

        // stdin_once: v5's close of channel 0 closes the container's stdin for good; cat ends, the stream ends with Success.
        attach = await runtime.Runtime.AttachAsync(new AttachRequest { ContainerId = once, Stdin = true, Stdout = true, Stderr = true });
        (socket, _) = await StreamingTests.ConnectAsync(attach.Url, "v5.channel.k8s.io");
        await StreamingTests.SendAsync(socket, 0, "only once\n");
        Assert.Equal("only once\n", await ReadChannelUntilAsync(socket, 1, "only once\n"));
        await socket.SendAsync(new byte[] { 255, 0 }, WebSocketMessageType.Binary, true, CancellationToken.None);
        var rest = await StreamingTests.ReadAllAsync(socket);
        Assert.Equal("Success", JsonNode.Parse(rest[3])!["status"]!.GetValue<string>());
        socket.Dispose();
        var exited = await Eventually.UntilAsync(async () =>
        {
            var s = (await runtime.Runtime.ContainerStatusAsync(new ContainerStatusRequest { ContainerId = once })).Status;
            return s.State == ContainerState.ContainerExited ? s : null;
        }, TimeSpan.FromSeconds(20), "cat to end after stdin_once closed its stdin");
        Assert.Equal(0, exited.ExitCode);
        Assert.Equal("Completed", exited.Reason);

        // An exited container cannot be attached.
        await Assert.ThrowsAsync<Grpc.Core.RpcException>(async () => await runtime.Runtime.AttachAsync(new AttachRequest { ContainerId = once, Stdout = true }));

        await runtime.Runtime.StopPodSandboxAsync(new StopPodSandboxRequest { PodSandboxId = sandboxId });
        await runtime.Runtime.RemovePodSandboxAsync(new RemovePodSandboxRequest { PodSandboxId = sandboxId });
        Assert.Empty((await runtime.Runtime.ListContainersAsync(new ListContainersRequest())).Containers);
        Assert.Empty(Directory.GetFileSystemEntries(Path.Join(runtime.State, "containers")));
    }

    [RequiresTheory(Root = true, Tools = ["docker-registry", "runc", "/usr/lib/cni/bridge", "/usr/lib/cni/host-local", "/usr/lib/cni/loopback", "/usr/lib/cni/portmap"])]
    [InlineData("minirunc")]
    [InlineData("runc")]
    public async Task Attach_ToAContainerWithATerminal_RunsAnInteractiveShell_AndResizesIt(string handler)
    {
        await using var setup = await PodSetup.StartAsync();
        var runtime = setup.Runtime;
        var logs = runtime.Dir.Combine("logs");
        var config = setup.SandboxConfig("tty", logs);
        var sandboxId = (await runtime.Runtime.RunPodSandboxAsync(new RunPodSandboxRequest { Config = config, RuntimeHandler = handler })).PodSandboxId;
        var shell = await setup.CreateAsync(sandboxId, config, "shell", ["/bin/sh"], null, c => { c.Stdin = true; c.Tty = true; });
        await runtime.Runtime.StartContainerAsync(new StartContainerRequest { ContainerId = shell });

        var attach = await runtime.Runtime.AttachAsync(new AttachRequest { ContainerId = shell, Stdin = true, Stdout = true, Tty = true });
        var (socket, _) = await StreamingTests.ConnectAsync(attach.Url, "v5.channel.k8s.io");
        // The window size goes to the container's terminal; the shell's stdin is that terminal.
        await StreamingTests.SendAsync(socket, 4, """{"Width":100,"Height":30}""");
        await StreamingTests.SendAsync(socket, 0, "stty size; [ -t 0 ] && echo $((6*7))-tty\n");
        var output = await ReadChannelUntilAsync(socket, 1, "42-tty");
        Assert.Contains("30 100", output, StringComparison.Ordinal);
        await StreamingTests.SendAsync(socket, 0, "exit 5\n");
        var rest = await StreamingTests.ReadAllAsync(socket);
        Assert.Equal("Success", JsonNode.Parse(rest[3])!["status"]!.GetValue<string>());
        socket.Dispose();
        var exited = await Eventually.UntilAsync(async () =>
        {
            var s = (await runtime.Runtime.ContainerStatusAsync(new ContainerStatusRequest { ContainerId = shell })).Status;
            return s.State == ContainerState.ContainerExited ? s : null;
        }, TimeSpan.FromSeconds(20), "the shell to exit");
        Assert.Equal(5, exited.ExitCode);
        // The terminal's output is the container's log, as stdout.
        Assert.Contains(File.ReadAllLines(Path.Join(logs, "shell", "0.log")), l => l.Contains(" stdout ", StringComparison.Ordinal) && l.Contains("42-tty", StringComparison.Ordinal));

        await runtime.Runtime.RemovePodSandboxAsync(new RemovePodSandboxRequest { PodSandboxId = sandboxId });
        Assert.Empty(Directory.GetFileSystemEntries(Path.Join(runtime.State, "containers")));
    }

    /// <summary>What arrives on <paramref name="channel"/> until it contains <paramref name="until"/> (other channels are skipped).</summary>
    private static async Task<string> ReadChannelUntilAsync(WebSocket socket, byte channel, string until)
    {
        var text = new StringBuilder();
        while (!text.ToString().Contains(until, StringComparison.Ordinal))
        {
            var message = await StreamingTests.ReceiveAsync(socket) ?? throw new InvalidOperationException($"the stream ended after \"{text}\"");
            if (message.Length > 0 && message[0] == channel) text.Append(Encoding.UTF8.GetString(message, 1, message.Length - 1));
        }
        return text.ToString();
    }
}
