using MiniKube.Bench.Runtime;
using MiniKube.Cri.V1;
using MiniKube.Testing;

namespace MiniKube.Bench.Cri;

/// <summary>
/// A CRI server the benchmark started (minikube-runtime or containerd) in a directory of its own. Disposing it
/// leaves the machine as it was, also after a failed run: first the polite way, as the kubelet would (StopPodSandbox
/// and RemovePodSandbox of every sandbox left), then the process is killed, and then whatever it still left is
/// removed by force: containers under its OCI state roots (<c>delete --force</c>), processes that outlive it (containerd's
/// shims), mounts under its directory (overlay rootfs, network namespaces, /dev/shm), and the directory.
/// </summary>
internal abstract class CriServer : IAsyncDisposable
{
    private readonly ChildProcess _process;

    protected CriServer(string name, string directory, ChildProcess process, string socketPath)
    {
        Name = name;
        Directory = directory;
        _process = process;
        Cri = new CriEndpoint(socketPath);
    }

    public string Name { get; }
    public string Directory { get; }
    public CriEndpoint Cri { get; }
    public string Version { get; protected set; } = "unknown";
    public bool HasExited => _process.HasExited;

    /// <summary>The server's output, for an error line when it refuses to start or to run a pod.</summary>
    public string Output => _process.Output;

    /// <summary>The OCI runtimes' state roots (<c>--root</c>) this server's containers live under, with the binary to delete them.</summary>
    protected abstract IEnumerable<(string Binary, string StateRoot)> OciStateRoots();

    /// <summary>Processes the server started that are not its children any more (containerd's shims re-parent to init).</summary>
    protected virtual IEnumerable<int> OrphanedHelpers() => [];

    /// <summary>What the server leaves outside its directory, removed last.</summary>
    protected virtual void RemoveLeftovers(List<string> warnings)
    {
    }

    /// <summary>The first line of the output that says what went wrong (a containerd "level=error" line or an exception).</summary>
    public string ErrorLine(string fallback)
    {
        var lines = Output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        return lines.LastOrDefault(l => l.Contains("level=fatal", StringComparison.Ordinal))
               ?? lines.FirstOrDefault(l => l.Contains("level=error", StringComparison.Ordinal) && !l.Contains("cni config load failed", StringComparison.Ordinal))
               ?? lines.FirstOrDefault(l => l.Contains("Exception", StringComparison.Ordinal) || l.StartsWith("fail:", StringComparison.Ordinal))
               // A server that exited says why last ("containerd: failed to load TOML: …").
               ?? (_process.HasExited ? lines.LastOrDefault() : null)
               ?? fallback;
    }

    public async ValueTask DisposeAsync()
    {
        var warnings = new List<string>();
        // 1. As the kubelet would: stop and remove every sandbox (and with it its containers, network and mounts).
        if (!_process.HasExited)
        {
            try
            {
                var deadline = DateTime.UtcNow.AddSeconds(60);
                var sandboxes = await Cri.Runtime.ListPodSandboxAsync(new ListPodSandboxRequest(), deadline: deadline);
                foreach (var sandbox in sandboxes.Items)
                {
                    await Cri.Runtime.StopPodSandboxAsync(new StopPodSandboxRequest { PodSandboxId = sandbox.Id }, deadline: deadline);
                    await Cri.Runtime.RemovePodSandboxAsync(new RemovePodSandboxRequest { PodSandboxId = sandbox.Id }, deadline: deadline);
                }
            }
            catch (Exception ex) when (ex is Grpc.Core.RpcException or IOException)
            {
                warnings.Add($"{Name}: removing the sandboxes left: {ex.Message}");
            }
        }
        Cri.Dispose();
        await _process.DisposeAsync();

        // 2. By force, whatever is still there.
        foreach (var pid in OrphanedHelpers())
        {
            try
            {
                using var helper = System.Diagnostics.Process.GetProcessById(pid);
                helper.Kill();
                await helper.WaitForExitAsync(new CancellationTokenSource(TimeSpan.FromSeconds(10)).Token);
            }
            catch (Exception ex) when (ex is ArgumentException or InvalidOperationException or OperationCanceledException or System.ComponentModel.Win32Exception) { }
        }
        foreach (var (binary, root) in OciStateRoots().Where(r => System.IO.Directory.Exists(r.StateRoot)))
        {
            foreach (var id in System.IO.Directory.GetDirectories(root).Select(Path.GetFileName))
            {
                var outcome = await TimedCommand.RunAsync(binary, ["--root", root, "delete", "--force", id!], TimeSpan.FromSeconds(30), CancellationToken.None);
                if (!outcome.Succeeded) warnings.Add($"{Path.GetFileName(binary)} delete --force {id}: {outcome.ErrorLine}");
            }
        }
        await HostCleanup.UnmountUnderAsync(Directory, warnings);
        HostCleanup.RemoveDirectory(Directory, warnings);
        RemoveLeftovers(warnings);
        foreach (var warning in warnings) Console.Error.WriteLine("  cleanup: " + warning);
        GC.SuppressFinalize(this);
    }
}
