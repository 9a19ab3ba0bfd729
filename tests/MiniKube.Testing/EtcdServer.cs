using Xunit;

namespace MiniKube.Testing;

/// <summary>
/// A real single-member etcd for tests: the <c>etcd</c> binary on PATH, started on free loopback ports with a
/// temporary data directory, like the etcd that kube-apiserver's and kine's own tests start. Use it as a class or
/// collection fixture (<c>IClassFixture&lt;EtcdServer&gt;</c>) and connect to <see cref="ClientUrl"/>; disposing kills
/// etcd and deletes its data. Tests sharing one instance should each write under their own key prefix.
/// Concept: https://kubernetes.io/docs/tasks/administer-cluster/configure-upgrade-etcd/
/// </summary>
public sealed class EtcdServer : IAsyncLifetime
{
    private const string MemberName = "minikube-test";
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(30);
    // etcd binds the ports itself, some time after FreePort.Next() released them, so another process can take one
    // in between. Then etcd exits at once and we try again on new ports.
    private const int StartAttempts = 3;

    private ChildProcess? _process;
    private string? _dataDir;
    private string? _clientUrl;

    /// <summary>Where clients connect, e.g. <c>http://127.0.0.1:41234</c> (the API server's <c>--etcd-servers</c>).</summary>
    public string ClientUrl => _clientUrl ?? throw new InvalidOperationException(
        "etcd is not running: it is not installed here (tests that need it are skipped; 'make test' installs it)");

    /// <summary>etcd's own log (errors only), for a failing test to show.</summary>
    public string Output => _process?.Output ?? "";

    public async Task InitializeAsync()
    {
        // xunit creates a class fixture even when all the tests using it are skipped. When a missing etcd means
        // "skip" (a laptop, not CI), start nothing; under CI this check passes and RequireTool fails loudly instead.
        if (Prerequisites.SkipReason(needsRoot: false, ["etcd"]) is not null) return;
        var etcd = Prerequisites.RequireTool("etcd");

        for (var attempt = 1; ; attempt++)
        {
            if (await TryStartAsync(etcd)) return;
            var output = Output;
            await StopAsync();
            if (attempt == StartAttempts)
            {
                throw new InvalidOperationException($"etcd exited during startup {StartAttempts} times; its last output:\n{output}");
            }
        }
    }

    public Task DisposeAsync() => StopAsync();

    /// <summary>The first line of <c>etcd --version</c>, e.g. "etcd Version: 3.4.23" (the benchmark's report shows it).</summary>
    public static async Task<string> VersionAsync()
    {
        var result = await RunCommand.RunAsync(Prerequisites.RequireTool("etcd"), ["--version"]);
        return result.StdOut.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).FirstOrDefault() ?? "unknown";
    }

    /// <summary>Starts etcd and waits until it reports healthy. False when it exited first (e.g. a port was taken).</summary>
    private async Task<bool> TryStartAsync(string etcd)
    {
        var clientPort = FreePort.Next();
        var peerPort = FreePort.Next();
        while (peerPort == clientPort) peerPort = FreePort.Next();
        var clientUrl = $"http://127.0.0.1:{clientPort}";
        var peerUrl = $"http://127.0.0.1:{peerPort}";
        _dataDir = Directory.CreateTempSubdirectory("minikube-etcd-").FullName;

        _process = ChildProcess.Start(etcd,
        [
            "--name", MemberName,
            "--data-dir", _dataDir,
            "--listen-client-urls", clientUrl,
            "--advertise-client-urls", clientUrl,
            // A one-member cluster still has a peer URL: it is where other members would join.
            "--listen-peer-urls", peerUrl,
            "--initial-advertise-peer-urls", peerUrl,
            "--initial-cluster", $"{MemberName}={peerUrl}",
            // Only errors, so a failing test's output stays short.
            "--logger", "zap",
            "--log-outputs", "stderr",
            "--log-level", "error",
        ]);

        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(2) };
        try
        {
            await Eventually.UntilAsync(async () => _process.HasExited || await IsHealthyAsync(http, clientUrl),
                StartTimeout, $"etcd to answer {clientUrl}/health");
        }
        catch (TimeoutException ex)
        {
            throw new TimeoutException($"{ex.Message}; etcd's output:\n{Output}", ex);
        }
        if (_process.HasExited) return false;

        _clientUrl = clientUrl;
        return true;
    }

    // etcd's /health answers {"health":"true"} once the member has a leader and can serve requests.
    private static async Task<bool> IsHealthyAsync(HttpClient http, string clientUrl)
    {
        var body = await http.GetStringAsync($"{clientUrl}/health");
        return body.Contains("\"health\":\"true\"", StringComparison.Ordinal);
    }

    private async Task StopAsync()
    {
        if (_process is not null) await _process.DisposeAsync(); // SIGKILL: nothing of etcd's state needs to survive
        _process = null;
        _clientUrl = null;
        if (_dataDir is not null && Directory.Exists(_dataDir)) Directory.Delete(_dataDir, recursive: true);
        _dataDir = null;
    }
}
