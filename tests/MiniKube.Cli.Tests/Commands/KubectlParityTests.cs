using System.Text.RegularExpressions;
using MiniKube.Testing;
using Xunit;
using Xunit.Abstractions;

namespace MiniKube.Cli.Tests.Commands;

/// <summary>
/// minictl's output must be kubectl's: the same commands through real kubectl 1.33 and minictl, against the same
/// server and objects, print the same text (ages aside, which tick between the two runs). The objects are applied
/// once, into one namespace shared by the cases of this class, since the commands only read them.
/// </summary>
public sealed partial class KubectlParityTests(SqliteApiServerFixture fixture, ITestOutputHelper output) : CliTestBase(fixture, output)
{
    private static readonly SemaphoreSlim SetupLock = new(1, 1);
    private static readonly Dictionary<ApiServerProcess, string> PreparedNamespaces = [];

    private string? _sharedNamespace;

    protected override string Ns => _sharedNamespace ?? base.Ns;

    public override async Task InitializeAsync()
    {
        await SetupLock.WaitAsync();
        try
        {
            if (!PreparedNamespaces.TryGetValue(Server, out var prepared))
            {
                await base.InitializeAsync();
                await InNs("apply", "-f", Asset("WebApp/app.yaml"));
                await InNs("create", "-f", WriteTempFile(GetCommandTests.Event(Ns, "solo.1", "Pod", "solo", "Pulling", DateTime.UtcNow.AddMinutes(-3), count: 2)));
                PreparedNamespaces[Server] = prepared = Ns;
            }
            _sharedNamespace = prepared;
        }
        finally
        {
            SetupLock.Release();
        }
    }

    // Not here: "describe configmap", whose keys kubectl prints in Go's random map order (minictl sorts them).
    [RequiresTheory(Tools = ["kubectl"])]
    [InlineData("get", "pods")]
    [InlineData("get", "deployments", "-o", "wide")]
    [InlineData("get", "all")]
    [InlineData("get", "pods,deploy,cm", "-o", "name")]
    [InlineData("get", "configmap", "cfg", "-o", "yaml")]
    [InlineData("get", "deployment", "web", "-o", "json")]
    [InlineData("get", "pods,configmaps", "-o", "yaml")]
    [InlineData("get", "events")]
    [InlineData("describe", "deployment", "web")]
    [InlineData("describe", "pod", "solo")]
    [InlineData("get", "pod", "missing")]
    [InlineData("get", "pod/solo", "deploy/missing")]
    [InlineData("get", "widgets")]
    public async Task SameCommand_PrintsWhatKubectlPrints(params string[] command)
    {
        using var kubectl = new Kubectl("1.33", Server.KubeconfigPath);

        var fromKubectl = await kubectl.RunAsync(["-n", Ns, .. command]);
        var fromMinictl = await RunInNs(command);
        Output.WriteLine($"kubectl:\n{fromKubectl}");

        Assert.Equal(fromKubectl.ExitCode, fromMinictl.ExitCode);
        Assert.Equal(WithoutAges(fromKubectl.StdOut), WithoutAges(fromMinictl.StdOut));
        Assert.Equal(WithoutAges(fromKubectl.StdErr), WithoutAges(fromMinictl.StdErr));
    }

    // "12s", "3m20s", "5m" become "AGE"; the padding after them may differ by a character, so runs of spaces shrink too.
    private static string WithoutAges(string text) => Spaces().Replace(Age().Replace(text, "AGE"), " ");

    [GeneratedRegex(@"\b\d+[smhd](\d+[smh])?\b")]
    private static partial Regex Age();

    [GeneratedRegex(" +")]
    private static partial Regex Spaces();
}
