using MiniKube.Testing;

namespace MiniKube.Bench.Cri;

/// <summary>
/// The published minikube-runtime on a socket of its own, with its own --root and --state, a registries.yaml mapping
/// the local registry to plain http, and the benchmark's CNI conf dir. bin/ goes first on its PATH, so it runs the
/// minirunc that `make build` published there (and Debian's runc for the runc handler).
/// </summary>
internal sealed class MiniKubeRuntimeServer : CriServer
{
    private readonly string _minirunc;

    private MiniKubeRuntimeServer(string directory, ChildProcess process, string minirunc)
        : base("minikube-runtime", directory, process, Path.Join(directory, "runtime.sock")) => _minirunc = minirunc;

    private string State => Path.Join(Directory, "state");

    public static async Task<MiniKubeRuntimeServer> StartAsync(string executable, string minirunc, string registryHost, string sandboxImage,
        string cniConfDir, TimeSpan startTimeout, CancellationToken cancellationToken)
    {
        var directory = Path.Join(Path.GetTempPath(), "minikube-bench-cri-runtime-" + Guid.NewGuid().ToString("N")[..8]);
        System.IO.Directory.CreateDirectory(directory);
        var registries = Path.Join(directory, "registries.yaml");
        await File.WriteAllTextAsync(registries, $"mirrors:\n  \"{registryHost}\":\n    endpoint:\n      - \"http://{registryHost}\"\n", cancellationToken);
        var process = ChildProcess.Start(executable,
        [
            "--listen", "unix://" + Path.Join(directory, "runtime.sock"), "--root", Path.Join(directory, "root"), "--state", Path.Join(directory, "state"),
            "--registry-config", registries, "--cni-bin-dir", "/usr/lib/cni", "--cni-conf-dir", cniConfDir, "--sandbox-image", sandboxImage,
        ], new Dictionary<string, string> { ["PATH"] = Path.GetDirectoryName(minirunc) + ":" + Environment.GetEnvironmentVariable("PATH") });
        var server = new MiniKubeRuntimeServer(directory, process, minirunc);
        try
        {
            server.Version = await server.Cri.WaitUntilServingAsync(() => process.HasExited, startTimeout, cancellationToken);
            return server;
        }
        catch (Exception ex) when (ex is InvalidOperationException or TimeoutException)
        {
            var line = server.ErrorLine(ex.Message);
            await server.DisposeAsync();
            throw new InvalidOperationException(line, ex);
        }
    }

    protected override IEnumerable<(string Binary, string StateRoot)> OciStateRoots() =>
        [(_minirunc, Path.Join(State, "minirunc")), ("runc", Path.Join(State, "runc"))];
}
