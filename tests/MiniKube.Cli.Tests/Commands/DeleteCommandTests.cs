using MiniKube.Testing;
using Xunit;
using Xunit.Abstractions;

namespace MiniKube.Cli.Tests.Commands;

/// <summary><c>minictl delete</c> by file, by type and name, and by label.</summary>
public sealed class DeleteCommandTests(SqliteApiServerFixture fixture, ITestOutputHelper output) : CliTestBase(fixture, output)
{
    [Fact]
    public async Task Delete_File_DeletesEveryObjectInIt()
    {
        var file = Asset("WebApp/app.yaml");
        await InNs("apply", "-f", file);

        var stdout = await InNs("delete", "-f", file);

        Assert.Equal("deployment.apps \"web\" deleted\nconfigmap \"cfg\" deleted\npod \"solo\" deleted\n", stdout);
        var after = await RunInNs("get", "pods,deployments,configmaps", "-o", "name");
        Assert.DoesNotContain("cfg", after.StdOut, StringComparison.Ordinal);
        Assert.DoesNotContain("web", after.StdOut, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Delete_TypeAndName_DeletesThatObject()
    {
        await InNs("apply", "-f", Asset("WebApp/app.yaml"));

        Assert.Equal("deployment.apps \"web\" deleted\n", await InNs("delete", "deploy", "web"));
        Assert.Equal("pod \"solo\" deleted\n", await InNs("delete", "pod/solo"));
        Assert.Equal(1, (await RunInNs("get", "deployment", "web")).ExitCode);
    }

    [Fact]
    public async Task Delete_LabelSelector_DeletesTheMatchingObjects()
    {
        await InNs("apply", "-f", Asset("WebApp/app.yaml"));

        Assert.Equal("pod \"solo\" deleted\n", await InNs("delete", "pods", "-l", "app=solo"));
    }

    [Fact]
    public async Task Delete_MissingObject_PrintsNotFoundAndExits1()
    {
        var result = await RunInNs("delete", "deployment", "nope");

        Assert.Equal(1, result.ExitCode);
        Assert.Equal("Error from server (NotFound): deployments.apps \"nope\" not found\n", result.StdErr);
        Assert.Equal(0, (await RunInNs("delete", "deployment", "nope", "--ignore-not-found")).ExitCode);
    }

    [Fact]
    public async Task Delete_FileWithMissingObject_NamesTheFileInTheError()
    {
        var file = Asset("WebApp/app.yaml");

        var result = await RunInNs("delete", "-f", file);

        Assert.Equal(1, result.ExitCode);
        Assert.StartsWith($"Error from server (NotFound): error when deleting \"{file}\": deployments.apps \"web\" not found\n", result.StdErr,
            StringComparison.Ordinal);
    }
}
