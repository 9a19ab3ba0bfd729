using System.Text.Json.Nodes;
using MiniKube.Cli.Printing;
using Xunit;

namespace MiniKube.Cli.Tests.Printing;

public sealed class TablePrinterTests
{
    // A server Table as minikube-apiserver and kube-apiserver send it: one wide (priority 1) column.
    private static JsonObject PodTable(params (string Namespace, string Name)[] pods) => new()
    {
        ["kind"] = "Table",
        ["apiVersion"] = "meta.k8s.io/v1",
        ["columnDefinitions"] = new JsonArray(
            new JsonObject { ["name"] = "Name", ["type"] = "string", ["format"] = "name", ["priority"] = 0 },
            new JsonObject { ["name"] = "Restarts", ["type"] = "integer", ["format"] = "", ["priority"] = 0 },
            new JsonObject { ["name"] = "Node", ["type"] = "string", ["format"] = "", ["priority"] = 1 }),
        ["rows"] = new JsonArray([.. pods.Select(p => (JsonNode)new JsonObject
        {
            ["cells"] = new JsonArray(p.Name, 0, "<none>"),
            ["object"] = new JsonObject { ["metadata"] = new JsonObject { ["name"] = p.Name, ["namespace"] = p.Namespace } },
        })]),
    };

    [Fact]
    public void Render_HidesPriorityOneColumnsUnlessWide()
    {
        var narrow = new TablePrinter(new TablePrintOptions());
        var wide = new TablePrinter(new TablePrintOptions(Wide: true));
        narrow.Add(PodTable(("default", "web-1")));
        wide.Add(PodTable(("default", "web-1")));

        Assert.Equal("NAME    RESTARTS\nweb-1   0\n", narrow.Render());
        Assert.Equal("NAME    RESTARTS   NODE\nweb-1   0          <none>\n", wide.Render());
    }

    [Fact]
    public void Render_AllNamespaces_PrependsTheNamespaceFromEachRowsObject()
    {
        var printer = new TablePrinter(new TablePrintOptions(WithNamespace: true));
        printer.Add(PodTable(("default", "web-1"), ("kube-system", "dns")));

        Assert.Equal("NAMESPACE     NAME    RESTARTS\ndefault       web-1   0\nkube-system   dns     0\n", printer.Render());
    }

    [Fact]
    public void Render_KindPrefix_GoesOnTheNameColumn()
    {
        var printer = new TablePrinter(new TablePrintOptions(KindPrefix: "pod"));
        printer.Add(PodTable(("default", "web-1")));

        Assert.Equal("NAME        RESTARTS\npod/web-1   0\n", printer.Render());
    }

    [Fact]
    public void Add_SameColumnsAgain_PrintsTheHeaderOnce()
    {
        var printer = new TablePrinter(new TablePrintOptions());
        printer.Add(PodTable(("default", "a")));
        var watchEvent = PodTable(("default", "b"));
        watchEvent.Remove("columnDefinitions"); // later watch events carry no column definitions
        printer.Add(watchEvent);

        Assert.Equal("NAME   RESTARTS\na      0\nb      0\n", printer.Render());
    }

    [Fact]
    public void Render_EmptyTable_PrintsNothing()
    {
        var printer = new TablePrinter(new TablePrintOptions());
        printer.Add(PodTable());

        Assert.Equal("", printer.Render());
        Assert.False(printer.PrintedRows);
    }

    [Theory]
    [InlineData("\"Running\"", "Running")]
    [InlineData("3", "3")]
    [InlineData("true", "true")]
    [InlineData("null", "")]
    [InlineData("\"first line\\nsecond\"", "first line...")]
    public void CellText_FormatsCellsLikeKubectl(string json, string expected) =>
        Assert.Equal(expected, TablePrinter.CellText(JsonNode.Parse(json)));
}
