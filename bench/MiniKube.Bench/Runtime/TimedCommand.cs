using System.Diagnostics;

namespace MiniKube.Bench.Runtime;

/// <summary>
/// Runs a command to completion and measures its wall time, from just before the process is started until it has
/// exited and closed its output. Stdin is closed at once (nothing waits on a terminal); stdout and stderr are captured
/// for error messages. A command that outlives its time limit is killed with its process tree.
/// </summary>
internal static class TimedCommand
{
    internal sealed record Outcome(int ExitCode, string Output, TimeSpan Elapsed, bool TimedOut)
    {
        public bool Succeeded => ExitCode == 0 && !TimedOut;

        /// <summary>The line to quote when the command failed: its first non-empty output line, or its exit status.</summary>
        public string ErrorLine => TimedOut ? "timed out"
            : Output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).FirstOrDefault() ?? $"exit status {ExitCode}";
    }

    public static async Task<Outcome> RunAsync(string fileName, IReadOnlyList<string> args, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var info = new ProcessStartInfo(fileName)
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var arg in args) info.ArgumentList.Add(arg);

        var clock = Stopwatch.StartNew();
        using var process = Process.Start(info) ?? throw new InvalidOperationException($"could not start {fileName}");
        process.StandardInput.Close();
        var stdout = process.StandardOutput.ReadToEndAsync(cancellationToken);
        var stderr = process.StandardError.ReadToEndAsync(cancellationToken);
        var timedOut = false;
        try
        {
            await process.WaitForExitAsync(cancellationToken).WaitAsync(timeout, cancellationToken);
            await Task.WhenAll(stdout, stderr).WaitAsync(timeout, cancellationToken);
        }
        catch (TimeoutException)
        {
            timedOut = true;
        }
        finally
        {
            // Also on Ctrl+C: nothing the benchmark started may outlive it.
            if (!process.HasExited)
            {
                try { process.Kill(entireProcessTree: true); } catch (InvalidOperationException) { }
                await process.WaitForExitAsync(CancellationToken.None);
            }
        }
        clock.Stop();
        var output = timedOut ? "" : (await stdout + await stderr).Trim();
        return new Outcome(process.ExitCode, output, clock.Elapsed, timedOut);
    }
}
