using System.Text.Json;
using MiniKube.Cli.Manifests;
using Xunit;

namespace MiniKube.Cli.Tests.Manifests;

public sealed class YamlToJsonTests
{
    [Theory]
    [InlineData("3", "3", JsonValueKind.Number)]
    [InlineData("-7", "-7", JsonValueKind.Number)]
    [InlineData("1.5", "1.5", JsonValueKind.Number)]
    [InlineData("\"3\"", "\"3\"", JsonValueKind.String)]
    [InlineData("'true'", "\"true\"", JsonValueKind.String)]
    [InlineData("true", "true", JsonValueKind.True)]
    [InlineData("False", "false", JsonValueKind.False)]
    [InlineData("~", "null", JsonValueKind.Null)]
    [InlineData("", "null", JsonValueKind.Null)]
    [InlineData("busybox:1.37", "\"busybox:1.37\"", JsonValueKind.String)]
    [InlineData("100m", "\"100m\"", JsonValueKind.String)]
    public void ParseDocuments_PlainScalarsGetTheirYamlType_QuotedOnesStayStrings(string yamlValue, string expectedJson, JsonValueKind kind)
    {
        var document = YamlToJson.ParseDocuments($"value: {yamlValue}\n").Single();

        var value = document["value"];
        Assert.Equal(kind, value?.GetValueKind() ?? JsonValueKind.Null);
        Assert.Equal(expectedJson, value?.ToJsonString() ?? "null");
    }

    [Fact]
    public void ParseDocuments_BlockText_KeepsItsNewlines()
    {
        var document = YamlToJson.ParseDocuments("script: |\n  echo one\n  echo two\n").Single();

        Assert.Equal("echo one\necho two\n", (string?)document["script"]);
    }

    [Fact]
    public void ParseDocuments_SkipsEmptyDocuments()
    {
        var documents = YamlToJson.ParseDocuments("---\na: 1\n---\n# only a comment\n---\nb: 2\n");

        Assert.Equal(["{\"a\":1}", "{\"b\":2}"], documents.Select(d => d.ToJsonString()));
    }
}
