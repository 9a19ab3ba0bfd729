using System.Text.Json.Nodes;
using MiniKube.Testing;
using Xunit;
using Xunit.Abstractions;

namespace MiniKube.Cli.Tests.Commands;

/// <summary><c>minictl describe</c>: the main fields in kubectl's layout, and the Events found by field selector.</summary>
public sealed class DescribeCommandTests(SqliteApiServerFixture fixture, ITestOutputHelper output) : CliTestBase(fixture, output)
{
    [Fact]
    public async Task Describe_Deployment_ShowsItsFieldsAndItsEvents()
    {
        await InNs("apply", "-f", Asset("WebApp/app.yaml"));
        var uid = await UidAsync("deployment", "web");
        await InNs("create", "-f", WriteTempFile(
            GetCommandTests.Event(Ns, "web.1", "Deployment", "web", "ScalingReplicaSet", DateTime.UtcNow, uid: uid) + "---\n" +
            // Same name and kind but another uid: an earlier object called "web". Its events must not show.
            GetCommandTests.Event(Ns, "web.0", "Deployment", "web", "FromAnOlderWeb", DateTime.UtcNow, uid: "another-uid")));

        var page = await InNs("describe", "deployment", "web");

        Assert.StartsWith($"Name:                   web\nNamespace:              {Ns}\nCreationTimestamp:      ", page, StringComparison.Ordinal);
        Assert.Contains("Selector:               app=web\n", page, StringComparison.Ordinal);
        Assert.Contains("Replicas:               2 desired | 0 updated | 0 total | 0 available | 0 unavailable\n", page, StringComparison.Ordinal);
        // The server defaults a RollingUpdate strategy, so the page shows it as kubectl's does.
        Assert.Contains("StrategyType:           RollingUpdate\n", page, StringComparison.Ordinal);
        Assert.Contains("RollingUpdateStrategy:  25% max unavailable, 25% max surge\n", page, StringComparison.Ordinal);
        Assert.Contains("Pod Template:\n  Labels:  app=web\n  Containers:\n   main:\n    Image:      busybox:1.37\n", page, StringComparison.Ordinal);
        Assert.Contains("    Command:\n      sleep\n      3600\n", page, StringComparison.Ordinal);
        var events = page[page.IndexOf("Events:", StringComparison.Ordinal)..];
        Assert.Matches(@"^Events:\n  Type    Reason             Age   From  Message\n  ----    ------             ----  ----  -------\n" +
            @"  Normal  ScalingReplicaSet  \d+s +test  ScalingReplicaSet happened\n$", events);
    }

    [Fact]
    public async Task Describe_Pod_ShowsContainersAndRepeatedEvents()
    {
        await InNs("apply", "-f", Asset("WebApp/app.yaml"));
        var uid = await UidAsync("pod", "solo");
        await InNs("create", "-f", WriteTempFile(GetCommandTests.Event(Ns, "solo.1", "Pod", "solo", "FailedScheduling", DateTime.UtcNow.AddMinutes(-2),
            count: 4, uid: uid)));

        var page = await InNs("describe", "pod", "solo");

        Assert.StartsWith($"Name:             solo\nNamespace:        {Ns}\n", page, StringComparison.Ordinal);
        Assert.Contains("Node:             <none>\n", page, StringComparison.Ordinal);
        Assert.Contains("Status:           Pending\n", page, StringComparison.Ordinal);
        Assert.Contains("Containers:\n  c:\n    Image:        nginx:1.27\n    Port:         80/TCP\n    Host Port:    0/TCP\n", page, StringComparison.Ordinal);
        Assert.Matches(@"  Normal  FailedScheduling  2m\d*s? \(x4 over 5m\d*s?\)  test  FailedScheduling happened\n$", page);
    }

    [Fact]
    public async Task Describe_ObjectWithoutEvents_SaysNone()
    {
        await InNs("apply", "-f", Asset("WebApp/app.yaml"));

        var page = await InNs("describe", "configmap", "cfg");

        Assert.Contains("\nData\n====\nanswer:\n----\n42\n\ngreeting:\n----\nhello\n\n", page, StringComparison.Ordinal);
        Assert.EndsWith("\nEvents:  <none>\n", page, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Describe_NamePrefix_DescribesEveryMatchingObject()
    {
        await InNs("apply", "-f", Asset("WebApp/app.yaml"));
        await Minictl.SucceedWithInputAsync("apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: cfg-two\n", "-n", Ns, "apply", "-f", "-");

        var pages = await InNs("describe", "cm", "cf");

        Assert.Equal(2, pages.Split("\n\n\nName:").Length);
    }

    [Fact]
    public async Task Describe_MissingObject_PrintsNotFoundAndExits1()
    {
        var result = await RunInNs("describe", "deployment", "nope");

        Assert.Equal(1, result.ExitCode);
        Assert.Equal("Error from server (NotFound): deployments.apps \"nope\" not found\n", result.StdErr);
    }

    private async Task<string> UidAsync(string type, string name) =>
        (string)JsonNode.Parse(await InNs("get", type, name, "-o", "json"))!["metadata"]!["uid"]!;
}
