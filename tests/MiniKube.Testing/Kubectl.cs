namespace MiniKube.Testing;

/// <summary>
/// Runs a real, explicitly versioned kubectl (kubectl.1.33, kubectl.1.28, …) against a test server. These machines
/// carry the versioned binaries next to the target of /usr/bin/kubectl (a dispatcher); naming the version avoids
/// the dispatcher picking one for us. Each run gets its own empty discovery cache, as a first-time user has.
/// </summary>
public sealed class Kubectl(string version, string kubeconfig) : IDisposable
{
    private readonly string _cacheDir = Directory.CreateTempSubdirectory("minikube-kubectl-cache-").FullName;

    public string Version { get; } = version;

    /// <summary>The path of kubectl.&lt;version&gt;; throws (the test fails) when it is not installed.</summary>
    public static string Locate(string version)
    {
        var kubectl = Prerequisites.RequireTool("kubectl");
        var target = new FileInfo(kubectl).ResolveLinkTarget(returnFinalTarget: true)?.FullName ?? kubectl;
        var versioned = Path.Combine(Path.GetDirectoryName(target)!, $"kubectl.{version}");
        if (File.Exists(versioned)) return versioned;
        var sameFolder = Path.Combine(Path.GetDirectoryName(kubectl)!, $"kubectl.{version}");
        return File.Exists(sameFolder)
            ? sameFolder
            : throw new InvalidOperationException($"kubectl {version} was not found next to {target}; the tests need the versioned kubectl binaries");
    }

    public Task<CommandResult> RunAsync(params string[] args) => RunWithInputAsync(null, args);

    public Task<CommandResult> RunWithInputAsync(string? stdin, params string[] args) =>
        RunCommand.RunAsync(Locate(Version), ["--kubeconfig", kubeconfig, "--cache-dir", _cacheDir, .. args], stdin: stdin, timeout: TimeSpan.FromSeconds(90));

    /// <summary>Runs kubectl and fails the test with kubectl's own output unless it exits 0.</summary>
    public async Task<string> SucceedAsync(params string[] args)
    {
        var result = await RunAsync(args);
        if (result.ExitCode != 0) throw new InvalidOperationException($"kubectl.{Version} {string.Join(' ', args)} failed: {result}");
        return result.StdOut;
    }

    public async Task<string> SucceedWithInputAsync(string stdin, params string[] args)
    {
        var result = await RunWithInputAsync(stdin, args);
        if (result.ExitCode != 0) throw new InvalidOperationException($"kubectl.{Version} {string.Join(' ', args)} failed: {result}");
        return result.StdOut;
    }

    public void Dispose()
    {
        try { Directory.Delete(_cacheDir, recursive: true); } catch (IOException) { }
    }
}
