namespace MiniKube.Testing;

/// <summary>
/// A control-plane component (minikube-controller-manager, minikube-scheduler) running as a real process against a
/// test's API server: <c>dotnet &lt;program&gt;.dll --kubeconfig … args</c>, the dll being the one next to the tests
/// (the test project references the component's project). Tests read its log, kill it with SIGKILL as a crash
/// would, and start another; disposing kills it.
/// </summary>
public sealed class ComponentProcess : IAsyncDisposable
{
    private readonly ChildProcess _process;

    private ComponentProcess(string program, ChildProcess process)
    {
        Program = program;
        _process = process;
    }

    public string Program { get; }
    public int Id => _process.Id;
    public bool HasExited => _process.HasExited;
    public string Output => _process.Output;

    /// <param name="program">The assembly name, e.g. "minikube-controller-manager".</param>
    public static ComponentProcess Start(string program, string kubeconfig, params string[] args)
    {
        var dll = Path.Combine(AppContext.BaseDirectory, program + ".dll");
        if (!File.Exists(dll)) throw new InvalidOperationException($"{dll} is missing: the test project must reference {program}'s project");
        return new ComponentProcess(program, ChildProcess.Start("dotnet", [dll, "--kubeconfig", kubeconfig, .. args]));
    }

    /// <summary>Runs a published executable (e.g. bin/minikube-scheduler) instead of the dll next to the tests (the benchmark does).</summary>
    public static ComponentProcess StartProgram(string executable, string kubeconfig, params string[] args) =>
        new(Path.GetFileName(executable), ChildProcess.Start(executable, ["--kubeconfig", kubeconfig, .. args]));

    /// <summary>Waits until the component's log contains <paramref name="text"/>; fails early if it exited.</summary>
    public Task WaitForOutputAsync(string text, TimeSpan timeout) =>
        Eventually.UntilAsync(() =>
        {
            if (Output.Contains(text, StringComparison.Ordinal)) return Task.FromResult(true);
            if (HasExited) throw new InvalidOperationException($"{Program} exited:\n{Output}");
            return Task.FromResult(false);
        }, timeout, $"{Program} to log \"{text}\"");

    /// <summary>SIGKILL, as a crash would: no lease release, no clean shutdown.</summary>
    public Task KillAsync() => _process.KillAsync();

    public ValueTask DisposeAsync() => _process.DisposeAsync();
}
