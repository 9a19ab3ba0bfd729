using System.Diagnostics;
using System.Globalization;
using System.Net.Sockets;
using System.Text;

namespace MiniKube.Runtime.Oci;

/// <summary>
/// A container's shim, <c>minikube-runtime-shim</c>, as minikube-runtime sees it (containerd's runtime/v2 shim manager
/// and its shim-runc-v2). The shim runs `create` for us, owns the container's stdio pipes and CRI log, is the subreaper
/// that collects init's exit status, and leaves it in <c>exit.json</c> (<see cref="MiniKube.Shim.ExitFile"/>) before it
/// exits. It lives in a session of its own, so a restart of minikube-runtime loses neither log lines nor the exit
/// code. We talk to it on its socket in the container's state directory: <c>reopen</c> (log rotation) and <c>attach</c>.
/// A shim is named by its pid and start time, like a container's init (<see cref="ExitMonitor.StartTime"/>).
/// Concept: https://kubernetes.io/docs/concepts/containers/#container-runtimes
/// </summary>
public sealed class ContainerShim
{
    public const string BinaryName = "minikube-runtime-shim";
    private const string SocketName = "shim.sock";

    private readonly Process? _process;

    private ContainerShim(int pid, ulong startTime, Process? process)
    {
        Pid = pid;
        StartTime = startTime;
        _process = process;
    }

    public int Pid { get; }
    public ulong StartTime { get; }

    /// <summary>The shim of a container a previous run of the runtime started: not our child, watched through /proc.</summary>
    public static ContainerShim Adopt(int pid, ulong startTime) => new(pid, startTime, null);

    /// <summary>
    /// Starts the shim, which runs <c>&lt;runtime&gt; --root R create --bundle B --pid-file P ID</c> with pipes of its own
    /// as the container's stdio and answers on its stdout with "ok &lt;init pid&gt;" or "error …". Returns the shim and
    /// init's pid; `start` stays the caller's.
    /// </summary>
    public static async Task<(ContainerShim Shim, int InitPid)> StartAsync(OciRuntime runtime, string id, string bundle, string? logPath,
        bool stdin, bool stdinOnce, bool tty, CancellationToken cancellationToken)
    {
        var binary = OciRuntimes.Find(BinaryName)
                     ?? throw new FailedPreconditionException($"{BinaryName} was not found on PATH or beside minikube-runtime (run `make build`)");
        var info = new ProcessStartInfo(binary)
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var arg in (string[])["--runtime", runtime.Binary, "--root", runtime.Root, "--id", id, "--bundle", bundle])
            info.ArgumentList.Add(arg);
        if (logPath is not null) { info.ArgumentList.Add("--log-path"); info.ArgumentList.Add(logPath); }
        if (stdin) info.ArgumentList.Add("--stdin");
        if (stdin && stdinOnce) info.ArgumentList.Add("--stdin-once");
        if (tty) info.ArgumentList.Add("--tty");
        var process = Process.Start(info) ?? throw new OciRuntimeException($"could not start {binary}");
        process.StandardInput.Close();
        var shim = new ContainerShim(process.Id, ExitMonitor.StartTime(process.Id), process);
        // The shim points its stdio at /dev/null after answering: both pipes end, nothing ties it to us any more.
        var stderr = process.StandardError.ReadToEndAsync(cancellationToken);
        var answer = await process.StandardOutput.ReadLineAsync(cancellationToken);
        if (answer is not null && answer.StartsWith("ok ", StringComparison.Ordinal))
            return (shim, int.Parse(answer[3..], CultureInfo.InvariantCulture));
        await process.WaitForExitAsync(cancellationToken);
        if (answer is not null && answer.StartsWith("error ", StringComparison.Ordinal)) throw runtime.CreateFailed(id, bundle);
        throw new OciRuntimeException($"{BinaryName} for {id} exited with status {process.ExitCode}: {(await stderr).Trim()}");
    }

    public bool IsAlive => ExitMonitor.IsAlive(Pid, StartTime);

    /// <summary>Completes when the shim has exited (it does when init has exited and the exit file is written).</summary>
    public Task WaitAsync() => _process?.WaitForExitAsync() ?? ExitMonitor.WaitAsync(Pid, StartTime);

    /// <summary>ReopenContainerLog: the shim closes the log file and opens the path again.</summary>
    public Task ReopenLogAsync(CancellationToken cancellationToken) => RequestAsync("reopen", cancellationToken);

    /// <summary>A new window size for the container's terminal (an attach's resize channel).</summary>
    public Task ResizeAsync(int columns, int rows, CancellationToken cancellationToken) =>
        RequestAsync(FormattableString.Invariant($"resize {columns} {rows}"), cancellationToken);

    private async Task RequestAsync(string request, CancellationToken cancellationToken)
    {
        using var socket = await ConnectAsync(request, cancellationToken);
        var buffer = new byte[256];
        var answer = new StringBuilder();
        int read;
        while ((read = await socket.ReceiveAsync(buffer, cancellationToken)) > 0) answer.Append(Encoding.UTF8.GetString(buffer, 0, read));
        if (answer.ToString().Trim() is var text && text != "ok")
            throw new OciRuntimeException($"the shim of pid {Pid} refused \"{request}\": {(text.Length == 0 ? "no answer" : text)}");
    }

    /// <summary>
    /// An attach connection: what is read from it are frames <c>[1|2][length, 4 bytes big-endian][data]</c> of the
    /// container's stdout/stderr; what is sent is the container's stdin; it ends when the container exits.
    /// </summary>
    public Task<Socket> AttachAsync(CancellationToken cancellationToken) => ConnectAsync("attach", cancellationToken);

    private async Task<Socket> ConnectAsync(string request, CancellationToken cancellationToken)
    {
        if (!IsAlive) throw new FailedPreconditionException($"the container's shim (pid {Pid}) is not running");
        var socket = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        try
        {
            // Through the shim's working directory (its bundle): the full path under --state may not fit in sun_path.
            await socket.ConnectAsync(new UnixDomainSocketEndPoint($"/proc/{Pid}/cwd/{SocketName}"), cancellationToken);
            await socket.SendAsync(Encoding.UTF8.GetBytes(request + "\n"), cancellationToken);
            return socket;
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }
}
