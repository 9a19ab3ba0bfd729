using MiniKube.Testing;
using Xunit;
using Xunit.Abstractions;

namespace MiniKube.Cli.Tests;

/// <summary>
/// Runs the real minictl program (minictl.dll, built next to the tests) against a test API server, as a user would
/// from a shell, and logs each command with its output so a failing test shows what happened.
/// </summary>
public sealed class Minictl(ApiServerProcess server, ITestOutputHelper output)
{
    public static string Dll => Path.Combine(AppContext.BaseDirectory, "minictl.dll");

    public Task<CommandResult> RunAsync(params string[] args) => RunWithInputAsync(null, args);

    public async Task<CommandResult> RunWithInputAsync(string? stdin, params string[] args)
    {
        output.WriteLine($"$ minictl {string.Join(' ', args)}");
        var result = await RunCommand.RunAsync("dotnet", [Dll, "--kubeconfig", server.KubeconfigPath, .. args],
            stdin: stdin, timeout: TimeSpan.FromSeconds(60));
        output.WriteLine(result.ToString());
        return result;
    }

    /// <summary>Runs minictl and fails the test unless it exits 0; returns standard output.</summary>
    public async Task<string> SucceedAsync(params string[] args)
    {
        var result = await RunAsync(args);
        Assert.True(result.ExitCode == 0, $"minictl {string.Join(' ', args)} failed: {result}");
        return result.StdOut;
    }

    public async Task<string> SucceedWithInputAsync(string stdin, params string[] args)
    {
        var result = await RunWithInputAsync(stdin, args);
        Assert.True(result.ExitCode == 0, $"minictl {string.Join(' ', args)} failed: {result}");
        return result.StdOut;
    }

    /// <summary>Starts a long-running minictl (e.g. <c>get -w</c>); dispose it to stop it.</summary>
    public ChildProcess Start(params string[] args)
    {
        output.WriteLine($"$ minictl {string.Join(' ', args)} &");
        return ChildProcess.Start("dotnet", [Dll, "--kubeconfig", server.KubeconfigPath, .. args]);
    }
}
