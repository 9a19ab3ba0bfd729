using System.Text.Json.Nodes;
using k8s.Models;
using MiniKube.ApiServer.Patch;
using Xunit;

namespace MiniKube.ApiServer.Tests.Patch;

public sealed class ManagedFieldsTests
{
    private static readonly DateTimeOffset T0 = new(2025, 6, 1, 12, 0, 0, TimeSpan.Zero);
    private static readonly DateTimeOffset T1 = T0.AddMinutes(5);

    // The body kubectl 1.27 POSTs for "kubectl create deployment web --image=busybox --replicas=2 -- sleep 3600".
    private const string CreateBody = """
        {"kind":"Deployment","apiVersion":"apps/v1","metadata":{"name":"web","creationTimestamp":null,"labels":{"app":"web"}},
         "spec":{"replicas":2,"selector":{"matchLabels":{"app":"web"}},
           "template":{"metadata":{"creationTimestamp":null,"labels":{"app":"web"}},
             "spec":{"containers":[{"name":"busybox","image":"busybox","command":["sleep","3600"],"resources":{}}]}},
           "strategy":{}},
         "status":{}}
        """;

    private static JsonObject Record(JsonObject? oldObject, JsonObject newObject, string manager, DateTimeOffset now, string subresource = "") =>
        ManagedFields.RecordUpdate(oldObject, newObject, manager, "apps/v1", now, typeof(V1Deployment), subresource);

    private static JsonArray Entries(JsonObject obj) => obj["metadata"]!["managedFields"]!.AsArray();

    private static JsonObject Entry(JsonObject obj, string manager) =>
        Entries(obj).Single(e => (string?)e!["manager"] == manager)!.AsObject();

    private static JsonObject WithImage(JsonObject obj, string image)
    {
        var copy = obj.DeepClone().AsObject();
        copy["spec"]!["template"]!["spec"]!["containers"]![0]!["image"] = image;
        return copy;
    }

    [Fact]
    public void RecordUpdate_Create_OwnsEverySetFieldInUpstreamShape()
    {
        var created = Record(null, JsonAssert.Object(CreateBody), "kubectl-create", T0);

        var entry = Entry(created, "kubectl-create");
        Assert.Equal("Update", (string?)entry["operation"]);
        Assert.Equal("2025-06-01T12:00:00Z", (string?)entry["time"]);
        // As the real apiserver records it: maps and new list items carry ".", structs that always exist (spec,
        // template) and empty ones (strategy, status) do not, and name/creationTimestamp are never owned.
        JsonAssert.Equal("""
            {"f:metadata":{"f:labels":{".":{},"f:app":{}}},
             "f:spec":{"f:replicas":{},"f:selector":{},
               "f:template":{"f:metadata":{"f:labels":{".":{},"f:app":{}}},
                 "f:spec":{"f:containers":{"k:{\"name\":\"busybox\"}":{".":{},"f:command":{},"f:image":{},"f:name":{},"f:resources":{}}}}}}}
            """, entry["fieldsV1"]);
    }

    [Fact]
    public void RecordUpdate_ChangedField_MovesToTheWritingManager()
    {
        var created = Record(null, JsonAssert.Object(CreateBody), "kubectl-create", T0);

        var updated = Record(created, WithImage(created, "busybox:1.37"), "kubectl-set", T1);

        JsonAssert.Equal("""{"f:spec":{"f:template":{"f:spec":{"f:containers":{"k:{\"name\":\"busybox\"}":{"f:image":{}}}}}}}""",
            Entry(updated, "kubectl-set")["fieldsV1"]);
        Assert.DoesNotContain("f:image", Entry(updated, "kubectl-create")["fieldsV1"]!.ToJsonString(), StringComparison.Ordinal);
        Assert.Equal(["kubectl-create", "kubectl-set"], Entries(updated).Select(e => (string?)e!["manager"])); // oldest first
    }

    [Fact]
    public void RecordUpdate_WriteThatChangesNothing_KeepsEntriesAndTimes()
    {
        var created = Record(null, JsonAssert.Object(CreateBody), "kubectl-create", T0);

        var same = Record(created, created, "someone-else", T1);

        JsonAssert.Equal(created["metadata"]!["managedFields"], same["metadata"]!["managedFields"]);
    }

    [Fact]
    public void RecordUpdate_ClientLeavesOutManagedFields_KeepsTheOldOnes()
    {
        var created = Record(null, JsonAssert.Object(CreateBody), "kubectl-create", T0);
        var sentWithout = WithImage(created, "busybox:1.37");
        sentWithout["metadata"]!.AsObject().Remove("managedFields");

        var updated = Record(created, sentWithout, "kubectl-edit", T1);

        Assert.Equal(["kubectl-create", "kubectl-edit"], Entries(updated).Select(e => (string?)e!["manager"]));
    }

    [Fact]
    public void RecordUpdate_SingleEmptyEntry_StripsManagedFields()
    {
        var created = Record(null, JsonAssert.Object(CreateBody), "kubectl-create", T0);
        var reset = created.DeepClone().AsObject();
        reset["metadata"]!["managedFields"] = JsonNode.Parse("[{}]");

        var updated = Record(created, reset, "kubectl-edit", T1);

        Assert.False(updated["metadata"]!.AsObject().ContainsKey("managedFields"));
    }

    [Fact]
    public void RecordUpdate_StatusSubresource_GetsItsOwnEntry()
    {
        var created = Record(null, JsonAssert.Object(CreateBody), "kubectl-create", T0);
        var withStatus = created.DeepClone().AsObject();
        withStatus["status"] = JsonNode.Parse("""{"replicas":2,"conditions":[{"type":"Available","status":"True"}]}""");

        var updated = Record(created, withStatus, "kube-controller-manager", T1, subresource: "status");

        var entry = Entry(updated, "kube-controller-manager");
        Assert.Equal("status", (string?)entry["subresource"]);
        JsonAssert.Equal("""{"f:status":{"f:conditions":{".":{},"k:{\"type\":\"Available\"}":{".":{},"f:status":{},"f:type":{}}},"f:replicas":{}}}""",
            entry["fieldsV1"]);
    }

    [Fact]
    public void RecordUpdate_RemovedField_IsOwnedByNobody()
    {
        var created = Record(null, JsonAssert.Object(CreateBody), "kubectl-create", T0);
        var withoutReplicas = created.DeepClone().AsObject();
        withoutReplicas["spec"]!.AsObject().Remove("replicas");

        var updated = Record(created, withoutReplicas, "kubectl-edit", T1);

        Assert.DoesNotContain("f:replicas", updated.ToJsonString(), StringComparison.Ordinal);
        Assert.DoesNotContain("kubectl-edit", updated.ToJsonString(), StringComparison.Ordinal); // it set nothing, so it owns nothing
    }

    [Fact]
    public void RecordUpdate_DoesNotChangeItsInputs()
    {
        var body = JsonAssert.Object(CreateBody);

        Record(null, body, "kubectl-create", T0);

        JsonAssert.Equal(CreateBody, body);
    }

    [Theory]
    [InlineData("kubectl-set", "kubectl/v1.32.5 (linux/amd64) kubernetes/abc", "kubectl-set")]
    [InlineData(null, "kubectl/v1.32.5 (linux/amd64) kubernetes/abc", "kubectl")]
    [InlineData("", "kube-controller-manager/v1.33.0 (linux/amd64) kubernetes/xyz/system:serviceaccount:kube-system:deployment-controller",
        "kube-controller-manager")]
    [InlineData(null, "Go-http-client/1.1", "Go-http-client")]
    [InlineData(null, null, "")]
    public void ManagerFromUserAgent_DerivesNameLikeUpstream(string? fieldManager, string? userAgent, string expected) =>
        Assert.Equal(expected, ManagedFields.ManagerFromUserAgent(fieldManager, userAgent));

    [Fact]
    public void ManagerFromUserAgent_LongAgent_IsCutAt128Bytes() =>
        Assert.Equal(128, ManagedFields.ManagerFromUserAgent(null, new string('a', 300)).Length);
}
