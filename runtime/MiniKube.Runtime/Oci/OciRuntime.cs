using System.Diagnostics;
using System.Globalization;
using System.Text.Json.Nodes;

namespace MiniKube.Runtime.Oci;

/// <summary>
/// One low-level runtime (minirunc, runc or crun) driven through the OCI runtime command line, the way containerd's
/// runc shim drives runc (go-runc): <c>create --bundle B --pid-file P ID</c>, <c>start</c>, <c>kill</c>,
/// <c>delete --force</c>, <c>exec</c>, each with <c>--root</c> so our containers live apart from anyone else's.
/// Errors come from <c>--log FILE --log-format json</c> (runc's JSON lines), so they never mix with the container's output.
/// Concept: https://kubernetes.io/docs/concepts/containers/runtime-class/
/// </summary>
public sealed class OciRuntime(string handler, string binary, string root)
{
    /// <summary>The runtime_handler name (RuntimeClass.handler).</summary>
    public string Handler { get; } = handler;

    public string Binary { get; } = binary;

    /// <summary>The runtime's --root: its state directory for our containers.</summary>
    public string Root { get; } = root;

    /// <summary>
    /// <c>create</c>: the container is set up and its init waits for <c>start</c>. The container's stdout and stderr
    /// are the pipes this process gets (init inherits them from <c>create</c>, runc's "pass-through" mode). Used for
    /// the pause process, whose output nobody reads; containers are created by their <see cref="ContainerShim"/>, which owns
    /// their pipes. Returns init's pid (host namespace) and the two pipes.
    /// </summary>
    public async Task<CreatedProcess> CreateAsync(string id, string bundle, CancellationToken cancellationToken)
    {
        var pidFile = Path.Join(bundle, "init.pid");
        using var process = Start(["--log", Path.Join(bundle, "runtime.log"), "--log-format", "json", "create", "--bundle", bundle, "--pid-file", pidFile, id], redirectOutput: true);
        // stdin: /dev/null semantics. The container gets the read end of a pipe we close at once: EOF on its first read.
        process.StandardInput.Close();
        await process.WaitForExitAsync(cancellationToken);
        if (process.ExitCode != 0)
        {
            // The pipes may still be open in a half-made init: drain them in the background, they end with it.
            _ = process.StandardOutput.BaseStream.CopyToAsync(Stream.Null, CancellationToken.None);
            _ = process.StandardError.BaseStream.CopyToAsync(Stream.Null, CancellationToken.None);
            throw CreateFailed(id, bundle);
        }
        var pid = int.Parse(File.ReadAllText(pidFile).Trim(), CultureInfo.InvariantCulture);
        return new CreatedProcess(pid, process.StandardOutput.BaseStream, process.StandardError.BaseStream);
    }

    /// <summary>Why `create` failed, from the runtime's JSON log in the bundle (also when a shim ran it).</summary>
    public OciRuntimeException CreateFailed(string id, string bundle) =>
        new($"{Handler} create {id} failed: {LastError(Path.Join(bundle, "runtime.log"))}");

    public Task StartAsync(string id, string bundle, CancellationToken cancellationToken) => RunAsync(bundle, cancellationToken, "start", id);

    /// <summary><c>kill ID SIGNAL</c>; a container that is not running any more is not an error here.</summary>
    public async Task KillAsync(string id, string bundle, string signal, CancellationToken cancellationToken)
    {
        try
        {
            await RunAsync(bundle, cancellationToken, "kill", id, signal);
        }
        catch (OciRuntimeException ex) when (ex.Message.Contains("not running", StringComparison.OrdinalIgnoreCase)
                                             || ex.Message.Contains("does not exist", StringComparison.OrdinalIgnoreCase)
                                             || ex.Message.Contains("process already finished", StringComparison.OrdinalIgnoreCase))
        {
        }
    }

    /// <summary><c>delete --force ID</c>: kills what is left, removes the cgroup and the runtime's state; gone already is fine.</summary>
    public async Task DeleteAsync(string id, string bundle, CancellationToken cancellationToken)
    {
        try
        {
            await RunAsync(bundle, cancellationToken, "delete", "--force", id);
        }
        catch (OciRuntimeException ex) when (ex.Message.Contains("does not exist", StringComparison.OrdinalIgnoreCase)
                                             || ex.Message.Contains("not exist", StringComparison.OrdinalIgnoreCase))
        {
        }
    }

    /// <summary>The OCI state's status ("created", "running", "stopped"), or null when the runtime does not know the id.</summary>
    public async Task<string?> StateAsync(string id, CancellationToken cancellationToken)
    {
        using var process = Start(["state", id], redirectOutput: true);
        process.StandardInput.Close();
        var stdout = process.StandardOutput.ReadToEndAsync(cancellationToken);
        var stderr = process.StandardError.ReadToEndAsync(cancellationToken);
        await process.WaitForExitAsync(cancellationToken);
        return process.ExitCode == 0 ? JsonNode.Parse(await stdout)?["status"]?.GetValue<string>() : null;
    }

    /// <summary>
    /// New resource limits for a running container: <c>update --resources FILE ID</c> for runc and crun; minirunc has no
    /// <c>update</c>, so the limits are written into <paramref name="cgroupPath"/> directly (<see cref="CgroupResources.Write"/>).
    /// </summary>
    public async Task UpdateAsync(string id, string bundle, string cgroupPath, MiniKube.Cri.V1.LinuxContainerResources resources, CancellationToken cancellationToken)
    {
        if (Handler == "minirunc")
        {
            CgroupResources.Write(cgroupPath, resources);
            return;
        }
        var file = Path.Join(bundle, "resources.json");
        await File.WriteAllTextAsync(file, CgroupResources.ToOci(resources).ToJsonString(), cancellationToken);
        try { await RunAsync(bundle, cancellationToken, "update", "--resources", file, id); }
        finally { File.Delete(file); }
    }

    /// <summary>
    /// <c>exec ID CMD…</c> in the foreground: the container's process settings (env, cwd, user, capabilities) with
    /// another command. Returns stdout, stderr and the exit code; past <paramref name="timeout"/> the exec is killed.
    /// </summary>
    public async Task<(byte[] Stdout, byte[] Stderr, int ExitCode, bool TimedOut)> ExecAsync(string id, IReadOnlyList<string> cmd, TimeSpan? timeout, CancellationToken cancellationToken)
    {
        using var process = Start(["exec", id, .. cmd], redirectOutput: true);
        process.StandardInput.Close();
        var stdout = new MemoryStream();
        var stderr = new MemoryStream();
        var copyOut = process.StandardOutput.BaseStream.CopyToAsync(stdout, cancellationToken);
        var copyErr = process.StandardError.BaseStream.CopyToAsync(stderr, cancellationToken);
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        if (timeout is { } t) deadline.CancelAfter(t);
        var timedOut = false;
        try
        {
            await process.WaitForExitAsync(deadline.Token);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            // Upstream difference: containerd kills the exec'd process in the container; we kill `exec` itself, whose
            // process then gets SIGKILL from runc/minirunc's parent-death signal or lingers until the container stops.
            timedOut = true;
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync(CancellationToken.None);
        }
        // The exec'd process may have left children holding the pipes: do not wait for them forever.
        await Task.WhenAny(Task.WhenAll(copyOut, copyErr), Task.Delay(TimeSpan.FromSeconds(2), CancellationToken.None));
        return (stdout.ToArray(), stderr.ToArray(), timedOut ? -1 : process.ExitCode, timedOut);
    }

    /// <summary><c>exec ID CMD…</c> with stdin, stdout and stderr as pipes the caller streams (the streaming server's Exec).</summary>
    public Process StartExec(string id, IReadOnlyList<string> cmd) => Start(["exec", id, .. cmd], redirectOutput: true);

    /// <summary>
    /// <c>exec --detach --tty --console-socket S --pid-file P ID CMD…</c>, as containerd's shim runs a tty exec: the
    /// process gets a pseudo-terminal whose master the runtime sends to <paramref name="console"/>, and the runtime
    /// returns once it has started (runc takes a console socket only with --detach). The process, orphaned, becomes
    /// our child (we are the subreaper), so its exit status can be collected. TERM=xterm is set, as containerd does.
    /// Returns its pid.
    /// </summary>
    public async Task<int> ExecWithTerminalAsync(string id, IReadOnlyList<string> cmd, ConsoleSocket console, CancellationToken cancellationToken)
    {
        var pidFile = Path.Join(console.Directory, "exec.pid");
        var log = Path.Join(console.Directory, "runtime.log");
        using var process = Start(["--log", log, "--log-format", "json", "exec", "--detach", "--tty", "--console-socket", console.Path,
            "--pid-file", pidFile, "--env", "TERM=xterm", id, .. cmd], redirectOutput: true);
        process.StandardInput.Close();
        var stderr = process.StandardError.ReadToEndAsync(cancellationToken);
        var stdout = process.StandardOutput.ReadToEndAsync(cancellationToken);
        await process.WaitForExitAsync(cancellationToken);
        if (process.ExitCode != 0)
        {
            var message = LastError(log) is { Length: > 0 } fromLog && !fromLog.StartsWith('(') ? fromLog : (await stderr).Trim();
            throw new OciRuntimeException($"{Handler} exec {id} failed: {message}");
        }
        await Task.WhenAll(stdout, stderr);
        return int.Parse(File.ReadAllText(pidFile).Trim(), CultureInfo.InvariantCulture);
    }

    private async Task RunAsync(string bundle, CancellationToken cancellationToken, params string[] args)
    {
        var log = Path.Join(bundle, "runtime.log");
        using var process = Start(["--log", log, "--log-format", "json", .. args], redirectOutput: true);
        process.StandardInput.Close();
        var stderr = process.StandardError.ReadToEndAsync(cancellationToken);
        var stdout = process.StandardOutput.ReadToEndAsync(cancellationToken);
        await process.WaitForExitAsync(cancellationToken);
        if (process.ExitCode != 0)
        {
            var message = LastError(log) is { Length: > 0 } fromLog && !fromLog.StartsWith("exit status", StringComparison.Ordinal) ? fromLog : (await stderr).Trim();
            throw new OciRuntimeException($"{Handler} {args[0]} {args[^1]} failed: {message}");
        }
        await stdout;
    }

    private Process Start(IEnumerable<string> args, bool redirectOutput)
    {
        var info = new ProcessStartInfo(Binary)
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = redirectOutput,
            RedirectStandardError = redirectOutput,
            UseShellExecute = false,
        };
        info.ArgumentList.Add("--root");
        info.ArgumentList.Add(Root);
        foreach (var arg in args) info.ArgumentList.Add(arg);
        return Process.Start(info) ?? throw new OciRuntimeException($"could not start {Binary}");
    }

    /// <summary>The last error message in a runc-style JSON log ({"level":"error","msg":…}).</summary>
    private static string LastError(string log)
    {
        if (!File.Exists(log)) return "(no log)";
        var lines = File.ReadAllLines(log);
        foreach (var line in lines.Reverse())
        {
            try
            {
                if (JsonNode.Parse(line) is JsonObject entry && entry["level"]?.GetValue<string>() is "error" or "fatal")
                    return entry["msg"]?.GetValue<string>() ?? line;
            }
            catch (System.Text.Json.JsonException)
            {
                return line;
            }
        }
        return lines.LastOrDefault() ?? "(empty log)";
    }
}

/// <summary>A created container's init: its host pid and the read ends of its stdout and stderr.</summary>
public sealed record CreatedProcess(int Pid, Stream Stdout, Stream Stderr);

/// <summary>The low-level runtime refused or failed a command → UNKNOWN, with its message.</summary>
public sealed class OciRuntimeException(string message) : Exception(message);
