using System.Text.Json.Nodes;
using MiniKube.Testing;
using Xunit;
using Xunit.Abstractions;

namespace MiniKube.ApiServer.Tests.Endpoints;

/// <summary>Students read the cluster's state straight out of etcd: keys /registry/&lt;resource&gt;/&lt;namespace&gt;/&lt;name&gt;, values JSON.</summary>
public sealed class EtcdctlTests(EtcdApiServerFixture fixture, ITestOutputHelper output) : IClassFixture<EtcdApiServerFixture>
{
    [RequiresFact(Tools = ["etcd", "etcdctl"])]
    public async Task EtcdctlGet_ShowsThePodAsJson()
    {
        using var api = new ApiClient(fixture.Server.CreateHttpClient());
        var name = "etcdctl-" + Guid.NewGuid().ToString("N")[..8];
        await api.PostJsonAsync("/api/v1/namespaces/default/pods",
            $$$"""{"apiVersion":"v1","kind":"Pod","metadata":{"name":"{{{name}}}"},"spec":{"containers":[{"name":"main","image":"busybox:1.36"}]}}""");

        var result = await RunCommand.RunAsync(Prerequisites.RequireTool("etcdctl"),
            ["--endpoints", fixture.Etcd.ClientUrl, "get", $"/registry/pods/default/{name}", "--print-value-only"],
            environment: new Dictionary<string, string> { ["ETCDCTL_API"] = "3" });
        output.WriteLine(result.ToString());

        Assert.Equal(0, result.ExitCode);
        var pod = JsonNode.Parse(result.StdOut)!;
        Assert.Equal("Pod", pod["kind"]!.GetValue<string>());
        Assert.Equal(name, pod["metadata"]!["name"]!.GetValue<string>());
        Assert.Equal("busybox:1.36", pod["spec"]!["containers"]![0]!["image"]!.GetValue<string>());
    }
}
