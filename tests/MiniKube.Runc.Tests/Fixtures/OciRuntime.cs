using System.Text.Json;
using MiniKube.Testing;
using Xunit.Abstractions;

namespace MiniKube.Runc.Tests.Fixtures;

/// <summary>
/// An OCI runtime binary driven through its command line, exactly as the high-level runtime drives it: minirunc
/// or runc, each with its own --root under the test's directory. Every command and its output go to the test log.
/// Disposing deletes (--force) every container still under the root, so a failing test leaves nothing running.
/// </summary>
public sealed class OciRuntime : IAsyncDisposable
{
    private readonly ITestOutputHelper _log;
    private readonly TestDirectory _dir = new();

    private OciRuntime(string name, string binary, ITestOutputHelper log)
    {
        Name = name;
        Binary = binary;
        _log = log;
        Root = _dir.Combine("state");
    }

    public static OciRuntime Minirunc(ITestOutputHelper log) => new("minirunc", MiniruncBinary.Path, log);

    public static OciRuntime Runc(ITestOutputHelper log) => new("runc", Prerequisites.RequireTool("runc"), log);

    public static OciRuntime Named(string name, ITestOutputHelper log) => name == "runc" ? Runc(log) : Minirunc(log);

    public string Name { get; }
    public string Binary { get; }
    public string Root { get; }

    /// <summary>Runs `&lt;runtime&gt; --root ROOT args…` to completion (for `run`, until the container exits).</summary>
    public async Task<CommandResult> RunAsync(params string[] args)
    {
        var result = await RunCommand.RunAsync(Binary, ["--root", Root, .. args], timeout: TimeSpan.FromSeconds(60));
        _log.WriteLine($"$ {Name} {string.Join(' ', args)}\n{result}");
        return result;
    }

    /// <summary>Like <see cref="RunAsync"/> but fails the test unless the command exits 0.</summary>
    public async Task<CommandResult> MustAsync(params string[] args)
    {
        var result = await RunAsync(args);
        if (result.ExitCode != 0) throw new Xunit.Sdk.XunitException($"{Name} {string.Join(' ', args)} failed: {result}");
        return result;
    }

    /// <summary>
    /// `create`: the container's stdio (inherited from create) goes to <paramref name="outputFile"/>, because create
    /// returns while the container lives on and would otherwise keep the test's output pipe open.
    /// </summary>
    public Task<CommandResult> CreateAsync(string id, BusyboxBundle bundle, string outputFile, params string[] extra) =>
        RunDetachedAsync(outputFile, ["create", "--bundle", bundle.Directory, .. extra, id]);

    /// <summary>
    /// Runs a command that leaves a process behind (create, run --detach, exec --detach) with stdin from /dev/null and
    /// stdout and stderr appended to <paramref name="outputFile"/>; the result's StdErr holds that file's contents.
    /// </summary>
    public async Task<CommandResult> RunDetachedAsync(string outputFile, params string[] args)
    {
        var env = new Dictionary<string, string> { ["OUT"] = outputFile };
        string[] shellArgs = ["-c", "exec \"$0\" \"$@\" >>\"$OUT\" 2>&1 </dev/null", Binary, "--root", Root, .. args];
        var result = await RunCommand.RunAsync("/bin/sh", shellArgs, env, timeout: TimeSpan.FromSeconds(60));
        var output = File.Exists(outputFile) ? await File.ReadAllTextAsync(outputFile) : "";
        _log.WriteLine($"$ {Name} {string.Join(' ', args)}   (output in {outputFile})\nexit {result.ExitCode}\n{output}");
        return result with { StdErr = output };
    }

    public async Task<JsonElement> StateAsync(string id)
    {
        var result = await MustAsync("state", id);
        return JsonDocument.Parse(result.StdOut).RootElement.Clone();
    }

    public async Task<string> StatusAsync(string id) => (await StateAsync(id)).GetProperty("status").GetString()!;

    public async ValueTask DisposeAsync()
    {
        if (Directory.Exists(Root))
        {
            foreach (var dir in Directory.GetDirectories(Root))
            {
                var id = Path.GetFileName(dir);
                var result = await RunAsync("delete", "--force", id);
                if (result.ExitCode != 0) LeftBehind.ForceCleanup(id, _log);
            }
        }
        _dir.Dispose();
    }
}
