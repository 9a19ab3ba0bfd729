using System.Diagnostics;

namespace MiniKube.Bench.Processes;

/// <summary>
/// A real single-member etcd (the <c>etcd</c> binary on PATH) on free loopback ports with a temporary data directory,
/// started the way the tests start it. Disposing kills it and deletes the data.
/// Concept: https://kubernetes.io/docs/tasks/administer-cluster/configure-upgrade-etcd/
/// </summary>
internal sealed class EtcdProcess : IAsyncDisposable
{
    private const string MemberName = "minikube-bench";
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(30);
    // etcd binds its ports a moment after FreePort released them, so another process can take one in between:
    // then etcd exits at once and we try again on new ports.
    private const int StartAttempts = 3;

    private readonly ChildProcess _process;
    private readonly string _dataDir;

    private EtcdProcess(ChildProcess process, string dataDir, string clientUrl)
    {
        _process = process;
        _dataDir = dataDir;
        ClientUrl = clientUrl;
    }

    /// <summary>Where clients connect, e.g. <c>http://127.0.0.1:41234</c> (the API server's <c>--etcd-servers</c>).</summary>
    public string ClientUrl { get; }

    public static async Task<EtcdProcess> StartAsync(CancellationToken cancellationToken)
    {
        for (var attempt = 1; ; attempt++)
        {
            var clientUrl = $"http://127.0.0.1:{FreePort.Next()}";
            var peerUrl = $"http://127.0.0.1:{FreePort.Next()}";
            var dataDir = Directory.CreateTempSubdirectory("minikube-bench-etcd-").FullName;
            var process = ChildProcess.Start("etcd",
            [
                "--name", MemberName,
                "--data-dir", dataDir,
                "--listen-client-urls", clientUrl,
                "--advertise-client-urls", clientUrl,
                "--listen-peer-urls", peerUrl,
                "--initial-advertise-peer-urls", peerUrl,
                "--initial-cluster", $"{MemberName}={peerUrl}",
                "--logger", "zap",
                "--log-outputs", "stderr",
                "--log-level", "error",
            ]);
            var etcd = new EtcdProcess(process, dataDir, clientUrl);
            try
            {
                if (await etcd.WaitHealthyAsync(cancellationToken)) return etcd;
            }
            catch
            {
                await etcd.DisposeAsync();
                throw;
            }
            var output = process.Output;
            await etcd.DisposeAsync();
            if (attempt == StartAttempts) throw new InvalidOperationException($"etcd exited during startup {StartAttempts} times:\n{output}");
        }
    }

    /// <summary>The first line of <c>etcd --version</c>, e.g. "etcd Version: 3.4.23", for the report.</summary>
    public static async Task<string> VersionAsync()
    {
        using var process = Process.Start(new ProcessStartInfo("etcd", "--version") { RedirectStandardOutput = true, UseShellExecute = false })!;
        var output = await process.StandardOutput.ReadToEndAsync();
        await process.WaitForExitAsync();
        return output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).FirstOrDefault() ?? "unknown";
    }

    // etcd's /health answers {"health":"true"} once the member has a leader. False when etcd exited first.
    private async Task<bool> WaitHealthyAsync(CancellationToken cancellationToken)
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(2) };
        var deadline = Stopwatch.StartNew();
        while (deadline.Elapsed < StartTimeout)
        {
            if (_process.HasExited) return false;
            try
            {
                var body = await http.GetStringAsync(new Uri($"{ClientUrl}/health"), cancellationToken);
                if (body.Contains("\"health\":\"true\"", StringComparison.Ordinal)) return true;
            }
            catch (HttpRequestException) { } // not listening yet
            catch (TaskCanceledException) when (!cancellationToken.IsCancellationRequested) { } // the 2 s request timeout
            await Task.Delay(100, cancellationToken);
        }
        throw new TimeoutException($"etcd did not answer {ClientUrl}/health within {StartTimeout.TotalSeconds} s:\n{_process.Output}");
    }

    public async ValueTask DisposeAsync()
    {
        await _process.DisposeAsync(); // SIGKILL: nothing of etcd's state needs to survive
        try { Directory.Delete(_dataDir, recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
    }
}
