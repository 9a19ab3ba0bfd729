using System.Diagnostics;
using System.Text;

namespace MiniKube.Bench.Processes;

/// <summary>
/// A server the benchmark starts (etcd, minikube-apiserver). Its output is read continuously (a full pipe would block
/// the server and spoil the numbers) and the tail is kept for error messages. Disposing kills the process tree.
/// </summary>
internal sealed class ChildProcess : IAsyncDisposable
{
    // The API server logs one line per created object; keep only the last part for error messages.
    private const int KeptOutputChars = 16_000;

    private readonly Process _process;
    private readonly StringBuilder _output = new();

    private ChildProcess(Process process) => _process = process;

    public bool HasExited => _process.HasExited;

    public string Output { get { lock (_output) return _output.ToString(); } }

    public static ChildProcess Start(string fileName, IEnumerable<string> args)
    {
        var info = new ProcessStartInfo(fileName)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var arg in args) info.ArgumentList.Add(arg);
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

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            try { _process.Kill(entireProcessTree: true); } catch (InvalidOperationException) { }
            await _process.WaitForExitAsync();
        }
        _process.Dispose();
    }
}
