using System.Net.Sockets;
using Grpc.Net.Client;
using MiniKube.Cri.V1;
using MiniKube.Testing;
using MiniKube.Testing.Registry;

namespace MiniKube.Testing.Runtime;

/// <summary>
/// minikube-runtime as a real process (<c>dotnet minikube-runtime.dll</c>) on a unix socket in a temp dir, with its own
/// --root and --state and a registries.yaml; the tests talk to it only through the generated CRI gRPC clients.
/// </summary>
public sealed class RuntimeProcess : IAsyncDisposable
{
    private ChildProcess _process;
    private GrpcChannel _channel;
    private readonly IReadOnlyList<string> _args;

    private RuntimeProcess(ChildProcess process, TestDirectory dir, GrpcChannel channel, IReadOnlyList<string> args)
    {
        _process = process;
        Dir = dir;
        _channel = channel;
        _args = args;
        Images = new ImageService.ImageServiceClient(channel);
        Runtime = new RuntimeService.RuntimeServiceClient(channel);
    }

    /// <summary>The gRPC channel to the socket, for calls the generated clients cannot make.</summary>
    public GrpcChannel Channel => _channel;

    public TestDirectory Dir { get; }
    public string Root => Dir.Combine("root");
    public string State => Dir.Combine("state");
    public string CniConfDir => Dir.Combine("cni");
    public string Output => _process.Output;
    /// <summary>The runtime's pid (it changes with <see cref="CrashAndRestartAsync"/>).</summary>
    public int Pid => _process.Id;
    public ImageService.ImageServiceClient Images { get; private set; }
    public RuntimeService.RuntimeServiceClient Runtime { get; private set; }

    /// <param name="registriesYaml">The content of the registries.yaml passed with --registry-config.</param>
    /// <param name="extraArgs">More flags (--sandbox-image, --default-runtime, …).</param>
    public static async Task<RuntimeProcess> StartAsync(string registriesYaml, IEnumerable<string>? extraArgs = null)
    {
        var dir = new TestDirectory();
        var socket = dir.Combine("runtime.sock");
        await File.WriteAllTextAsync(dir.Combine("registries.yaml"), registriesYaml);
        IReadOnlyList<string> args = ["--listen", "unix://" + socket, "--root", dir.Combine("root"), "--state", dir.Combine("state"),
            "--registry-config", dir.Combine("registries.yaml"), "--cni-conf-dir", dir.Combine("cni"), "--v", "4", .. extraArgs ?? []];
        var (process, channel) = await LaunchAsync(socket, args);
        return new RuntimeProcess(process, dir, channel, args);
    }

    /// <summary>
    /// SIGKILL to the runtime alone, as a crash would do it (its containers keep running: they are not killed with it),
    /// then (after <paramref name="whileDown"/>) a new runtime process with the same flags, --root and --state.
    /// </summary>
    public async Task CrashAndRestartAsync(Func<Task>? whileDown = null)
    {
        using (var runtime = System.Diagnostics.Process.GetProcessById(_process.Id)) runtime.Kill(entireProcessTree: false);
        await Eventually.UntilAsync(() => Task.FromResult(_process.HasExited), TimeSpan.FromSeconds(10), "the runtime to die");
        _channel.Dispose();
        await _process.DisposeAsync();
        if (whileDown is not null) await whileDown();
        (_process, _channel) = await LaunchAsync(Dir.Combine("runtime.sock"), _args);
        Images = new ImageService.ImageServiceClient(_channel);
        Runtime = new RuntimeService.RuntimeServiceClient(_channel);
    }

    private static async Task<(ChildProcess, GrpcChannel)> LaunchAsync(string socket, IReadOnlyList<string> args)
    {
        var dll = Path.Combine(AppContext.BaseDirectory, "minikube-runtime.dll");
        var process = ChildProcess.Start("dotnet", [dll, .. args],
            // The repository's bin/ first: minirunc and minikube-runtime-shim are found there, as on a node where
            // `make build` installed them.
            new Dictionary<string, string> { ["PATH"] = Path.Join(Repository.Root, "bin") + ":" + Environment.GetEnvironmentVariable("PATH") });
        var handler = new SocketsHttpHandler
        {
            ConnectCallback = async (_, cancellationToken) =>
            {
                var s = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
                try
                {
                    await s.ConnectAsync(new UnixDomainSocketEndPoint(socket), cancellationToken);
                    return new NetworkStream(s, ownsSocket: true);
                }
                catch { s.Dispose(); throw; }
            },
        };
        var channel = GrpcChannel.ForAddress("http://localhost", new GrpcChannelOptions { HttpHandler = handler });
        var client = new RuntimeService.RuntimeServiceClient(channel);
        await Eventually.UntilAsync(async () =>
        {
            if (process.HasExited) throw new InvalidOperationException($"minikube-runtime exited:\n{process.Output}");
            await client.VersionAsync(new VersionRequest());
            return true;
        }, TimeSpan.FromSeconds(30), "minikube-runtime to serve CRI");
        return (process, channel);
    }

    /// <summary>A registries.yaml mapping each host (e.g. docker.io) to a test registry over plain http, with optional credentials.</summary>
    public static string Mirrors(IEnumerable<(string Host, RegistryServer Registry)> mirrors, bool withCredentials = false)
    {
        var list = mirrors.ToList();
        var yaml = "mirrors:\n" + string.Concat(list.Select(m => $"  \"{m.Host}\":\n    endpoint:\n      - \"{m.Registry.Endpoint}\"\n"));
        if (withCredentials)
        {
            yaml += "configs:\n" + string.Concat(list.Select(m => m.Registry.Host).Distinct().Select(h =>
                $"  \"{h}\":\n    auth:\n      username: {RegistryServer.User}\n      password: {RegistryServer.Password}\n"));
        }
        return yaml;
    }

    /// <summary>The files under a directory of --root (blobs/sha256, snapshots, ingest, images).</summary>
    public IReadOnlyList<string> Entries(params string[] under)
    {
        var path = Path.Join([Root, .. under]);
        return Directory.Exists(path) ? [.. Directory.EnumerateFileSystemEntries(path).Select(Path.GetFileName)!] : [];
    }

    public async ValueTask DisposeAsync()
    {
        _channel.Dispose();
        await _process.DisposeAsync();
        // Snapshots hold root-owned files and whiteout devices; TestDirectory removes them.
        Dir.Dispose();
    }
}
