using System.Globalization;
using MiniKube.Testing;

namespace MiniKube.Bench.Cri;

/// <summary>
/// The peer: Debian's containerd with its CRI plugin, on a private socket, root and state and a config.toml of the
/// benchmark's own (nothing under /etc, /var/lib/containerd or /run/containerd of the machine is used, except that
/// containerd 1.6's shim always puts its socket under /run/containerd/s). The CRI plugin gets the same sandbox image,
/// the same CNI plugins and conf dir, overlayfs snapshots, runc through the io.containerd.runc.v2 shim with a runc
/// state root inside our directory, cgroupfs, and <c>restrict_oom_score_adj</c> (root here cannot lower it).
/// </summary>
internal sealed class ContainerdServer : CriServer
{
    // Where containerd 1.6's shim puts its sockets whatever the config says; removed afterwards if we made it and it is empty.
    private const string ShimSocketDir = "/run/containerd/s";
    private readonly bool _runDirExisted;

    private ContainerdServer(string directory, ChildProcess process, bool runDirExisted)
        : base("containerd", directory, process, Path.Join(directory, "containerd.sock")) => _runDirExisted = runDirExisted;

    /// <summary>containerd's binary, or null when it is not installed.</summary>
    public static string? Find() => new[] { "/usr/bin/containerd", "/usr/local/bin/containerd", "/usr/sbin/containerd" }.FirstOrDefault(File.Exists);

    public static async Task<ContainerdServer> StartAsync(string executable, string registryHost, string sandboxImage, string cniConfDir,
        TimeSpan startTimeout, CancellationToken cancellationToken)
    {
        var directory = Path.Join(Path.GetTempPath(), "minikube-bench-cri-containerd-" + Guid.NewGuid().ToString("N")[..8]);
        System.IO.Directory.CreateDirectory(directory);
        var config = Path.Join(directory, "config.toml");
        await File.WriteAllTextAsync(config, Config(directory, registryHost, sandboxImage, cniConfDir), cancellationToken);
        var runDirExisted = System.IO.Directory.Exists("/run/containerd");
        var process = ChildProcess.Start(executable, ["--config", config]);
        var server = new ContainerdServer(directory, process, runDirExisted);
        try
        {
            var version = await TimedCommandVersionAsync(executable, cancellationToken);
            await server.Cri.WaitUntilServingAsync(() => process.HasExited, startTimeout, cancellationToken);
            server.Version = version;
            return server;
        }
        catch (Exception ex) when (ex is InvalidOperationException or TimeoutException or Grpc.Core.RpcException)
        {
            var line = server.ErrorLine(ex.Message);
            await server.DisposeAsync();
            throw new InvalidOperationException(line, ex);
        }
    }

    // Version 2 of containerd's config (containerd 1.5 to 1.7).
    private static string Config(string directory, string registryHost, string sandboxImage, string cniConfDir) => string.Create(CultureInfo.InvariantCulture, $"""
        version = 2
        root = "{directory}/root"
        state = "{directory}/state"
        [grpc]
          address = "{directory}/containerd.sock"
        [ttrpc]
          address = "{directory}/containerd.sock.ttrpc"
        [plugins."io.containerd.internal.v1.opt"]
          path = "{directory}/opt"
        [plugins."io.containerd.grpc.v1.cri"]
          sandbox_image = "{sandboxImage}"
          restrict_oom_score_adj = true
          netns_mounts_under_state_dir = true
          [plugins."io.containerd.grpc.v1.cri".containerd]
            snapshotter = "overlayfs"
            default_runtime_name = "runc"
            [plugins."io.containerd.grpc.v1.cri".containerd.runtimes.runc]
              runtime_type = "io.containerd.runc.v2"
              [plugins."io.containerd.grpc.v1.cri".containerd.runtimes.runc.options]
                Root = "{directory}/runc"
                SystemdCgroup = false
          [plugins."io.containerd.grpc.v1.cri".cni]
            bin_dir = "/usr/lib/cni"
            conf_dir = "{cniConfDir}"
          [plugins."io.containerd.grpc.v1.cri".registry.mirrors."{registryHost}"]
            endpoint = ["http://{registryHost}"]

        """);

    private static async Task<string> TimedCommandVersionAsync(string executable, CancellationToken cancellationToken)
    {
        var outcome = await Runtime.TimedCommand.RunAsync(executable, ["--version"], TimeSpan.FromSeconds(10), cancellationToken);
        // "containerd github.com/containerd/containerd 1.6.20~ds1 1.6.20~ds1-1+deb12u3" → "containerd 1.6.20~ds1".
        return outcome.Succeeded && outcome.ErrorLine.Split(' ') is [var name, _, var version, ..] ? $"{name} {version}" : outcome.ErrorLine;
    }

    protected override void RemoveLeftovers(List<string> warnings)
    {
        if (_runDirExisted) return;
        foreach (var dir in new[] { ShimSocketDir, "/run/containerd" })
        {
            if (!System.IO.Directory.Exists(dir)) continue;
            if (System.IO.Directory.EnumerateFileSystemEntries(dir).Any())
            {
                warnings.Add($"left {dir} in place: not empty");
                return;
            }
            System.IO.Directory.Delete(dir);
        }
    }

    // The CRI plugin's containers live in the k8s.io namespace, so under <runc root>/k8s.io.
    protected override IEnumerable<(string Binary, string StateRoot)> OciStateRoots() => [("runc", Path.Join(Directory, "runc", "k8s.io"))];

    // The shims daemonize and outlive containerd; ours are the ones given our socket as -address.
    protected override IEnumerable<int> OrphanedHelpers()
    {
        var address = Path.Join(Directory, "containerd.sock");
        foreach (var proc in System.IO.Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(proc), out var pid)) continue;
            string cmdline;
            try { cmdline = File.ReadAllText(Path.Join(proc, "cmdline")); }
            catch (IOException) { continue; }
            catch (UnauthorizedAccessException) { continue; }
            var args = cmdline.Split('\0');
            if (args.Length > 0 && args[0].EndsWith("containerd-shim-runc-v2", StringComparison.Ordinal) && args.Contains(address)) yield return pid;
        }
    }
}
