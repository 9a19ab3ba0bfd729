using System.Text.Json.Nodes;
using MiniKube.Cli.Printing;
using Xunit;

namespace MiniKube.Cli.Tests.Printing;

public sealed class JsonPrinterTests
{
    [Fact]
    public void Print_SortsKeysAndIndentsByFourSpaces()
    {
        var text = JsonPrinter.Print(JsonNode.Parse("""{"kind":"Pod","apiVersion":"v1","metadata":{"name":"é","labels":{}}}""")!);

        Assert.Equal("""
            {
                "apiVersion": "v1",
                "kind": "Pod",
                "metadata": {
                    "labels": {},
                    "name": "é"
                }
            }

            """.ReplaceLineEndings("\n"), text);
    }
}
