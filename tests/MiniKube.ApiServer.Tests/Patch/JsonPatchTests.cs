using System.Text.Json.Nodes;
using MiniKube.ApiServer.Patch;
using Xunit;

namespace MiniKube.ApiServer.Tests.Patch;

public sealed class JsonPatchTests
{
    // The examples of RFC 6902 appendix A that succeed: document, patch, expected result.
    [Theory]
    [InlineData("""{"foo":"bar"}""", """[{"op":"add","path":"/baz","value":"qux"}]""", """{"baz":"qux","foo":"bar"}""")]
    [InlineData("""{"foo":["bar","baz"]}""", """[{"op":"add","path":"/foo/1","value":"qux"}]""", """{"foo":["bar","qux","baz"]}""")]
    [InlineData("""{"baz":"qux","foo":"bar"}""", """[{"op":"remove","path":"/baz"}]""", """{"foo":"bar"}""")]
    [InlineData("""{"foo":["bar","qux","baz"]}""", """[{"op":"remove","path":"/foo/1"}]""", """{"foo":["bar","baz"]}""")]
    [InlineData("""{"baz":"qux","foo":"bar"}""", """[{"op":"replace","path":"/baz","value":"boo"}]""", """{"baz":"boo","foo":"bar"}""")]
    [InlineData("""{"foo":{"bar":"baz","waldo":"fred"},"qux":{"corge":"grault"}}""", """[{"op":"move","from":"/foo/waldo","path":"/qux/thud"}]""",
        """{"foo":{"bar":"baz"},"qux":{"corge":"grault","thud":"fred"}}""")]
    [InlineData("""{"foo":["all","grass","cows","eat"]}""", """[{"op":"move","from":"/foo/1","path":"/foo/3"}]""", """{"foo":["all","cows","eat","grass"]}""")]
    [InlineData("""{"baz":"qux","foo":["a",2,"c"]}""", """[{"op":"test","path":"/baz","value":"qux"},{"op":"test","path":"/foo/1","value":2}]""",
        """{"baz":"qux","foo":["a",2,"c"]}""")]
    [InlineData("""{"foo":"bar"}""", """[{"op":"add","path":"/child","value":{"grandchild":{}}}]""", """{"foo":"bar","child":{"grandchild":{}}}""")]
    [InlineData("""{"foo":"bar"}""", """[{"op":"add","path":"/baz","value":"qux","xyz":123}]""", """{"foo":"bar","baz":"qux"}""")]
    [InlineData("""{"/":9,"~1":10}""", """[{"op":"test","path":"/~01","value":10}]""", """{"/":9,"~1":10}""")]
    [InlineData("""{"foo":["bar"]}""", """[{"op":"add","path":"/foo/-","value":["abc","def"]}]""", """{"foo":["bar",["abc","def"]]}""")]
    // Beyond the appendix: copy, "~1" in a key (an annotation with a "/"), add replacing the whole document, numbers by value.
    [InlineData("""{"a":{"b":1}}""", """[{"op":"copy","from":"/a","path":"/c"}]""", """{"a":{"b":1},"c":{"b":1}}""")]
    [InlineData("""{"metadata":{"annotations":{}}}""", """[{"op":"add","path":"/metadata/annotations/example.com~1team","value":"blue"}]""",
        """{"metadata":{"annotations":{"example.com/team":"blue"}}}""")]
    [InlineData("""{"a":1}""", """[{"op":"add","path":"","value":{"b":2}}]""", """{"b":2}""")]
    [InlineData("""{"n":1}""", """[{"op":"test","path":"/n","value":1.0}]""", """{"n":1}""")]
    public void Apply_Rfc6902Examples_GiveExpectedDocument(string document, string patch, string expected) =>
        JsonAssert.Equal(expected, JsonPatch.Apply(JsonNode.Parse(document)!, JsonNode.Parse(patch)!));

    // Operations that must fail with 422 Invalid, and a piece of the message.
    [Theory]
    [InlineData("""{"baz":"qux"}""", """[{"op":"test","path":"/baz","value":"bar"}]""", "testing value /baz failed")]
    [InlineData("""{"/":9,"~1":10}""", """[{"op":"test","path":"/~01","value":"10"}]""", "testing value /~01 failed")]
    [InlineData("""{"foo":"bar"}""", """[{"op":"add","path":"/baz/bat","value":"qux"}]""", "doc is missing path")]
    [InlineData("""{"foo":"bar"}""", """[{"op":"remove","path":"/missing"}]""", "Unable to remove nonexistent key: missing")]
    [InlineData("""{"foo":["a"]}""", """[{"op":"remove","path":"/foo/3"}]""", "invalid index")]
    [InlineData("""{"foo":"bar"}""", """[{"op":"replace","path":"/missing","value":1}]""", "replace operation does not apply")]
    [InlineData("""{"foo":"bar"}""", """[{"op":"move","from":"/missing","path":"/x"}]""", "move operation does not apply")]
    [InlineData("""{"foo":{"a":1}}""", """[{"op":"move","from":"/foo","path":"/foo/a/b"}]""", "is a prefix of")]
    [InlineData("""{"foo":"bar"}""", """[{"op":"add","path":"foo","value":1}]""", "JSON pointer must be empty or start with a \"/\"")]
    [InlineData("""{"foo":"bar"}""", """[{"op":"add","path":"/~2","value":1}]""", "invalid JSON pointer")]
    [InlineData("""{"foo":["a"]}""", """[{"op":"add","path":"/foo/01","value":1}]""", "invalid index")]
    [InlineData("""{"foo":"bar"}""", """[{"op":"frobnicate","path":"/foo"}]""", "Unexpected kind: frobnicate")]
    [InlineData("""{"foo":"bar"}""", """[{"op":"add","path":"/x"}]""", "missing \"value\"")]
    public void Apply_OperationThatDoesNotFit_ThrowsInvalid(string document, string patch, string messagePart)
    {
        var error = Assert.Throws<PatchException>(() => JsonPatch.Apply(JsonNode.Parse(document)!, JsonNode.Parse(patch)!));

        Assert.False(error.IsBadRequest);
        Assert.Equal(422, error.StatusCode);
        Assert.Contains(messagePart, error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("""{"op":"add","path":"/x","value":1}""")]
    [InlineData("""[1]""")]
    public void Apply_PatchThatIsNotAListOfOperations_ThrowsBadRequest(string patch)
    {
        var error = Assert.Throws<PatchException>(() => JsonPatch.Apply(JsonNode.Parse("{}")!, JsonNode.Parse(patch)!));

        Assert.True(error.IsBadRequest);
        Assert.Equal("BadRequest", error.Reason);
    }

    [Fact]
    public void Apply_FailingOperationAfterGoodOnes_LeavesInputUntouched()
    {
        var document = JsonNode.Parse("""{"a":1}""")!;
        var patch = JsonNode.Parse("""[{"op":"add","path":"/b","value":2},{"op":"test","path":"/a","value":5}]""")!;

        Assert.Throws<PatchException>(() => JsonPatch.Apply(document, patch));

        JsonAssert.Equal("""{"a":1}""", document);
    }

    [Fact]
    public void Apply_RolloutUndoBody_ReplacesTemplateAndAnnotations()
    {
        // The body kubectl rollout undo sends (kubectl-contract.md section 5).
        var deployment = JsonNode.Parse("""
            {"metadata":{"name":"web","annotations":{"deployment.kubernetes.io/revision":"3"}},
             "spec":{"replicas":2,"template":{"metadata":{"labels":{"app":"web"}},"spec":{"containers":[{"name":"main","image":"busybox:1.37"}]}}}}
            """)!;
        var patch = JsonNode.Parse("""
            [{"op":"replace","path":"/spec/template","value":{"metadata":{"labels":{"app":"web"}},"spec":{"containers":[{"name":"main","image":"busybox:1.36"}]}}},
             {"op":"replace","path":"/metadata/annotations","value":{"deployment.kubernetes.io/revision":"2"}}]
            """)!;

        var result = JsonPatch.Apply(deployment, patch);

        Assert.Equal("busybox:1.36", (string?)result["spec"]!["template"]!["spec"]!["containers"]![0]!["image"]);
        Assert.Equal("2", (string?)result["metadata"]!["annotations"]!["deployment.kubernetes.io/revision"]);
        Assert.Equal(2, (int?)result["spec"]!["replicas"]);
        Assert.Equal("busybox:1.37", (string?)deployment["spec"]!["template"]!["spec"]!["containers"]![0]!["image"]); // input untouched
    }
}
