using System.Text.Json.Nodes;
using k8s.Models;
using MiniKube.ApiServer.Patch;
using Xunit;

namespace MiniKube.ApiServer.Tests.Patch;

public sealed class StrategicMergePatchTests
{
    // A Deployment with two containers, env, ports, volumes and finalizers: enough lists to see every merge rule.
    private const string Deployment = """
        {
          "apiVersion": "apps/v1", "kind": "Deployment",
          "metadata": {"name": "web", "namespace": "default", "labels": {"app": "web", "tier": "front"}, "finalizers": ["example.com/a"]},
          "spec": {
            "replicas": 2,
            "selector": {"matchLabels": {"app": "web"}},
            "strategy": {"type": "RollingUpdate", "rollingUpdate": {"maxSurge": "25%", "maxUnavailable": "25%"}},
            "template": {
              "metadata": {"labels": {"app": "web"}},
              "spec": {
                "containers": [
                  {"name": "main", "image": "busybox:1.36", "command": ["sleep", "3600"],
                   "env": [{"name": "A", "value": "1"}, {"name": "B", "value": "2"}],
                   "ports": [{"containerPort": 80, "protocol": "TCP"}, {"containerPort": 443, "protocol": "TCP"}]},
                  {"name": "sidecar", "image": "nginx:1.27"}
                ],
                "tolerations": [{"key": "a", "operator": "Exists"}],
                "volumes": [{"name": "data", "emptyDir": {}}]
              }
            }
          }
        }
        """;

    private static JsonNode Patch(string patch) =>
        StrategicMergePatch.Apply(JsonNode.Parse(Deployment)!, JsonNode.Parse(patch)!, typeof(V1Deployment));

    private static JsonNode Containers(JsonNode deployment) => deployment["spec"]!["template"]!["spec"]!["containers"]!;

    [Fact]
    public void Apply_SetImageBody_ChangesOnlyImage()
    {
        // Exactly what kubectl set image sends (kubectl-contract.md section 5).
        var result = Patch("""
            {"spec":{"template":{"spec":{"$setElementOrder/containers":[{"name":"main"}],"containers":[{"image":"busybox:1.37","name":"main"}]}}}}
            """);

        var expected = JsonNode.Parse(Deployment)!;
        expected["spec"]!["template"]!["spec"]!["containers"]![0]!["image"] = "busybox:1.37";
        JsonAssert.Equal(expected, result);
    }

    [Fact]
    public void Apply_ClientSideApplyBody_UpdatesAnnotationReplicasAndImage()
    {
        // Exactly what kubectl apply (client-side) sends for a changed manifest (kubectl-contract.md section 5).
        var result = Patch("""
            {"metadata":{"annotations":{"kubectl.kubernetes.io/last-applied-configuration":"{}\n"}},
             "spec":{"replicas":3,"template":{"spec":{"$setElementOrder/containers":[{"name":"main"}],"containers":[{"image":"busybox:1.37","name":"main"}]}}}}
            """);

        Assert.Equal("{}\n", (string?)result["metadata"]!["annotations"]!["kubectl.kubernetes.io/last-applied-configuration"]);
        Assert.Equal(3, (int?)result["spec"]!["replicas"]);
        Assert.Equal("busybox:1.37", (string?)Containers(result)[0]!["image"]);
        Assert.Equal("sidecar", (string?)Containers(result)[1]!["name"]);
        JsonAssert.Equal("""["sleep","3600"]""", Containers(result)[0]!["command"]);
    }

    [Fact]
    public void Apply_EnvAndPorts_MergeByTheirKeys()
    {
        var result = Patch("""
            {"spec":{"template":{"spec":{"containers":[{"name":"main",
              "env":[{"name":"B","value":"changed"},{"name":"C","value":"3"}],
              "ports":[{"containerPort":443,"name":"https"},{"containerPort":8080}]}]}}}}
            """);

        var main = Containers(result)[0]!;
        JsonAssert.Equal("""[{"name":"A","value":"1"},{"name":"B","value":"changed"},{"name":"C","value":"3"}]""", main["env"]);
        JsonAssert.Equal("""[{"containerPort":80,"protocol":"TCP"},{"containerPort":443,"protocol":"TCP","name":"https"},{"containerPort":8080}]""",
            main["ports"]);
    }

    [Fact]
    public void Apply_PatchDeleteOnListItem_RemovesThatItemOnly()
    {
        var result = Patch("""{"spec":{"template":{"spec":{"containers":[{"name":"sidecar","$patch":"delete"}]}}}}""");

        Assert.Single(Containers(result).AsArray());
        Assert.Equal("main", (string?)Containers(result)[0]!["name"]);
    }

    [Fact]
    public void Apply_PatchReplaceItemInList_ReplacesWholeList()
    {
        var result = Patch("""{"spec":{"template":{"spec":{"containers":[{"name":"only","image":"x"},{"$patch":"replace"}]}}}}""");

        JsonAssert.Equal("""[{"name":"only","image":"x"}]""", Containers(result));
    }

    [Theory]
    [InlineData("""{"metadata":{"labels":{"$patch":"replace","new":"yes"}}}""", """{"new":"yes"}""")]
    [InlineData("""{"metadata":{"labels":{"app":null}}}""", """{"tier":"front"}""")]
    [InlineData("""{"metadata":{"labels":{"$patch":"merge","extra":"1"}}}""", """{"app":"web","tier":"front","extra":"1"}""")]
    public void Apply_MapDirectivesAndNull_ChangeLabels(string patch, string expectedLabels) =>
        JsonAssert.Equal(expectedLabels, Patch(patch)["metadata"]!["labels"]);

    [Fact]
    public void Apply_PatchDeleteOnMap_RemovesTheMap()
    {
        var result = Patch("""{"spec":{"strategy":{"$patch":"delete"}}}""");

        Assert.False(result["spec"]!.AsObject().ContainsKey("strategy"));
    }

    [Fact]
    public void Apply_RetainKeys_DropsUnlistedMembers()
    {
        // What kubectl apply sends when the manifest switches a Deployment to the Recreate strategy.
        var result = Patch("""{"spec":{"strategy":{"$retainKeys":["type"],"type":"Recreate"}}}""");

        JsonAssert.Equal("""{"type":"Recreate"}""", result["spec"]!["strategy"]);
    }

    [Theory]
    // Reorder existing items only.
    [InlineData("""{"$setElementOrder/containers":[{"name":"sidecar"},{"name":"main"}]}""", new[] { "sidecar", "main" })]
    // A new item placed first; the existing ones keep their relative order.
    [InlineData("""{"$setElementOrder/containers":[{"name":"init"},{"name":"main"},{"name":"sidecar"}],"containers":[{"name":"init","image":"x"}]}""",
        new[] { "init", "main", "sidecar" })]
    // Without an order, a new item is appended.
    [InlineData("""{"containers":[{"name":"extra","image":"x"}]}""", new[] { "main", "sidecar", "extra" })]
    // An order that names only some items: the server-only item keeps its place relative to them.
    [InlineData("""{"$setElementOrder/containers":[{"name":"extra"},{"name":"main"}],"containers":[{"name":"extra","image":"x"}]}""",
        new[] { "extra", "main", "sidecar" })]
    public void Apply_SetElementOrder_OrdersMergedList(string podSpecPatch, string[] expectedNames)
    {
        var result = Patch("""{"spec":{"template":{"spec":""" + podSpecPatch + "}}}");

        Assert.Equal(expectedNames, Containers(result).AsArray().Select(c => (string?)c!["name"]));
    }

    [Fact]
    public void Apply_Finalizers_AreUnitedNotReplaced()
    {
        var result = Patch("""{"metadata":{"finalizers":["example.com/b","example.com/a"]}}""");

        JsonAssert.Equal("""["example.com/a","example.com/b"]""", result["metadata"]!["finalizers"]);
    }

    [Fact]
    public void Apply_DeleteFromPrimitiveList_RemovesFinalizer()
    {
        var result = Patch("""{"metadata":{"$deleteFromPrimitiveList/finalizers":["example.com/a"],"finalizers":["example.com/c"]}}""");

        JsonAssert.Equal("""["example.com/c"]""", result["metadata"]!["finalizers"]);
    }

    [Fact]
    public void Apply_SetElementOrderOnFinalizers_OrdersTheValues()
    {
        var result = Patch("""{"metadata":{"$setElementOrder/finalizers":["example.com/b","example.com/a"],"finalizers":["example.com/b"]}}""");

        JsonAssert.Equal("""["example.com/b","example.com/a"]""", result["metadata"]!["finalizers"]);
    }

    [Fact]
    public void Apply_DuplicateMemberInPatch_ThrowsBadRequest()
    {
        var error = Assert.Throws<PatchException>(() => Patch("""{"spec":{"replicas":1,"replicas":2}}"""));

        Assert.True(error.IsBadRequest);
    }

    [Theory]
    // Lists without a merge key are replaced: tolerations (atomic) and a container's command (a list of strings).
    [InlineData("""{"spec":{"template":{"spec":{"tolerations":[{"key":"b","operator":"Exists"}]}}}}""", "tolerations", """[{"key":"b","operator":"Exists"}]""")]
    [InlineData("""{"spec":{"template":{"spec":{"volumes":[{"name":"cache","emptyDir":{}}]}}}}""", "volumes",
        """[{"name":"data","emptyDir":{}},{"name":"cache","emptyDir":{}}]""")]
    public void Apply_PodSpecLists_FollowTheirStrategy(string patch, string field, string expected) =>
        JsonAssert.Equal(expected, Patch(patch)["spec"]!["template"]!["spec"]![field]);

    [Fact]
    public void Apply_ContainerCommand_IsReplacedNotMerged()
    {
        var result = Patch("""{"spec":{"template":{"spec":{"containers":[{"name":"main","command":["sh"]}]}}}}""");

        JsonAssert.Equal("""["sh"]""", Containers(result)[0]!["command"]);
    }

    [Fact]
    public void Apply_EveryDirective_NeverReachesTheResult()
    {
        var result = Patch("""
            {"metadata":{"$deleteFromPrimitiveList/finalizers":["example.com/a"],"labels":{"$patch":"merge","x":"1"}},
             "spec":{"strategy":{"$retainKeys":["type"],"type":"Recreate"},
               "template":{"spec":{"$setElementOrder/containers":[{"name":"sidecar"},{"name":"main"},{"name":"new"}],
                 "containers":[{"name":"new","image":"x","$setElementOrder/env":[{"name":"E"}],"env":[{"name":"E","value":"1"}]},
                               {"name":"main","$patch":"merge"}]}}}}
            """);

        Assert.DoesNotContain("\"$", result.ToJsonString(), StringComparison.Ordinal);
    }

    [Fact]
    public void Apply_DoesNotChangeItsInputs()
    {
        var document = JsonNode.Parse(Deployment)!;
        var patch = JsonNode.Parse("""{"spec":{"template":{"spec":{"containers":[{"name":"main","image":"x"}]}}}}""")!;

        StrategicMergePatch.Apply(document, patch, typeof(V1Deployment));

        JsonAssert.Equal(Deployment, document);
        JsonAssert.Equal("""{"spec":{"template":{"spec":{"containers":[{"name":"main","image":"x"}]}}}}""", patch);
    }

    [Theory]
    [InlineData("""[{"op":"add"}]""", true)] // not a map at all: 400
    [InlineData("""{"spec":{"template":{"spec":{"containers":[{"image":"x"}]}}}}""", false)] // item without its merge key: 422
    [InlineData("""{"metadata":{"labels":{"$patch":"explode"}}}""", false)] // unknown directive: 422
    [InlineData("""{"spec":{"strategy":{"$retainKeys":"type"}}}""", true)] // malformed directive: 400
    [InlineData("""{"spec":{"template":{"spec":{"$setElementOrder/containers":"main"}}}}""", true)]
    public void Apply_BadPatch_ThrowsPatchException(string patch, bool isBadRequest)
    {
        var error = Assert.Throws<PatchException>(() => Patch(patch));

        Assert.Equal(isBadRequest, error.IsBadRequest);
    }

    [Fact]
    public void Apply_ServicePorts_MergeByPort()
    {
        var service = JsonNode.Parse("""{"spec":{"ports":[{"port":80,"targetPort":8080},{"port":443,"targetPort":8443}]}}""")!;

        var result = StrategicMergePatch.Apply(service, JsonNode.Parse("""{"spec":{"ports":[{"port":443,"targetPort":9443}]}}""")!, typeof(V1Service));

        JsonAssert.Equal("""[{"port":80,"targetPort":8080},{"port":443,"targetPort":9443}]""", result["spec"]!["ports"]);
    }
}
