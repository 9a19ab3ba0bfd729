using k8s;
using k8s.Models;
using MiniKube.ApiMachinery.Client;
using MiniKube.Testing;
using Xunit;
using Xunit.Abstractions;

namespace MiniKube.ApiServer.Tests.Registry;

/// <summary>
/// apps/v1 controllerrevisions, which the StatefulSet and DaemonSet controllers store their template revisions in:
/// served, discoverable by kubectl, and printed with upstream's Controller and Revision columns.
/// </summary>
public sealed class ControllerRevisionsTests(SqliteApiServerFixture fixture, ITestOutputHelper output) : IClassFixture<SqliteApiServerFixture>
{
    [RequiresFact]
    public async Task ControllerRevision_CreatedThroughTheClient_KubectlListsItWithItsController()
    {
        var ns = await fixture.CreateNamespaceAsync("cr");
        var created = await fixture.Client.AppsV1.CreateNamespacedControllerRevisionAsync(new V1ControllerRevision
        {
            Metadata = new V1ObjectMeta
            {
                Name = "web-5d8f7c9b6",
                Labels = new Dictionary<string, string> { ["app"] = "web", ["controller-revision-hash"] = "5d8f7c9b6" },
                OwnerReferences = [new V1OwnerReference { ApiVersion = "apps/v1", Kind = "StatefulSet", Name = "web", Uid = Guid.NewGuid().ToString(), Controller = true, BlockOwnerDeletion = true }],
            },
            Data = new Dictionary<string, object> { ["spec"] = new Dictionary<string, object> { ["template"] = new Dictionary<string, object>() } },
            Revision = 3,
        }, ns);
        Assert.Equal(3L, created.Revision);

        using var kubectl = new Kubectl("1.33", fixture.Server.KubeconfigPath);
        var table = await kubectl.SucceedAsync("-n", ns, "get", "controllerrevisions");
        output.WriteLine(table);
        Assert.Matches(@"NAME\s+CONTROLLER\s+REVISION\s+AGE", table);
        Assert.Matches(@"web-5d8f7c9b6\s+statefulset\.apps/web\s+3\s+", table);

        var json = await kubectl.SucceedAsync("-n", ns, "get", "controllerrevision.apps", "web-5d8f7c9b6", "-o", "json");
        var read = KubernetesJson.Deserialize<V1ControllerRevision>(json);
        Assert.Equal(MetaNamespaceKey.For(ns, "web-5d8f7c9b6"), MetaNamespaceKey.For(read));
        Assert.Contains("template", read.Data.ToString(), StringComparison.Ordinal);
    }
}
