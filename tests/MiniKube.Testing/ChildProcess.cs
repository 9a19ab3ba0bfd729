using System.Diagnostics;
using System.Text;

namespace MiniKube.Testing;

/// <summary>
/// A long-running process a test (or the benchmark) starts: etcd, the API server, a registry. Output is read
/// continuously (a full pipe would block the process) and kept so a failing test can show it; disposing kills the
/// whole process tree, so nothing is left behind even when the test fails.
/// </summary>
public sealed class ChildProcess : IAsyncDisposable
{
    // Only the last part of the output is kept: a benchmark's API server logs a line per created object.
    private const int KeptOutputChars = 1_000_000;

    private readonly Process _process;
    private readonly StringBuilder _output = new();

    private ChildProcess(Process process) => _process = process;

    public int Id => _process.Id;
    public bool HasExited => _process.HasExited;
    public string Output { get { lock (_output) return _output.ToString(); } }

    public static ChildProcess Start(string fileName, IEnumerable<string> args, IDictionary<string, string>? environment = null,
        string? workingDirectory = null)
    {
        var info = new ProcessStartInfo(fileName)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = workingDirectory ?? Environment.CurrentDirectory,
        };
        foreach (var a in args) info.ArgumentList.Add(a);
        if (environment is not null) foreach (var (k, v) in environment) info.Environment[k] = v;
        var child = new ChildProcess(new Process { StartInfo = info, EnableRaisingEvents = true });
        child._process.OutputDataReceived += (_, e) => child.Append(e.Data);
        child._process.ErrorDataReceived += (_, e) => child.Append(e.Data);
        child._process.Start();
        child._process.BeginOutputReadLine();
        child._process.BeginErrorReadLine();
        return child;
    }

    private void Append(string? line)
    {
        if (line is null) return;
        lock (_output)
        {
            _output.AppendLine(line);
            if (_output.Length > 2 * KeptOutputChars) _output.Remove(0, _output.Length - KeptOutputChars);
        }
    }

    /// <summary>Kills the process tree with SIGKILL, as a crash would, and waits for it to go.</summary>
    public async Task KillAsync()
    {
        if (_process.HasExited) return;
        try { _process.Kill(entireProcessTree: true); } catch (InvalidOperationException) { }
        await _process.WaitForExitAsync();
    }

    public async ValueTask DisposeAsync()
    {
        await KillAsync();
        _process.Dispose();
    }
}
