using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Security;
using System.Security.Cryptography.X509Certificates;
using System.Text.Json;

namespace MiniKube.Bench.Processes;

/// <summary>
/// The published minikube-apiserver started as a process on a free loopback port, on etcd or on the embedded sqlite
/// store, with a temporary directory for its certificate (and sqlite data). The benchmark talks to it only over HTTPS,
/// like any client. Disposing kills it and deletes the directory.
/// </summary>
internal sealed class ApiServerProcess : IAsyncDisposable
{
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(60);

    private readonly ChildProcess _process;
    private readonly string _workDirectory;
    private readonly string _certificateHash;

    private ApiServerProcess(ChildProcess process, string workDirectory, int port, string certificateHash)
    {
        _process = process;
        _workDirectory = workDirectory;
        _certificateHash = certificateHash;
        Url = new Uri($"https://127.0.0.1:{port}");
    }

    public Uri Url { get; }

    public string Output => _process.Output;

    /// <summary>Starts the API server on etcd at <paramref name="etcdUrl"/>, or on sqlite when it is null, and waits for /readyz.</summary>
    public static async Task<ApiServerProcess> StartAsync(string executable, string? etcdUrl, CancellationToken cancellationToken)
    {
        var workDirectory = Directory.CreateTempSubdirectory("minikube-bench-apiserver-").FullName;
        var port = FreePort.Next();
        var certDir = Path.Combine(workDirectory, "certs");
        string[] storage = etcdUrl is null
            ? ["--storage-backend", "sqlite", "--data-dir", Path.Combine(workDirectory, "data")]
            // Compaction off: the watch benchmark starts watches at a list's resourceVersion.
            : ["--etcd-servers", etcdUrl, "--etcd-compaction-interval", "0"];
        var process = ChildProcess.Start(executable,
            [.. storage, "--bind-address", "127.0.0.1", "--secure-port", port.ToString(CultureInfo.InvariantCulture), "--cert-dir", certDir]);
        try
        {
            var certificateFile = Path.Combine(certDir, "apiserver.crt");
            await WaitReadyAsync(process, port, certificateFile, cancellationToken);
            return new ApiServerProcess(process, workDirectory, port, CertificateHash(certificateFile)!);
        }
        catch
        {
            await process.DisposeAsync();
            DeleteDirectory(workDirectory);
            throw;
        }
    }

    // The server writes its self-signed certificate before it listens; we trust exactly that one.
    private static string? CertificateHash(string certificateFile) =>
        File.Exists(certificateFile) ? X509Certificate2.CreateFromPem(File.ReadAllText(certificateFile)).GetCertHashString() : null;

    private static async Task WaitReadyAsync(ChildProcess process, int port, string certificateFile, CancellationToken cancellationToken)
    {
        using var http = new HttpClient(new SocketsHttpHandler
        {
            SslOptions = new SslClientAuthenticationOptions
            {
                RemoteCertificateValidationCallback = (_, certificate, _, _) =>
                    certificate is not null && certificate.GetCertHashString() == CertificateHash(certificateFile),
            },
        }) { Timeout = TimeSpan.FromSeconds(2) };
        var waited = Stopwatch.StartNew();
        while (waited.Elapsed < StartTimeout)
        {
            if (process.HasExited) throw new InvalidOperationException($"minikube-apiserver exited during startup:\n{process.Output}");
            try
            {
                using var response = await http.GetAsync(new Uri($"https://127.0.0.1:{port}/readyz"), cancellationToken);
                if (response.IsSuccessStatusCode) return;
            }
            catch (HttpRequestException) { } // not listening yet
            catch (TaskCanceledException) when (!cancellationToken.IsCancellationRequested) { } // the 2 s request timeout
            await Task.Delay(200, cancellationToken);
        }
        throw new TimeoutException($"minikube-apiserver did not answer /readyz within {StartTimeout.TotalSeconds} s:\n{process.Output}");
    }

    /// <summary>
    /// A new client with its own connection, speaking HTTP/2 over TLS as kubectl and client-go do, and trusting exactly
    /// this server's certificate. Each simulated client gets its own, like separate client processes.
    /// </summary>
    public HttpClient CreateClient(TimeSpan timeout)
    {
        var handler = new SocketsHttpHandler
        {
            SslOptions = new SslClientAuthenticationOptions
            {
                RemoteCertificateValidationCallback = (_, certificate, _, _) => certificate?.GetCertHashString() == _certificateHash,
            },
        };
        return new HttpClient(handler)
        {
            BaseAddress = Url,
            Timeout = timeout,
            DefaultRequestVersion = HttpVersion.Version20,
            DefaultVersionPolicy = HttpVersionPolicy.RequestVersionExact,
        };
    }

    /// <summary>The server's gitVersion from GET /version, for the report.</summary>
    public async Task<string> VersionAsync(CancellationToken cancellationToken)
    {
        using var http = CreateClient(TimeSpan.FromSeconds(10));
        using var document = JsonDocument.Parse(await http.GetStringAsync(new Uri("/version", UriKind.Relative), cancellationToken));
        return document.RootElement.GetProperty("gitVersion").GetString() ?? "unknown";
    }

    public async ValueTask DisposeAsync()
    {
        await _process.DisposeAsync();
        DeleteDirectory(_workDirectory);
    }

    private static void DeleteDirectory(string directory)
    {
        try { Directory.Delete(directory, recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
    }
}
