using System.Text.Json.Nodes;
using MiniKube.Testing;
using Xunit;
using Xunit.Abstractions;

namespace MiniKube.Cli.Tests.Commands;

/// <summary><c>minictl apply</c> and <c>minictl create</c> against a real API server.</summary>
public sealed class ApplyCommandTests(SqliteApiServerFixture fixture, ITestOutputHelper output) : CliTestBase(fixture, output)
{
    [Fact]
    public async Task Apply_MultiDocumentFile_CreatesThenUnchangedThenConfigured()
    {
        var file = Asset("WebApp/app.yaml");

        Assert.Equal(Lines("deployment.apps/web created", "configmap/cfg created", "pod/solo created"), await InNs("apply", "-f", file));
        Assert.Equal(Lines("deployment.apps/web unchanged", "configmap/cfg unchanged", "pod/solo unchanged"), await InNs("apply", "-f", file));

        var changed = WriteTempFile(File.ReadAllText(file).Replace("replicas: 2", "replicas: 3", StringComparison.Ordinal));
        Assert.Equal(Lines("deployment.apps/web configured", "configmap/cfg unchanged", "pod/solo unchanged"), await InNs("apply", "-f", changed));
        var deployment = JsonNode.Parse(await InNs("get", "deployment", "web", "-o", "json"))!;
        Assert.Equal(3, (int?)deployment["spec"]?["replicas"]);
    }

    [Fact]
    public async Task Apply_ServerSideApply_RecordsMinictlAsFieldManager()
    {
        await InNs("apply", "-f", Asset("WebApp/app.yaml"));

        // -o json hides managedFields as kubectl does, so read the object with the API directly.
        using var http = Server.CreateHttpClient();
        var configMap = JsonNode.Parse(await http.GetStringAsync($"/api/v1/namespaces/{Ns}/configmaps/cfg"))!;
        var managers = configMap["metadata"]!["managedFields"]!.AsArray().Select(m => ((string?)m!["manager"], (string?)m["operation"]));
        Assert.Contains(("minictl", "Apply"), managers);
    }

    [Fact]
    public async Task Apply_Stdin_ReadsTheObjectsFromStandardInput()
    {
        var stdout = await Minictl.SucceedWithInputAsync("apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: piped\ndata:\n  a: \"1\"\n",
            "-n", Ns, "apply", "-f", "-");

        Assert.Equal(Lines("configmap/piped created"), stdout);
    }

    [Fact]
    public async Task Apply_Directory_ReadsSubdirectoriesOnlyWithRecursive()
    {
        var directory = Asset("WebApp");

        Assert.Equal(Lines("deployment.apps/web created", "configmap/cfg created", "pod/solo created"), await InNs("apply", "-f", directory));
        // Files are read in path order, so the sub-directory's file comes after app.yaml.
        Assert.Equal(Lines("deployment.apps/web unchanged", "configmap/cfg unchanged", "pod/solo unchanged", "configmap/extra created"),
            await InNs("apply", "-R", "-f", directory));
    }

    [Fact]
    public async Task Apply_FieldOwnedByAnotherManager_FailsWithConflictUnlessForced()
    {
        var file = Asset("WebApp/app.yaml");
        var yaml = File.ReadAllText(file);
        await InNs("apply", "--field-manager", "other", "-f", WriteTempFile(yaml.Replace("replicas: 2", "replicas: 5", StringComparison.Ordinal)));
        var mine = WriteTempFile(yaml.Replace("replicas: 2", "replicas: 4", StringComparison.Ordinal));

        var conflict = await RunInNs("apply", "-f", mine);

        Assert.Equal(1, conflict.ExitCode);
        Assert.StartsWith("error: Apply failed with 1 conflict: conflict with \"other\": .spec.replicas\n", conflict.StdErr, StringComparison.Ordinal);
        Assert.Contains("--force-conflicts", conflict.StdErr, StringComparison.Ordinal);
        Assert.Contains("deployment.apps/web configured", await InNs("apply", "--force-conflicts", "-f", mine), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Create_ExistingObject_FailsWithTheServersAlreadyExistsMessage()
    {
        var file = Asset("WebApp/app.yaml");
        Assert.Equal(Lines("deployment.apps/web created", "configmap/cfg created", "pod/solo created"), await InNs("create", "-f", file));

        var again = await RunInNs("create", "-f", file);

        Assert.Equal(1, again.ExitCode);
        Assert.Equal("", again.StdOut);
        Assert.Contains($"Error from server (AlreadyExists): error when creating \"{file}\": deployments.apps \"web\" already exists\n",
            again.StdErr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Apply_InvalidObject_ListsTheInvalidFieldsLikeKubectl()
    {
        var result = await Minictl.RunWithInputAsync("apiVersion: v1\nkind: Pod\nmetadata:\n  name: bad\nspec:\n  containers:\n  - name: c\n",
            "-n", Ns, "apply", "-f", "-");

        Assert.Equal(1, result.ExitCode);
        Assert.Equal("The Pod \"bad\" is invalid: spec.containers[0].image: Required value\n", result.StdErr);
    }

    [Fact]
    public async Task Apply_UnknownKind_SaysNoMatchesForKind()
    {
        var result = await Minictl.RunWithInputAsync("apiVersion: example.com/v1\nkind: Widget\nmetadata:\n  name: w\n", "-n", Ns, "apply", "-f", "-");

        Assert.Equal(1, result.ExitCode);
        Assert.StartsWith("error: resource mapping not found for name: \"w\" namespace: \"\" from \"STDIN\": no matches for kind \"Widget\" in version \"example.com/v1\"",
            result.StdErr, StringComparison.Ordinal);
    }

    private static string Lines(params string[] lines) => string.Concat(lines.Select(l => l + "\n"));
}
