using System.Text;

namespace MiniKube.Testing.Registry;

/// <summary>How a test registry authenticates clients.</summary>
public enum RegistryAuth { Anonymous, Basic, Token }

/// <summary>
/// Debian's docker-registry (the CNCF distribution registry) on 127.0.0.1 and a free port, storage in a temp dir:
/// anonymous, with htpasswd Basic auth, or with token auth against a <see cref="TokenServer"/>.
/// </summary>
public sealed class RegistryServer : IAsyncDisposable
{
    public const string User = "puller";
    public const string Password = "s3cret-pass";

    private readonly ChildProcess _process;
    private readonly TestDirectory _dir;

    private RegistryServer(ChildProcess process, TestDirectory dir, int port, RegistryAuth auth, TokenServer? tokens)
    {
        _process = process;
        _dir = dir;
        Port = port;
        Auth = auth;
        Tokens = tokens;
    }

    public int Port { get; }
    public RegistryAuth Auth { get; }
    public TokenServer? Tokens { get; }
    public string Host => $"127.0.0.1:{Port}";
    public Uri Endpoint => new($"http://{Host}");
    public string StorageDir => _dir.Combine("storage");
    public string Output => _process.Output;

    public static async Task<RegistryServer> StartAsync(RegistryAuth auth = RegistryAuth.Anonymous)
    {
        var dir = new TestDirectory();
        var port = FreePort.Next();
        TokenServer? tokens = null;
        var config = new StringBuilder($"""
            version: 0.1
            log:
              level: info
            storage:
              filesystem:
                rootdirectory: {dir.Combine("storage")}
              delete:
                enabled: true
            http:
              addr: 127.0.0.1:{port}
            """);
        config.AppendLine();
        if (auth == RegistryAuth.Basic)
        {
            var htpasswd = dir.Combine("htpasswd");
            var result = await RunCommand.RunAsync(Prerequisites.RequireTool("htpasswd"), ["-Bbc", htpasswd, User, Password]);
            if (result.ExitCode != 0) throw new InvalidOperationException($"htpasswd failed: {result}");
            config.AppendLine($"""
                auth:
                  htpasswd:
                    realm: minikube-test
                    path: {htpasswd}
                """);
        }
        else if (auth == RegistryAuth.Token)
        {
            tokens = await TokenServer.StartAsync(dir.Path);
            config.AppendLine($"""
                auth:
                  token:
                    realm: {tokens.Realm}
                    service: {TokenServer.Service}
                    issuer: {TokenServer.Issuer}
                    rootcertbundle: {tokens.CertificatePath}
                """);
        }
        File.WriteAllText(dir.Combine("config.yml"), config.ToString());
        var process = ChildProcess.Start(Prerequisites.RequireTool("docker-registry"), ["serve", dir.Combine("config.yml")]);
        var server = new RegistryServer(process, dir, port, auth, tokens);
        using var http = new HttpClient();
        await Eventually.UntilAsync(async () =>
        {
            if (process.HasExited) throw new InvalidOperationException($"docker-registry exited:\n{process.Output}");
            try { using var _ = await http.GetAsync(new Uri(server.Endpoint, "/v2/")); return true; }
            catch (HttpRequestException) { return false; }
        }, TimeSpan.FromSeconds(20), "docker-registry to listen");
        return server;
    }

    /// <summary>The file the registry stores a blob in (tests corrupt it to see the pull refuse it).</summary>
    public string BlobDataPath(string digest)
    {
        var hex = digest["sha256:".Length..];
        return Path.Join(StorageDir, "docker", "registry", "v2", "blobs", "sha256", hex[..2], hex, "data");
    }

    /// <summary>How many times the registry served GET for a blob (from its request log).</summary>
    public int BlobGets(string repository, string digest) =>
        Output.Split('\n').Count(l => l.Contains("response completed", StringComparison.Ordinal)
            && l.Contains("http.request.method=GET", StringComparison.Ordinal)
            && l.Contains($"/v2/{repository}/blobs/{digest}", StringComparison.Ordinal));

    public async ValueTask DisposeAsync()
    {
        await _process.DisposeAsync();
        if (Tokens is not null) await Tokens.DisposeAsync();
        _dir.Dispose();
    }
}
