using System.Text.Json.Nodes;
using k8s.Models;
using MiniKube.ApiServer.Patch;
using Xunit;

namespace MiniKube.ApiServer.Tests.Patch;

public sealed class ServerSideApplyTests
{
    private static readonly DateTimeOffset T0 = new(2025, 6, 1, 12, 0, 0, TimeSpan.Zero);
    private static readonly DateTimeOffset T1 = T0.AddMinutes(5);

    // What kubectl apply --server-side sends for a small manifest (YAML already converted to JSON).
    private const string Manifest = """
        {"apiVersion":"apps/v1","kind":"Deployment",
         "metadata":{"name":"web","namespace":"default","labels":{"app":"web"}},
         "spec":{"replicas":2,"selector":{"matchLabels":{"app":"web"}},
           "template":{"metadata":{"labels":{"app":"web"}},
             "spec":{"containers":[{"name":"main","image":"busybox:1.36","command":["sleep","3600"],"ports":[{"containerPort":80}]}]}}}}
        """;

    private static JsonObject Apply(JsonObject? live, string applied, string manager = "kubectl", bool force = false, DateTimeOffset? now = null) =>
        ServerSideApply.Apply(live, JsonAssert.Object(applied), manager, force, typeof(V1Deployment), "apps/v1", now ?? T0);

    private static string WithImage(string manifest, string image) => manifest.Replace("busybox:1.36", image, StringComparison.Ordinal);

    private static JsonObject Entry(JsonObject obj, string manager, string operation) =>
        obj["metadata"]!["managedFields"]!.AsArray()
            .Single(e => (string?)e!["manager"] == manager && (string?)e["operation"] == operation)!.AsObject();

    private static JsonNode Container(JsonObject obj) => obj["spec"]!["template"]!["spec"]!["containers"]![0]!;

    [Fact]
    public void Apply_FirstApply_CreatesObjectOwnedByManager()
    {
        var created = Apply(live: null, Manifest);

        Assert.Equal("busybox:1.36", (string?)Container(created)["image"]);
        Assert.Equal("web", (string?)created["metadata"]!["name"]);
        var entry = Entry(created, "kubectl", "Apply");
        Assert.Equal("apps/v1", (string?)entry["apiVersion"]);
        Assert.Equal("2025-06-01T12:00:00Z", (string?)entry["time"]);
        Assert.Equal("FieldsV1", (string?)entry["fieldsType"]);
        // The shape kubectl get -o yaml --show-managed-fields shows: no name/namespace, ports keyed with the default protocol.
        JsonAssert.Equal("""
            {"f:metadata":{"f:labels":{"f:app":{}}},
             "f:spec":{"f:replicas":{},"f:selector":{},
               "f:template":{"f:metadata":{"f:labels":{"f:app":{}}},
                 "f:spec":{"f:containers":{"k:{\"name\":\"main\"}":{".":{},"f:command":{},"f:image":{},"f:name":{},
                   "f:ports":{"k:{\"containerPort\":80,\"protocol\":\"TCP\"}":{".":{},"f:containerPort":{}}}}}}}}}
            """, entry["fieldsV1"]);
    }

    [Fact]
    public void Apply_SecondApplyWithChangedImage_UpdatesImage()
    {
        var created = Apply(live: null, Manifest);

        var updated = Apply(created, WithImage(Manifest, "busybox:1.37"), now: T1);

        Assert.Equal("busybox:1.37", (string?)Container(updated)["image"]);
        JsonAssert.Equal("""["sleep","3600"]""", Container(updated)["command"]);
        Assert.Single(updated["metadata"]!["managedFields"]!.AsArray());
        Assert.Equal("2025-06-01T12:05:00Z", (string?)Entry(updated, "kubectl", "Apply")["time"]);
    }

    [Fact]
    public void Apply_SameManifestAgain_ChangesNothing()
    {
        var created = Apply(live: null, Manifest);

        var again = Apply(created, Manifest, now: T1);

        JsonAssert.Equal(created, again); // same object, and the entry keeps its old timestamp
    }

    [Fact]
    public void Apply_DroppedField_IsRemoved()
    {
        var created = Apply(live: null, Manifest);
        var withoutReplicasAndCommand = Manifest.Replace("\"replicas\":2,", "", StringComparison.Ordinal)
            .Replace("\"command\":[\"sleep\",\"3600\"],", "", StringComparison.Ordinal);

        var updated = Apply(created, withoutReplicasAndCommand, now: T1);

        Assert.False(updated["spec"]!.AsObject().ContainsKey("replicas"));
        Assert.False(Container(updated).AsObject().ContainsKey("command"));
        Assert.DoesNotContain("f:replicas", Entry(updated, "kubectl", "Apply")["fieldsV1"]!.ToJsonString(), StringComparison.Ordinal);
    }

    [Fact]
    public void Apply_DroppedListItem_IsRemoved()
    {
        var twoContainers = Manifest.Replace("\"ports\":[{\"containerPort\":80}]}]", "\"ports\":[{\"containerPort\":80}]},{\"name\":\"sidecar\",\"image\":\"nginx\"}]",
            StringComparison.Ordinal);
        var created = Apply(live: null, twoContainers);
        Assert.Equal(2, created["spec"]!["template"]!["spec"]!["containers"]!.AsArray().Count);

        var updated = Apply(created, Manifest, now: T1);

        Assert.Equal(["main"], updated["spec"]!["template"]!["spec"]!["containers"]!.AsArray().Select(c => (string?)c!["name"]));
    }

    [Fact]
    public void Apply_DroppedItemWithAFieldSetByAnotherManager_KeepsItemKeyAndThatField()
    {
        var twoContainers = Manifest.Replace("\"ports\":[{\"containerPort\":80}]}]",
            "\"ports\":[{\"containerPort\":80}]},{\"name\":\"sidecar\",\"image\":\"nginx\",\"args\":[\"-g\"]}]", StringComparison.Ordinal);
        var created = Apply(live: null, twoContainers);
        var patched = StrategicMergePatch.Apply(created, JsonNode.Parse("""
            {"spec":{"template":{"spec":{"containers":[{"name":"sidecar","image":"nginx:1.27"}]}}}}
            """)!, typeof(V1Deployment)).AsObject();
        var afterSetImage = ManagedFields.RecordUpdate(created, patched, "kubectl-set", "apps/v1", T1, typeof(V1Deployment));

        var updated = Apply(afterSetImage, Manifest, now: T1);

        // kubectl-set still owns the sidecar's image, so the sidecar stays with its name and that image; the args only
        // kubectl had applied are gone.
        JsonAssert.Equal("""{"name":"sidecar","image":"nginx:1.27"}""", updated["spec"]!["template"]!["spec"]!["containers"]![1]);
    }

    [Fact]
    public void Apply_PortsWithSameNumber_AreKeyedByProtocolToo()
    {
        var dns = Manifest.Replace("\"ports\":[{\"containerPort\":80}]", "\"ports\":[{\"containerPort\":53},{\"containerPort\":53,\"protocol\":\"UDP\"}]",
            StringComparison.Ordinal);

        var created = Apply(live: null, dns);

        Assert.Equal(2, Container(created)["ports"]!.AsArray().Count);
        var ports = Entry(created, "kubectl", "Apply")["fieldsV1"]!["f:spec"]!["f:template"]!["f:spec"]!["f:containers"]!["k:{\"name\":\"main\"}"]!["f:ports"]!;
        Assert.Equal(["k:{\"containerPort\":53,\"protocol\":\"TCP\"}", "k:{\"containerPort\":53,\"protocol\":\"UDP\"}"],
            ports.AsObject().Select(p => p.Key));
    }

    [Fact]
    public void Apply_DroppedFieldAlsoAppliedByOtherManager_IsKept()
    {
        var created = Apply(live: null, Manifest);
        var shared = Apply(created, """{"apiVersion":"apps/v1","kind":"Deployment","metadata":{"name":"web"},"spec":{"replicas":2}}""", manager: "other");

        var updated = Apply(shared, Manifest.Replace("\"replicas\":2,", "", StringComparison.Ordinal), now: T1);

        Assert.Equal(2, (int?)updated["spec"]!["replicas"]);
    }

    [Fact]
    public void Apply_ConflictingApplyByAnotherManager_ThrowsWithUpstreamFieldPaths()
    {
        var created = Apply(live: null, Manifest);
        var conflicting = WithImage(Manifest, "busybox:1.37").Replace("\"replicas\":2", "\"replicas\":3", StringComparison.Ordinal);

        var error = Assert.Throws<ApplyConflictException>(() => Apply(created, conflicting, manager: "other"));

        Assert.Equal(
            [("kubectl", ".spec.replicas"), ("kubectl", ".spec.template.spec.containers[name=\"main\"].image")],
            error.Conflicts);
        Assert.Equal("conflict with \"kubectl\"", error.Causes[0].Message);
        // The message kubectl prints, word for word as the real apiserver sends it (kubectl-contract.md section 7).
        Assert.Equal(
            "Apply failed with 2 conflicts: conflicts with \"kubectl\":\n- .spec.replicas\n- .spec.template.spec.containers[name=\"main\"].image",
            error.Message);
    }

    [Fact]
    public void Apply_OneConflict_UsesSingularMessage()
    {
        var created = Apply(live: null, Manifest);

        var error = Assert.Throws<ApplyConflictException>(() =>
            Apply(created, """{"apiVersion":"apps/v1","kind":"Deployment","metadata":{"name":"web"},"spec":{"replicas":5}}""", manager: "other"));

        Assert.Equal("Apply failed with 1 conflict: conflict with \"kubectl\": .spec.replicas", error.Message);
    }

    [Fact]
    public void Apply_SameValueByAnotherManager_SharesOwnership()
    {
        var created = Apply(live: null, Manifest);

        var shared = Apply(created, """{"apiVersion":"apps/v1","kind":"Deployment","metadata":{"name":"web"},"spec":{"replicas":2}}""", manager: "other");

        Assert.Contains("f:replicas", Entry(shared, "kubectl", "Apply")["fieldsV1"]!.ToJsonString(), StringComparison.Ordinal);
        JsonAssert.Equal("""{"f:spec":{"f:replicas":{}}}""", Entry(shared, "other", "Apply")["fieldsV1"]);
    }

    [Fact]
    public void Apply_Force_TakesOwnership()
    {
        var created = Apply(live: null, Manifest);

        var forced = Apply(created, """{"apiVersion":"apps/v1","kind":"Deployment","metadata":{"name":"web"},"spec":{"replicas":5}}""",
            manager: "other", force: true, now: T1);

        Assert.Equal(5, (int?)forced["spec"]!["replicas"]);
        JsonAssert.Equal("""{"f:spec":{"f:replicas":{}}}""", Entry(forced, "other", "Apply")["fieldsV1"]);
        Assert.DoesNotContain("f:replicas", Entry(forced, "kubectl", "Apply")["fieldsV1"]!.ToJsonString(), StringComparison.Ordinal);

        // kubectl no longer owns replicas, so its next apply without replicas leaves other's value alone.
        var reapplied = Apply(forced, Manifest.Replace("\"replicas\":2,", "", StringComparison.Ordinal), now: T1);
        Assert.Equal(5, (int?)reapplied["spec"]!["replicas"]);
    }

    [Fact]
    public void Apply_AfterKubectlSetImage_ConflictsWithTheUpdateManager()
    {
        // kubectl apply --server-side, then kubectl set image (a strategic merge patch recorded as an Update), then the
        // same apply again: the image now belongs to kubectl-set, so the apply must not silently undo it.
        var created = Apply(live: null, Manifest);
        var patched = StrategicMergePatch.Apply(created, JsonNode.Parse("""
            {"spec":{"template":{"spec":{"$setElementOrder/containers":[{"name":"main"}],"containers":[{"image":"busybox:1.37","name":"main"}]}}}}
            """)!, typeof(V1Deployment)).AsObject();
        var afterSetImage = ManagedFields.RecordUpdate(created, patched, "kubectl-set", "apps/v1", T1, typeof(V1Deployment));

        var error = Assert.Throws<ApplyConflictException>(() => Apply(afterSetImage, Manifest, now: T1));

        Assert.Equal([("kubectl-set", ".spec.template.spec.containers[name=\"main\"].image")], error.Conflicts);
        Assert.Equal("conflict with \"kubectl-set\" using apps/v1", error.Causes[0].Message);

        // With force the apply wins and the image moves back to kubectl.
        var forced = Apply(afterSetImage, Manifest, force: true, now: T1);
        Assert.Equal("busybox:1.36", (string?)Container(forced)["image"]);
        Assert.Equal(["kubectl"], forced["metadata"]!["managedFields"]!.AsArray().Select(e => (string?)e!["manager"]));
    }

    [Fact]
    public void Apply_ToObjectWrittenByClientSideApply_KeepsWorkingBothWays()
    {
        // kubectl apply (client-side) created the object; kubectl apply --server-side takes it over with force, and a
        // later client-side strategic merge patch still applies to the result.
        var csaCreated = ManagedFields.RecordUpdate(null, JsonAssert.Object(Manifest), "kubectl-client-side-apply", "apps/v1", T0, typeof(V1Deployment));
        var ssa = Apply(csaCreated, WithImage(Manifest, "busybox:1.37"), force: true, now: T1);
        var csaPatched = StrategicMergePatch.Apply(ssa, JsonNode.Parse("""{"spec":{"replicas":4}}""")!, typeof(V1Deployment)).AsObject();
        var recorded = ManagedFields.RecordUpdate(ssa, csaPatched, "kubectl-client-side-apply", "apps/v1", T1, typeof(V1Deployment));

        Assert.Equal(4, (int?)recorded["spec"]!["replicas"]);
        Assert.Equal("busybox:1.37", (string?)Container(recorded)["image"]);
        var error = Assert.Throws<ApplyConflictException>(() => Apply(recorded, WithImage(Manifest, "busybox:1.37"), now: T1));
        Assert.Equal([("kubectl-client-side-apply", ".spec.replicas")], error.Conflicts);
    }

    [Fact]
    public void Apply_StatusInAppliedConfig_IsIgnored()
    {
        var withStatus = Manifest.TrimEnd()[..^1] + ""","status":{"replicas":7}}""";

        var created = Apply(live: null, withStatus);

        Assert.False(created.ContainsKey("status"));
        Assert.DoesNotContain("f:status", created.ToJsonString(), StringComparison.Ordinal);
    }

    [Fact]
    public void Apply_Finalizers_AreOwnedValueByValue()
    {
        var created = Apply(live: null, """{"apiVersion":"apps/v1","kind":"Deployment","metadata":{"name":"web","finalizers":["example.com/a"]}}""");
        var both = Apply(created, """{"apiVersion":"apps/v1","kind":"Deployment","metadata":{"name":"web","finalizers":["example.com/b"]}}""", manager: "other");

        JsonAssert.Equal("""["example.com/a","example.com/b"]""", both["metadata"]!["finalizers"]);
        JsonAssert.Equal("""{"f:metadata":{"f:finalizers":{"v:\"example.com/b\"":{}}}}""", Entry(both, "other", "Apply")["fieldsV1"]);
    }

    [Fact]
    public void Apply_ServerManagedMetadata_IsNeitherMergedNorOwned()
    {
        var live = ServerSideApply.Apply(null, JsonAssert.Object(Manifest), "kubectl", false, typeof(V1Deployment), "apps/v1", T0);
        live["metadata"]!["uid"] = "1234";
        live["metadata"]!["resourceVersion"] = "10";

        var applied = Apply(live, Manifest.Replace("\"namespace\":\"default\"", "\"namespace\":\"default\",\"uid\":\"evil\",\"resourceVersion\":\"1\"",
            StringComparison.Ordinal), now: T1);

        Assert.Equal("1234", (string?)applied["metadata"]!["uid"]);
        Assert.Equal("10", (string?)applied["metadata"]!["resourceVersion"]);
    }

    [Theory]
    [InlineData("""{"spec":{"template":{"spec":{"containers":[{"image":"x"}]}}}}""", "omits key field \"name\"")]
    [InlineData("""{"spec":{"template":{"spec":{"containers":[{"name":"a"},{"name":"a"}]}}}}""", "duplicate entries for key [name=\"a\"]")]
    public void Apply_InvalidAppliedConfig_ThrowsBadRequest(string applied, string messagePart)
    {
        var error = Assert.Throws<PatchException>(() => Apply(live: null, applied));

        Assert.True(error.IsBadRequest);
        Assert.Contains(messagePart, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Apply_ObjectWithoutManagedFields_CreditsExistingFieldsToBeforeFirstApply()
    {
        var untracked = JsonAssert.Object(Manifest);

        var error = Assert.Throws<ApplyConflictException>(() => Apply(untracked, WithImage(Manifest, "busybox:1.37")));

        Assert.Equal("before-first-apply", error.Conflicts.Single().Manager);
    }

    [Fact]
    public void Apply_DoesNotChangeItsInputs()
    {
        var live = Apply(live: null, Manifest);
        var liveText = live.ToJsonString();
        var applied = JsonAssert.Object(WithImage(Manifest, "busybox:1.37"));

        ServerSideApply.Apply(live, applied, "kubectl", false, typeof(V1Deployment), "apps/v1", T1);

        Assert.Equal(liveText, live.ToJsonString());
        JsonAssert.Equal(WithImage(Manifest, "busybox:1.37"), applied);
    }
}
