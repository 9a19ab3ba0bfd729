using System.Text.Json.Nodes;
using MiniKube.Testing;
using Xunit;
using Xunit.Abstractions;

namespace MiniKube.Cli.Tests.Commands;

/// <summary><c>minictl get</c> against a real API server: the server's tables, the other output formats, errors.</summary>
public sealed class GetCommandTests(SqliteApiServerFixture fixture, ITestOutputHelper output) : CliTestBase(fixture, output)
{
    [Fact]
    public async Task Get_Pods_PrintsTheServersTableColumns()
    {
        await InNs("apply", "-f", Asset("WebApp/app.yaml"));

        var table = Rows(await InNs("get", "pods"));
        var wide = Rows(await InNs("get", "pods", "-o", "wide"));

        Assert.Equal(["NAME", "READY", "STATUS", "RESTARTS", "AGE"], table[0]);
        Assert.Equal(["solo", "0/1", "Pending", "0"], table[1][..4]);
        Assert.Equal(["NAME", "READY", "STATUS", "RESTARTS", "AGE", "IP", "NODE", "NOMINATED", "NODE", "READINESS", "GATES"], wide[0]);
    }

    [Fact]
    public async Task Get_Deployments_PrintsTheServersTableColumns()
    {
        await InNs("apply", "-f", Asset("WebApp/app.yaml"));

        var table = Rows(await InNs("get", "deployments"));
        var wide = Rows(await InNs("get", "deployments", "-o", "wide"));

        Assert.Equal(["NAME", "READY", "UP-TO-DATE", "AVAILABLE", "AGE"], table[0]);
        Assert.Equal(["web", "0/2", "0", "0"], table[1][..4]);
        Assert.Equal(["NAME", "READY", "UP-TO-DATE", "AVAILABLE", "AGE", "CONTAINERS", "IMAGES", "SELECTOR"], wide[0]);
        Assert.Equal(["main", "busybox:1.37", "app=web"], wide[1][^3..]);
    }

    [Fact]
    public async Task Get_Table_AlignsColumnsWithThreeSpaces()
    {
        await InNs("apply", "-f", Asset("WebApp/app.yaml"));

        var lines = (await InNs("get", "configmaps", "cfg")).Split('\n', StringSplitOptions.RemoveEmptyEntries);

        // "NAME" is padded to the widest cell (4) + 3, "DATA" to max(6, 4 + 3); the last column is not padded.
        Assert.Equal("NAME   DATA   AGE", lines[0]);
        Assert.StartsWith("cfg    2      ", lines[1], StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("po")]
    [InlineData("pod")]
    [InlineData("pods")]
    [InlineData("Pod")]
    [InlineData("pods.v1.")]
    [InlineData("deploy")]
    [InlineData("deployments.apps")]
    [InlineData("deployment.v1.apps")]
    [InlineData("cm")]
    public async Task Get_ShortAndQualifiedNames_ResolveThroughDiscovery(string type)
    {
        await InNs("apply", "-f", Asset("WebApp/app.yaml"));
        var expected = type.StartsWith("po", StringComparison.OrdinalIgnoreCase) ? "solo" : type == "cm" ? "cfg" : "web";

        var rows = Rows(await InNs("get", type));

        Assert.Equal(expected, rows[1][0]);
    }

    [Fact]
    public async Task Get_OutputYaml_PrintsTheObjectWithoutManagedFields()
    {
        await InNs("apply", "-f", Asset("WebApp/app.yaml"));

        var yaml = await InNs("get", "configmap", "cfg", "-o", "yaml");

        Assert.StartsWith("apiVersion: v1\ndata:\n  answer: \"42\"\n  greeting: hello\nkind: ConfigMap\nmetadata:\n", yaml, StringComparison.Ordinal);
        Assert.Contains($"  namespace: {Ns}\n", yaml, StringComparison.Ordinal);
        Assert.DoesNotContain("managedFields", yaml, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Get_OutputJson_WrapsAListInAV1ListWithKindsOnItems()
    {
        await InNs("apply", "-f", Asset("WebApp/app.yaml"));

        var list = JsonNode.Parse(await InNs("get", "pods,deploy", "-o", "json"))!;

        Assert.Equal("List", (string?)list["kind"]);
        var items = list["items"]!.AsArray();
        Assert.Equal([("v1", "Pod", "solo"), ("apps/v1", "Deployment", "web")],
            items.Select(i => ((string?)i!["apiVersion"], (string?)i["kind"], (string?)i["metadata"]!["name"])));
    }

    [Fact]
    public async Task Get_OutputName_PrintsTypeSlashName()
    {
        await InNs("apply", "-f", Asset("WebApp/app.yaml"));

        Assert.Equal("pod/solo\ndeployment.apps/web\n", await InNs("get", "pods,deployments", "-o", "name"));
    }

    [Fact]
    public async Task Get_SeveralTypes_PrefixesNamesAndSeparatesTables()
    {
        await InNs("apply", "-f", Asset("WebApp/app.yaml"));

        var text = await InNs("get", "all");

        var tables = text.Split("\n\n");
        Assert.Equal(2, tables.Length);
        Assert.StartsWith("pod/solo ", tables[0].Split('\n')[1], StringComparison.Ordinal);
        Assert.StartsWith("deployment.apps/web ", tables[1].Split('\n')[1], StringComparison.Ordinal);
    }

    [Fact]
    public async Task Get_AllNamespaces_AddsANamespaceColumn()
    {
        await InNs("apply", "-f", Asset("WebApp/app.yaml"));

        var rows = Rows(await Minictl.SucceedAsync("get", "configmaps", "-A"));

        Assert.Equal(["NAMESPACE", "NAME", "DATA", "AGE"], rows[0]);
        Assert.Contains(rows, r => r[0] == Ns && r[1] == "cfg");
    }

    [Fact]
    public async Task Get_LabelSelector_FiltersOnTheServer()
    {
        await InNs("apply", "-f", Asset("WebApp/app.yaml"));

        Assert.Equal("solo", Rows(await InNs("get", "pods", "-l", "app=solo"))[1][0]);
        var none = await RunInNs("get", "pods", "-l", "app=other");
        Assert.Equal("", none.StdOut);
        Assert.Equal($"No resources found in {Ns} namespace.\n", none.StdErr);
    }

    [Fact]
    public async Task Get_FieldSelector_FiltersOnTheServer()
    {
        await InNs("apply", "-f", Asset("WebApp/app.yaml"));

        Assert.Equal("solo", Rows(await InNs("get", "pods", "--field-selector", "metadata.name=solo"))[1][0]);
    }

    [Fact]
    public async Task Get_EmptyNamespace_SaysNoResourcesFoundAndSucceeds()
    {
        var result = await RunInNs("get", "pods");

        Assert.Equal(0, result.ExitCode);
        Assert.Equal($"No resources found in {Ns} namespace.\n", result.StdErr);
    }

    [Fact]
    public async Task Get_MissingObject_PrintsTheServersStatusAndExits1()
    {
        var result = await RunInNs("get", "pod", "does-not-exist");

        Assert.Equal(1, result.ExitCode);
        Assert.Equal("Error from server (NotFound): pods \"does-not-exist\" not found\n", result.StdErr);
    }

    [Fact]
    public async Task Get_UnknownType_SaysTheServerHasNoSuchType()
    {
        var result = await RunInNs("get", "widgets");

        Assert.Equal(1, result.ExitCode);
        Assert.Equal("error: the server doesn't have a resource type \"widgets\"\n", result.StdErr);
    }

    [Fact]
    public async Task Get_Events_AreSortedByWhenTheyWereLastSeen()
    {
        var now = DateTime.UtcNow;
        await InNs("create", "-f", WriteTempFile(Event(Ns, "recent", "Pod", "solo", "Started", now.AddMinutes(-1)) + "---\n" +
            Event(Ns, "old", "Pod", "solo", "Scheduled", now.AddMinutes(-30))));

        var rows = Rows(await InNs("get", "events"));

        Assert.Equal(["LAST", "SEEN", "TYPE", "REASON", "OBJECT", "MESSAGE"], rows[0]);
        Assert.Equal(["Scheduled", "Started"], rows.Skip(1).Select(r => r[2]));
    }

    [Fact]
    public async Task Get_Watch_PrintsARowForEachChange()
    {
        await InNs("apply", "-f", Asset("WebApp/app.yaml"));
        await using var watch = Minictl.Start("-n", Ns, "get", "pods", "--watch");
        await Eventually.UntilAsync(() => Task.FromResult(watch.Output.Contains("solo", StringComparison.Ordinal)), TimeSpan.FromSeconds(30),
            "the initial table");

        await Minictl.SucceedWithInputAsync("apiVersion: v1\nkind: Pod\nmetadata:\n  name: late\nspec:\n  containers:\n  - name: c\n    image: nginx\n",
            "-n", Ns, "apply", "-f", "-");

        await Eventually.UntilAsync(() => Task.FromResult(watch.Output.Contains("late", StringComparison.Ordinal)), TimeSpan.FromSeconds(30),
            "a row for the new pod");
        Output.WriteLine(watch.Output);
        var lines = watch.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Single(lines, l => l.StartsWith("NAME", StringComparison.Ordinal)); // one header, rows line up under it
    }

    /// <summary>Table lines split into cells.</summary>
    private static string[][] Rows(string table) =>
        [.. table.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => l.Split(' ', StringSplitOptions.RemoveEmptyEntries))];

    /// <summary>A core/v1 Event about an object, as a controller would record it.</summary>
    internal static string Event(string ns, string name, string kind, string objectName, string reason, DateTime lastSeen, int count = 1,
        string uid = "") => $"""
        apiVersion: v1
        kind: Event
        metadata:
          name: {name}
        involvedObject:
          kind: {kind}
          name: {objectName}
          namespace: {ns}
          uid: "{uid}"
        reason: {reason}
        message: {reason} happened
        type: Normal
        source:
          component: test
        count: {count}
        firstTimestamp: "{lastSeen.AddMinutes(-count + 1):yyyy-MM-ddTHH:mm:ssZ}"
        lastTimestamp: "{lastSeen:yyyy-MM-ddTHH:mm:ssZ}"

        """;
}
