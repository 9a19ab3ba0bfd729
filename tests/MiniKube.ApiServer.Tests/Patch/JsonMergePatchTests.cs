using System.Text.Json.Nodes;
using MiniKube.ApiServer.Patch;
using Xunit;

namespace MiniKube.ApiServer.Tests.Patch;

public sealed class JsonMergePatchTests
{
    // The examples of RFC 7386 appendix A: document, patch, expected result.
    [Theory]
    [InlineData("""{"a":"b"}""", """{"a":"c"}""", """{"a":"c"}""")]
    [InlineData("""{"a":"b"}""", """{"b":"c"}""", """{"a":"b","b":"c"}""")]
    [InlineData("""{"a":"b"}""", """{"a":null}""", """{}""")]
    [InlineData("""{"a":"b","b":"c"}""", """{"a":null}""", """{"b":"c"}""")]
    [InlineData("""{"a":["b"]}""", """{"a":"c"}""", """{"a":"c"}""")]
    [InlineData("""{"a":"c"}""", """{"a":["b"]}""", """{"a":["b"]}""")]
    [InlineData("""{"a":{"b":"c"}}""", """{"a":{"b":"d","c":null}}""", """{"a":{"b":"d"}}""")]
    [InlineData("""{"a":[{"b":"c"}]}""", """{"a":[1]}""", """{"a":[1]}""")]
    [InlineData("""["a","b"]""", """["c","d"]""", """["c","d"]""")]
    [InlineData("""{"a":"b"}""", """["c"]""", """["c"]""")]
    [InlineData("""{"a":"foo"}""", "\"bar\"", "\"bar\"")]
    [InlineData("""{"e":null}""", """{"a":1}""", """{"e":null,"a":1}""")]
    [InlineData("""[1,2]""", """{"a":"b","c":null}""", """{"a":"b"}""")]
    [InlineData("""{}""", """{"a":{"bb":{"ccc":null}}}""", """{"a":{"bb":{}}}""")]
    public void Apply_Rfc7386Examples_GiveExpectedDocument(string document, string patch, string expected) =>
        JsonAssert.Equal(expected, JsonMergePatch.Apply(JsonNode.Parse(document)!, JsonNode.Parse(patch)!));

    [Fact]
    public void Apply_KubectlScaleBody_ChangesOnlyReplicas()
    {
        var deployment = JsonNode.Parse("""{"metadata":{"name":"web"},"spec":{"replicas":2,"selector":{"matchLabels":{"app":"web"}}}}""")!;

        var result = JsonMergePatch.Apply(deployment, JsonNode.Parse("""{"spec":{"replicas":4}}""")!);

        JsonAssert.Equal("""{"metadata":{"name":"web"},"spec":{"replicas":4,"selector":{"matchLabels":{"app":"web"}}}}""", result);
        Assert.Equal(2, (int?)deployment["spec"]!["replicas"]); // input untouched
    }

    [Fact]
    public void Apply_ListOfContainers_IsReplacedWhole()
    {
        // The difference from a strategic merge patch: a merge patch cannot change one list item.
        var pod = JsonNode.Parse("""{"spec":{"containers":[{"name":"a","image":"x"},{"name":"b","image":"y"}]}}""")!;

        var result = JsonMergePatch.Apply(pod, JsonNode.Parse("""{"spec":{"containers":[{"name":"a","image":"z"}]}}""")!);

        JsonAssert.Equal("""{"spec":{"containers":[{"name":"a","image":"z"}]}}""", result);
    }
}
