using MiniKube.Testing;
using Xunit;

namespace MiniKube.ApiServer.Tests.OpenApi;

/// <summary>
/// Real kubectl against our OpenAPI documents. kubectl 1.33 reads only /openapi/v3; kubectl 1.28 also decodes
/// /openapi/v2 as protobuf and fails outright if one schema breaks its parser.
/// </summary>
public sealed class KubectlOpenApiTests : IDisposable
{
    private const string Deployment = """
        apiVersion: apps/v1
        kind: Deployment
        metadata:
          name: web
        spec:
          replicas: 1
          selector:
            matchLabels: {app: web}
          template:
            metadata:
              labels: {app: web}
            spec:
              containers:
              - name: main
                image: busybox:1.36
                ports:
                - containerPort: 80
        """;

    private readonly OpenApiTestServer _server = new(TestResources.Builtin, TestResources.Documents);

    public void Dispose() => _server.Dispose();

    [RequiresTheory(Tools = ["kubectl"])]
    [InlineData("1.33")]
    [InlineData("1.28")]
    public async Task Explain_PodSpecContainers_PrintsTheFieldsWithTheirDescriptions(string version)
    {
        using var kubectl = new Kubectl(version, _server.Kubeconfig);

        var text = await kubectl.SucceedAsync("explain", "pod.spec.containers");

        Assert.Contains("FIELD: containers <[]Container>", text, StringComparison.Ordinal);
        Assert.Contains("name\t<string> -required-", text, StringComparison.Ordinal);
        Assert.Contains("Container image name.", text, StringComparison.Ordinal);
    }

    [RequiresTheory(Tools = ["kubectl"])]
    [InlineData("1.33")]
    [InlineData("1.28")]
    public async Task Explain_DeploymentStrategy_ShowsTheAppsGroup(string version)
    {
        using var kubectl = new Kubectl(version, _server.Kubeconfig);

        var text = await kubectl.SucceedAsync("explain", "deployments.spec.strategy.rollingUpdate.maxSurge");

        Assert.Contains("GROUP:      apps", text, StringComparison.Ordinal);
        Assert.Contains("FIELD: maxSurge <IntOrString>", text, StringComparison.Ordinal);
    }

    /// <summary>
    /// Client-side apply: kubectl validates through the server (fieldValidation=Strict, because our PATCH operation
    /// lists that parameter) and computes a strategic merge patch that matches containers by name.
    /// </summary>
    [RequiresTheory(Tools = ["kubectl"])]
    [InlineData("1.33")]
    [InlineData("1.28")]
    public async Task Apply_ClientSide_SendsAStrategicMergePatchKeyedByContainerName(string version)
    {
        using var kubectl = new Kubectl(version, _server.Kubeconfig);

        Assert.Contains("created", await kubectl.SucceedWithInputAsync(Deployment, "apply", "-f", "-"), StringComparison.Ordinal);
        var changed = await kubectl.RunWithInputAsync(Deployment.Replace("busybox:1.36", "busybox:1.37", StringComparison.Ordinal), "apply", "-f", "-");

        Assert.True(changed.ExitCode == 0, changed.ToString());
        Assert.DoesNotContain("warning", changed.StdErr, StringComparison.OrdinalIgnoreCase);
        var patch = Assert.Single(_server.Requests, r => r.Method == "PATCH");
        Assert.Equal("application/strategic-merge-patch+json", patch.ContentType);
        Assert.Contains("fieldValidation=Strict", patch.PathAndQuery, StringComparison.Ordinal);
        Assert.Contains("\"$setElementOrder/containers\":[{\"name\":\"main\"}]", patch.Body, StringComparison.Ordinal);
    }

    [RequiresTheory(Tools = ["kubectl"])]
    [InlineData("1.33")]
    [InlineData("1.28")]
    public async Task Apply_ServerSide_SendsAnApplyPatch(string version)
    {
        using var kubectl = new Kubectl(version, _server.Kubeconfig);

        var result = await kubectl.RunWithInputAsync(Deployment, "apply", "--server-side", "-f", "-");

        Assert.True(result.ExitCode == 0, result.ToString());
        var patch = Assert.Single(_server.Requests, r => r.Method == "PATCH");
        Assert.Equal("application/apply-patch+yaml", patch.ContentType);
        Assert.Contains("fieldManager=kubectl", patch.PathAndQuery, StringComparison.Ordinal);
        Assert.Contains("fieldValidation=Strict", patch.PathAndQuery, StringComparison.Ordinal);
    }
}
