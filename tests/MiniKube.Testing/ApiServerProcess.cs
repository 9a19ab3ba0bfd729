using System.Net.Security;
using System.Security.Cryptography.X509Certificates;

namespace MiniKube.Testing;

/// <summary>
/// A real minikube-apiserver process for tests, on a free loopback port, with its own temporary certificate and
/// data directories, and a kubeconfig that real kubectl (and minictl) can use. By default it runs the
/// minikube-apiserver.dll next to the tests (the test project must reference the API server project);
/// <see cref="StartProgramAsync"/> runs a given executable instead (the benchmark runs bin/minikube-apiserver).
/// Restart keeps the data, so tests can show that watches resume and nothing is lost. Disposing kills it and
/// deletes its directories.
/// </summary>
public sealed class ApiServerProcess : IAsyncDisposable
{
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(60);
    private readonly string[] _command; // the program and its first arguments, e.g. ["dotnet", ".../minikube-apiserver.dll"]
    private readonly string[] _storageArgs;
    private ChildProcess? _process;
    private string? _certificateHash;

    private ApiServerProcess(string[] command, string directory, string[] storageArgs)
    {
        _command = command;
        WorkDirectory = directory;
        // Compaction off unless a test asks for it, so watches from old revisions behave predictably.
        _storageArgs = storageArgs.Contains("--etcd-compaction-interval") ? storageArgs : [.. storageArgs, "--etcd-compaction-interval", "0"];
        Port = FreePort.Next();
    }

    /// <summary>The temporary directory holding certs/, data/ and the kubeconfig.</summary>
    public string WorkDirectory { get; }
    public int Port { get; }
    public Uri Url => new($"https://127.0.0.1:{Port}");
    public string CertificateFile => Path.Combine(WorkDirectory, "certs", "apiserver.crt");
    public string KubeconfigPath => Path.Combine(WorkDirectory, "kubeconfig");
    public string Output => _process?.Output ?? "";

    /// <summary>Starts an API server on the embedded sqlite store.</summary>
    public static Task<ApiServerProcess> StartSqliteAsync(params string[] extraArgs) => StartAsync(null, extraArgs);

    /// <summary>Starts an API server on the etcd at <paramref name="etcdUrl"/> (or sqlite when null), with extra flags.</summary>
    public static Task<ApiServerProcess> StartAsync(string? etcdUrl, params string[] extraArgs)
    {
        var dll = Path.Combine(AppContext.BaseDirectory, "minikube-apiserver.dll");
        if (!File.Exists(dll)) throw new InvalidOperationException($"{dll} is missing: the test project must reference apiserver/MiniKube.ApiServer");
        return StartCommandAsync(["dotnet", dll], etcdUrl, extraArgs);
    }

    /// <summary>Like <see cref="StartAsync(string?, string[])"/>, but runs the executable <paramref name="program"/>.</summary>
    public static Task<ApiServerProcess> StartProgramAsync(string program, string? etcdUrl, params string[] extraArgs) =>
        StartCommandAsync([program], etcdUrl, extraArgs);

    private static async Task<ApiServerProcess> StartCommandAsync(string[] command, string? etcdUrl, string[] extraArgs)
    {
        var directory = System.IO.Directory.CreateTempSubdirectory("minikube-apiserver-").FullName;
        string[] storage = etcdUrl is null
            ? ["--storage-backend", "sqlite", "--data-dir", Path.Combine(directory, "data")]
            : ["--etcd-servers", etcdUrl];
        storage = [.. storage, .. extraArgs];
        var server = new ApiServerProcess(command, directory, storage);
        try
        {
            await server.StartProcessAsync();
        }
        catch
        {
            await server.DisposeAsync();
            throw;
        }
        return server;
    }

    /// <summary>Kills the server (as a crash would) and starts it again on the same port and data.</summary>
    public async Task RestartAsync()
    {
        if (_process is not null) await _process.DisposeAsync();
        await StartProcessAsync();
    }

    private async Task StartProcessAsync()
    {
        _process = ChildProcess.Start(_command[0],
            [.. _command[1..], .. _storageArgs, "--secure-port", Port.ToString(System.Globalization.CultureInfo.InvariantCulture),
             "--cert-dir", Path.Combine(WorkDirectory, "certs")]);
        using var http = CreateHttpClient(TimeSpan.FromSeconds(2), requireCertificate: false);
        await Eventually.UntilAsync(async () =>
        {
            if (_process.HasExited) throw new InvalidOperationException($"minikube-apiserver exited:\n{_process.Output}");
            // Connection refused until Kestrel listens: Eventually retries and reports the last error on timeout.
            return (await http.GetAsync(new Uri(Url, "/readyz"))).IsSuccessStatusCode;
        }, StartTimeout, "minikube-apiserver to answer /readyz");
        // The server wrote its self-signed certificate before it listened; from now on we trust exactly that one.
        _certificateHash = X509Certificate2.CreateFromPem(File.ReadAllText(CertificateFile)).GetCertHashString();
        WriteKubeconfig();
    }

    /// <summary>An HttpClient that trusts exactly this server's self-signed certificate.</summary>
    public HttpClient CreateHttpClient(TimeSpan? timeout = null) => CreateHttpClient(timeout, requireCertificate: true);

    private HttpClient CreateHttpClient(TimeSpan? timeout, bool requireCertificate)
    {
        var handler = new SocketsHttpHandler
        {
            SslOptions = new SslClientAuthenticationOptions
            {
                RemoteCertificateValidationCallback = (_, certificate, _, _) =>
                    !requireCertificate || certificate?.GetCertHashString() == _certificateHash,
            },
        };
        return new HttpClient(handler) { BaseAddress = Url, Timeout = timeout ?? TimeSpan.FromSeconds(100) };
    }

    private void WriteKubeconfig() => File.WriteAllText(KubeconfigPath, $"""
        apiVersion: v1
        kind: Config
        clusters:
        - name: test
          cluster:
            server: {Url.ToString().TrimEnd('/')}
            certificate-authority: {CertificateFile}
        users:
        - name: test
          user:
            # Authentication is allow-all until the security issue; kubectl still needs some credential, or it
            # prompts for a username. The token is random and means nothing yet.
            token: {Guid.NewGuid():N}
        contexts:
        - name: test
          context:
            cluster: test
            user: test
            namespace: default
        current-context: test
        """);

    public async ValueTask DisposeAsync()
    {
        if (_process is not null) await _process.DisposeAsync();
        try { System.IO.Directory.Delete(WorkDirectory, recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
    }
}
