using MiniKube.Cli.Printing;
using Xunit;

namespace MiniKube.Cli.Tests.Printing;

public sealed class TabWriterTests
{
    [Fact]
    public void Format_PadsEachColumnToItsWidestCellPlusPadding_AndLeavesTheLastCellAlone()
    {
        var text = new TabWriter(minWidth: 0, padding: 3).Format("NAME\tREADY\tAGE\nweb-1\t1/1\t5s\n");

        Assert.Equal("NAME    READY   AGE\nweb-1   1/1     5s\n", text);
    }

    [Fact]
    public void Format_MinWidth_WidensNarrowColumns()
    {
        Assert.Equal("a     b\n", new TabWriter(minWidth: 6, padding: 3).Format("a\tb\n"));
    }

    [Fact]
    public void Format_LineWithoutTabs_EndsTheColumnBlock()
    {
        // "Pod Template:" has no tab, so the lines after it line up on their own, as in kubectl describe.
        var text = new TabWriter(minWidth: 0, padding: 2).Format("Name:\tweb\nCreationTimestamp:\tnow\nPod Template:\n  Labels:\tapp=web\n");

        Assert.Equal("Name:               web\nCreationTimestamp:  now\nPod Template:\n  Labels:  app=web\n", text);
    }

    [Fact]
    public void Format_LinesWithFewerCells_ShareOnlyTheColumnsTheyHave()
    {
        var text = new TabWriter(minWidth: 0, padding: 2).Format("  Type\tStatus\tReason\n  Available \tFalse\tNone\nOldReplicaSets:\t<none>\n");

        Assert.Equal("  Type           Status  Reason\n  Available      False   None\nOldReplicaSets:  <none>\n", text);
    }

    [Fact]
    public void Format_RememberWidths_KeepsColumnsAlignedAcrossCalls()
    {
        var writer = new TabWriter(minWidth: 6, padding: 3, rememberWidths: true);

        var first = writer.Format("NAME\tAGE\na-long-name\t1s\n");
        var later = writer.Format("b\t2s\n");

        Assert.Equal("NAME          AGE\na-long-name   1s\n", first);
        Assert.Equal("b             2s\n", later);
    }
}
