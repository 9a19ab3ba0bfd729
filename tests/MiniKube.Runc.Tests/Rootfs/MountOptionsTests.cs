using MiniKube.Runc.Interop;
using MiniKube.Runc.Rootfs;
using Xunit;

namespace MiniKube.Runc.Tests.Rootfs;

public sealed class MountOptionsTests
{
    [Fact]
    public void Parse_SplitsFlagsPropagationAndData()
    {
        var o = MountOptions.Parse(["nosuid", "noexec", "ro", "mode=755", "size=65536k", "rslave"]);
        Assert.Equal(Libc.MS_NOSUID | Libc.MS_NOEXEC | Libc.MS_RDONLY, o.Flags);
        Assert.Equal(Libc.MS_SLAVE | Libc.MS_REC, o.Propagation);
        Assert.Equal("mode=755,size=65536k", o.Data);
    }

    [Fact]
    public void Parse_LaterOptionWins() => Assert.Equal(0UL, MountOptions.Parse(["ro", "rw"]).Flags);

    [Theory]
    [InlineData("bind", false)]
    [InlineData("rbind", true)]
    public void Parse_Bind(string option, bool recursive)
    {
        var o = MountOptions.Parse([option]);
        Assert.True(o.IsBind);
        Assert.Equal(recursive, (o.Flags & Libc.MS_REC) != 0);
    }
}
