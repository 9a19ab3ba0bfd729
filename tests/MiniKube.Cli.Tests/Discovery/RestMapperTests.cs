using System.Text.Json.Nodes;
using MiniKube.Cli.Client;
using MiniKube.Cli.Discovery;
using Xunit;

namespace MiniKube.Cli.Tests.Discovery;

public sealed class RestMapperTests
{
    // Two aggregated discovery answers, shaped like the ones kube-apiserver sends for /api and /apis.
    private static readonly RestMapper Mapper = new([
        .. DiscoveryClient.Parse(JsonNode.Parse("""
            {"kind":"APIGroupDiscoveryList","apiVersion":"apidiscovery.k8s.io/v2","items":[{"metadata":{},"versions":[{"version":"v1","resources":[
              {"resource":"pods","responseKind":{"kind":"Pod"},"scope":"Namespaced","singularResource":"pod","verbs":["get","list"],"shortNames":["po"],"categories":["all"]},
              {"resource":"nodes","responseKind":{"kind":"Node"},"scope":"Cluster","singularResource":"","verbs":["get","list"],"shortNames":["no"]},
              {"resource":"events","responseKind":{"kind":"Event"},"scope":"Namespaced","singularResource":"event","verbs":["list"],"shortNames":["ev"]}]}]}]}
            """)!.AsObject(), "/api"),
        .. DiscoveryClient.Parse(JsonNode.Parse("""
            {"kind":"APIGroupDiscoveryList","apiVersion":"apidiscovery.k8s.io/v2","items":[
              {"metadata":{"name":"apps"},"versions":[{"version":"v1","resources":[
                {"resource":"deployments","responseKind":{"kind":"Deployment"},"scope":"Namespaced","singularResource":"deployment","verbs":["get"],"shortNames":["deploy"],"categories":["all"]}]}]},
              {"metadata":{"name":"events.k8s.io"},"versions":[{"version":"v1","resources":[
                {"resource":"events","responseKind":{"kind":"Event"},"scope":"Namespaced","singularResource":"event","verbs":["list"],"shortNames":["ev"]}]}]},
              {"metadata":{"name":"autoscaling"},"versions":[
                {"version":"v2","resources":[{"resource":"horizontalpodautoscalers","responseKind":{"kind":"HorizontalPodAutoscaler"},"scope":"Namespaced","singularResource":"","verbs":["get"],"shortNames":["hpa"],"categories":["all"]}]},
                {"version":"v1","resources":[{"resource":"horizontalpodautoscalers","responseKind":{"kind":"HorizontalPodAutoscaler"},"scope":"Namespaced","singularResource":"","verbs":["get"],"shortNames":["hpa"],"categories":["all"]}]}]}]}
            """)!.AsObject(), "/apis"),
    ]);

    [Theory]
    [InlineData("pods", "", "v1", "pods")]
    [InlineData("pod", "", "v1", "pods")]
    [InlineData("po", "", "v1", "pods")]
    [InlineData("Pod", "", "v1", "pods")]
    [InlineData("PODS", "", "v1", "pods")]
    [InlineData("pods.v1.", "", "v1", "pods")]
    [InlineData("node", "", "v1", "nodes")] // empty singularResource: the lower-cased kind stands in
    [InlineData("deploy", "apps", "v1", "deployments")]
    [InlineData("deployments.apps", "apps", "v1", "deployments")]
    [InlineData("deployment.apps", "apps", "v1", "deployments")]
    [InlineData("deployments.v1.apps", "apps", "v1", "deployments")]
    [InlineData("events", "", "v1", "events")] // the core group wins over events.k8s.io
    [InlineData("events.events.k8s.io", "events.k8s.io", "v1", "events")]
    [InlineData("hpa", "autoscaling", "v2", "horizontalpodautoscalers")] // the preferred (first) version
    [InlineData("hpa.v1.autoscaling", "autoscaling", "v1", "horizontalpodautoscalers")]
    public void ResourceFor_ResolvesWhatUsersType(string typed, string group, string version, string resource)
    {
        var found = Mapper.ResourceFor(typed);

        Assert.Equal((group, version, resource), (found.Group, found.Version, found.Resource));
    }

    [Fact]
    public void ResourceFor_UnknownName_FailsLikeKubectl()
    {
        var error = Assert.Throws<CliException>(() => Mapper.ResourceFor("widgets"));

        Assert.Equal("the server doesn't have a resource type \"widgets\"", error.Message);
    }

    [Fact]
    public void Category_All_IsEveryPreferredResourceThatListsIt()
    {
        Assert.Equal(["pods", "deployments", "horizontalpodautoscalers"], Mapper.Category("all").Select(r => r.Resource));
        Assert.Equal("v2", Mapper.Category("all")[2].Version);
    }

    [Fact]
    public void ResourceForKind_MatchesApiVersionAndKind()
    {
        Assert.Equal("deployments", Mapper.ResourceForKind("apps/v1", "Deployment")?.Resource);
        Assert.Equal("events.k8s.io", Mapper.ResourceForKind("events.k8s.io/v1", "Event")?.Group);
        Assert.Null(Mapper.ResourceForKind("apps/v1beta1", "Deployment"));
    }

    [Fact]
    public void ApiResource_PathsAndNames_FollowTheApiConventions()
    {
        var deployments = Mapper.ResourceFor("deploy");
        var nodes = Mapper.ResourceFor("nodes");

        Assert.Equal("/apis/apps/v1/namespaces/default/deployments/web", deployments.ObjectPath("default", "web"));
        Assert.Equal("/apis/apps/v1/deployments", deployments.CollectionPath(null));
        Assert.Equal("/api/v1/nodes/n1", nodes.ObjectPath("default", "n1")); // cluster-scoped: no namespace segment
        Assert.Equal(("deployment.apps", "deployments.apps"), (deployments.KindDotGroup, deployments.ResourceDotGroup));
        Assert.Equal(("node", "nodes"), (nodes.KindDotGroup, nodes.ResourceDotGroup));
    }

    [Fact]
    public void Parse_LegacyAnswer_AsksForAggregatedDiscovery()
    {
        var legacy = JsonNode.Parse("""{"kind":"APIVersions","versions":["v1"]}""")!.AsObject();

        var error = Assert.Throws<CliException>(() => DiscoveryClient.Parse(legacy, "/api").ToList());

        Assert.Contains("aggregated discovery", error.Message, StringComparison.Ordinal);
    }
}
