using MiniKube.Runc.Init;
using Xunit;

namespace MiniKube.Runc.Tests.Init;

public sealed class CapabilitiesTests
{
    [Fact]
    public void ToMask_IsTheKernelsBitLayout()
    {
        // The same value /proc/self/status shows as CapBnd for runc's default capability list.
        Assert.Equal(0x20000420UL, Capabilities.ToMask(["CAP_KILL", "CAP_NET_BIND_SERVICE", "CAP_AUDIT_WRITE"]));
    }

    [Fact]
    public void FromMask_RoundTrips() =>
        Assert.Equal(["CAP_CHOWN", "CAP_SYS_ADMIN"], Capabilities.FromMask(Capabilities.ToMask(["CAP_SYS_ADMIN", "CAP_CHOWN"])));

    [Fact]
    public void Names_MatchTheirNumbers()
    {
        Assert.Equal(21, Array.IndexOf(Capabilities.Names, "CAP_SYS_ADMIN"));
        Assert.Equal(24, Array.IndexOf(Capabilities.Names, "CAP_SYS_RESOURCE"));
        Assert.Equal(40, Array.IndexOf(Capabilities.Names, "CAP_CHECKPOINT_RESTORE"));
    }
}
