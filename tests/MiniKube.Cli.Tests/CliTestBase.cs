using System.Text;
using MiniKube.Testing;
using Xunit;
using Xunit.Abstractions;

namespace MiniKube.Cli.Tests;

/// <summary>Base of the end-to-end tests: a minictl bound to the shared server and a fresh namespace per test.</summary>
[Collection(CliTestCluster.Name)]
public abstract class CliTestBase : IAsyncLifetime
{
    protected CliTestBase(SqliteApiServerFixture fixture, ITestOutputHelper output)
    {
        Server = fixture.Server;
        Output = output;
        Minictl = new Minictl(fixture.Server, output);
    }

    protected ApiServerProcess Server { get; }

    protected ITestOutputHelper Output { get; }

    protected Minictl Minictl { get; }

    /// <summary>This test's own namespace, created before the test runs.</summary>
    protected virtual string Ns { get; } = "t-" + Guid.NewGuid().ToString("N")[..8];

    /// <summary>A test asset, e.g. <c>Asset("WebApp/app.yaml")</c>.</summary>
    protected static string Asset(string relativePath) => Path.Combine(AppContext.BaseDirectory, "testassets", relativePath);

    /// <summary>Creates this test's namespace straight through the API (faster than starting minictl once more).</summary>
    public virtual async Task InitializeAsync()
    {
        using var http = Server.CreateHttpClient();
        using var body = new StringContent($$$"""{"apiVersion":"v1","kind":"Namespace","metadata":{"name":"{{{Ns}}}"}}""", Encoding.UTF8, "application/json");
        using var response = await http.PostAsync(new Uri("/api/v1/namespaces", UriKind.Relative), body);
        Assert.True(response.IsSuccessStatusCode, $"creating namespace {Ns}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
    }

    public Task DisposeAsync() => Task.CompletedTask;

    /// <summary>Runs minictl in this test's namespace.</summary>
    protected Task<string> InNs(params string[] args) => Minictl.SucceedAsync(["-n", Ns, .. args]);

    protected Task<CommandResult> RunInNs(params string[] args) => Minictl.RunAsync(["-n", Ns, .. args]);

    /// <summary>Writes a temporary manifest file (deleted with the temp directory).</summary>
    protected static string WriteTempFile(string text, string extension = ".yaml")
    {
        var path = Path.Combine(Directory.CreateTempSubdirectory("minictl-test-").FullName, "manifest" + extension);
        File.WriteAllText(path, text);
        return path;
    }
}
