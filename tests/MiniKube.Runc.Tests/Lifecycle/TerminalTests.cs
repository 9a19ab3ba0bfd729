using System.Net.Sockets;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.Win32.SafeHandles;
using MiniKube.Runc.Init;
using MiniKube.Runc.Tests.Fixtures;
using MiniKube.Testing;
using Xunit;
using Xunit.Abstractions;

namespace MiniKube.Runc.Tests.Lifecycle;

/// <summary>
/// process.terminal with --console-socket, the way a high-level runtime asks for `kubectl run -it`: the runtime
/// listens on a unix socket, receives the terminal's master end, and talks to the container through it.
/// </summary>
public sealed class TerminalTests(ITestOutputHelper log) : IDisposable
{
    private readonly BusyboxBundle _bundle = new("sh", "-c", "tty; stty size; ls -l /dev/console | cut -c1-10; read line; echo got $line");
    private readonly string _id = "tty-" + Guid.NewGuid().ToString("N")[..8];

    public void Dispose() => _bundle.Dispose();

    /// <summary>Receives the terminal, starts the container, waits for <paramref name="prompt"/>, types "hello".</summary>
    private async Task<string> TalkAsync(OciRuntime runtime, string prompt, Func<string, Task<CommandResult>> startWithSocket)
    {
        var socketPath = Path.Join(_bundle.Scratch, "console.sock");
        using var listener = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        listener.Bind(new UnixDomainSocketEndPoint(socketPath));
        listener.Listen(1);
        var accept = listener.AcceptAsync();

        var result = await startWithSocket(socketPath);
        Assert.True(result.ExitCode == 0, $"{runtime.Name} failed: {result}");
        using var connection = await accept.WaitAsync(TimeSpan.FromSeconds(10));
        using var master = new FileStream(new SafeFileHandle(Terminal.ReceiveFd((int)connection.Handle), ownsHandle: true), FileAccess.ReadWrite, 1);

        if (await runtime.StatusAsync(_id) == "created") await runtime.MustAsync("start", _id);
        var output = new StringBuilder();
        var buffer = new byte[4096];
        async Task ReadUntilAsync(string text)
        {
            using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(10));
            while (!output.ToString().Contains(text, StringComparison.Ordinal))
            {
                var n = await master.ReadAsync(buffer, cts.Token);
                if (n == 0) break;
                output.Append(Encoding.UTF8.GetString(buffer, 0, n));
            }
        }
        await ReadUntilAsync(prompt);
        await master.WriteAsync("hello\n"u8.ToArray());
        await ReadUntilAsync("got hello");
        log.WriteLine($"{runtime.Name} terminal output:\n{output}");
        return output.ToString().Replace("\r", "", StringComparison.Ordinal);
    }

    [RequiresTheory(Root = true, Tools = ["busybox", "runc"])]
    [InlineData("minirunc")]
    [InlineData("runc")]
    public async Task Create_WithConsoleSocket_HandsOverTheTerminal(string runtimeName)
    {
        _bundle.Process["terminal"] = true;
        _bundle.Process["consoleSize"] = new JsonObject { ["height"] = 40, ["width"] = 120 };
        _bundle.Save();
        await using var runtime = OciRuntime.Named(runtimeName, log);
        var output = await TalkAsync(runtime, "crw--w----", socket =>
            runtime.RunDetachedAsync(Path.Join(_bundle.Scratch, "out"), "create", "--bundle", _bundle.Directory, "--console-socket", socket, _id));
        // The shell's stdio is the pty (echoing our input), 40x120, also mounted on /dev/console.
        Assert.Equal("/dev/pts/0\n40 120\ncrw--w----\nhello\ngot hello\n", output);
        await Eventually.UntilAsync(async () => await runtime.StatusAsync(_id) == "stopped", TimeSpan.FromSeconds(10), "the shell to exit");
        await runtime.MustAsync("delete", _id);
        LeftBehind.AssertNothingLeft(runtime, _id, _bundle);
    }

    [RequiresTheory(Root = true, Tools = ["busybox", "runc"])]
    [InlineData("minirunc")]
    [InlineData("runc")]
    public async Task ExecTty_WithConsoleSocket_HandsOverTheTerminal(string runtimeName)
    {
        _bundle.WithArgs("sleep", "300").Save();
        await using var runtime = OciRuntime.Named(runtimeName, log);
        await runtime.CreateAsync(_id, _bundle, Path.Join(_bundle.Scratch, "out"));
        await runtime.MustAsync("start", _id);
        var output = await TalkAsync(runtime, "/dev/pts/", socket =>
            runtime.RunDetachedAsync(Path.Join(_bundle.Scratch, "exec.out"), "exec", "--tty", "--detach", "--console-socket", socket, _id,
                "sh", "-c", "tty; read line; echo got $line"));
        Assert.Equal("/dev/pts/0\nhello\ngot hello\n", output);
        await runtime.MustAsync("delete", "--force", _id);
        LeftBehind.AssertNothingLeft(runtime, _id, _bundle);
    }

    [RequiresFact(Root = true, Tools = ["busybox"])]
    public async Task Create_TerminalWithoutConsoleSocket_IsRefused()
    {
        _bundle.Process["terminal"] = true;
        _bundle.Save();
        await using var minirunc = OciRuntime.Minirunc(log);
        var result = await minirunc.CreateAsync(_id, _bundle, Path.Join(_bundle.Scratch, "out"));
        Assert.Equal(1, result.ExitCode);
        Assert.Contains("--console-socket", result.StdErr, StringComparison.Ordinal);
        LeftBehind.AssertNothingLeft(minirunc, _id, _bundle);
    }
}
