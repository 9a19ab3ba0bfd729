using MiniKube.Runc.State;
using Xunit;

namespace MiniKube.Runc.Tests.State;

public sealed class ProcessStatTests
{
    [Fact]
    public void Read_OwnProcess_IsAliveWithAStableStartTime()
    {
        var pid = Environment.ProcessId;
        var stat = ProcessStat.Read(pid);
        Assert.NotNull(stat);
        Assert.True(stat.IsAlive);
        Assert.True(ProcessStat.IsSameLiveProcess(pid, stat.StartTime));
        Assert.False(ProcessStat.IsSameLiveProcess(pid, stat.StartTime + 1));   // same pid, other process
    }

    [Fact]
    public void Read_MissingProcess_IsNull() => Assert.Null(ProcessStat.Read(int.MaxValue));
}
