using System.Text.Json.Nodes;
using MiniKube.Cli.Printing;
using Xunit;

namespace MiniKube.Cli.Tests.Printing;

public sealed class YamlPrinterTests
{
    [Fact]
    public void Print_SortsKeys_AndKeepsListsAtTheKeysIndentation()
    {
        var obj = JsonNode.Parse("""
            {"spec":{"containers":[{"name":"main","image":"busybox","ports":[{"containerPort":80}]}]},"kind":"Pod","apiVersion":"v1"}
            """)!;

        Assert.Equal("""
            apiVersion: v1
            kind: Pod
            spec:
              containers:
              - image: busybox
                name: main
                ports:
                - containerPort: 80

            """.ReplaceLineEndings("\n"), YamlPrinter.Print(obj));
    }

    [Fact]
    public void Print_EmptyMapsAndLists_AreInline()
    {
        Assert.Equal("a: {}\nb: []\nc: null\n", YamlPrinter.Print(JsonNode.Parse("""{"a":{},"b":[],"c":null}""")!));
    }

    [Fact]
    public void Print_MultiLineString_IsALiteralBlock()
    {
        Assert.Equal("a: |\n  line1\n  line2\nb: |-\n  x\n  y\n", YamlPrinter.Print(JsonNode.Parse("""{"a":"line1\nline2\n","b":"x\ny"}""")!));
    }

    [Theory]
    [InlineData("hello", "hello")]
    [InlineData("app=web", "app=web")]
    [InlineData("42", "\"42\"")]
    [InlineData("1.5", "\"1.5\"")]
    [InlineData("true", "\"true\"")]
    [InlineData("no", "\"no\"")]
    [InlineData("null", "\"null\"")]
    [InlineData("", "\"\"")]
    [InlineData("2026-01-02T03:04:05Z", "\"2026-01-02T03:04:05Z\"")]
    [InlineData("*star", "'*star'")]
    [InlineData("a: b", "'a: b'")]
    [InlineData("it's", "it's")]
    public void Scalar_QuotesOnlyWhatYamlWouldReadAsSomethingElse(string text, string expected) =>
        Assert.Equal(expected, YamlPrinter.Scalar(text));
}
