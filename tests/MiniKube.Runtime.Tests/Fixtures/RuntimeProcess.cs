using System.Net.Sockets;
using Grpc.Net.Client;
using MiniKube.Cri.V1;
using MiniKube.Testing;
using MiniKube.Testing.Registry;

namespace MiniKube.Runtime.Tests.Fixtures;

/// <summary>
/// minikube-runtime as a real process (<c>dotnet minikube-runtime.dll</c>) on a unix socket in a temp dir, with its own
/// --root and --state and a registries.yaml; the tests talk to it only through the generated CRI gRPC clients.
/// </summary>
public sealed class RuntimeProcess : IAsyncDisposable
{
    private readonly ChildProcess _process;
    private readonly GrpcChannel _channel;

    private RuntimeProcess(ChildProcess process, TestDirectory dir, GrpcChannel channel)
    {
        _process = process;
        Dir = dir;
        _channel = channel;
        Images = new ImageService.ImageServiceClient(channel);
        Runtime = new RuntimeService.RuntimeServiceClient(channel);
    }

    public TestDirectory Dir { get; }
    public string Root => Dir.Combine("root");
    public string State => Dir.Combine("state");
    public string CniConfDir => Dir.Combine("cni");
    public string Output => _process.Output;
    public ImageService.ImageServiceClient Images { get; }
    public RuntimeService.RuntimeServiceClient Runtime { get; }

    /// <param name="registriesYaml">The content of the registries.yaml passed with --registry-config.</param>
    /// <param name="extraArgs">More flags (--sandbox-image, --default-runtime, …).</param>
    public static async Task<RuntimeProcess> StartAsync(string registriesYaml, IEnumerable<string>? extraArgs = null)
    {
        var dir = new TestDirectory();
        var dll = Path.Combine(AppContext.BaseDirectory, "minikube-runtime.dll");
        var socket = dir.Combine("runtime.sock");
        await File.WriteAllTextAsync(dir.Combine("registries.yaml"), registriesYaml);
        var process = ChildProcess.Start("dotnet", [dll, "--listen", "unix://" + socket, "--root", dir.Combine("root"), "--state", dir.Combine("state"),
            "--registry-config", dir.Combine("registries.yaml"), "--cni-conf-dir", dir.Combine("cni"), "--v", "4", .. extraArgs ?? []],
            // The repository's bin/ first: minirunc is found there, as on a node where `make build` installed it.
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
        var runtime = new RuntimeProcess(process, dir, channel);
        await Eventually.UntilAsync(async () =>
        {
            if (process.HasExited) throw new InvalidOperationException($"minikube-runtime exited:\n{process.Output}");
            await runtime.Runtime.VersionAsync(new VersionRequest());
            return true;
        }, TimeSpan.FromSeconds(30), "minikube-runtime to serve CRI");
        return runtime;
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
