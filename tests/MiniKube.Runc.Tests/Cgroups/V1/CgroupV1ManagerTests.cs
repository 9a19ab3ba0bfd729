using MiniKube.Runc.Cgroups;
using MiniKube.Runc.Cgroups.V1;
using MiniKube.Runc.Spec;
using Xunit;

namespace MiniKube.Runc.Tests.Cgroups.V1;

public sealed class CgroupV1ManagerTests
{
    private static readonly CgroupLayout Layout = CgroupLayout.Detect(MountInfo.Parse("""
        30 25 0:27 / /sys/fs/cgroup/cpu,cpuacct rw - cgroup cgroup rw,cpu,cpuacct
        31 25 0:28 / /sys/fs/cgroup/memory rw - cgroup cgroup rw,memory
        """));

    [Fact]
    public void ForContainer_RelativePath_GoesUnderOurOwnCgroup()
    {
        var own = new Dictionary<string, string> { ["memory"] = "/agent/x", ["cpu,cpuacct"] = "/" };
        var m = CgroupV1Manager.ForContainer(Layout, "c1", own);
        Assert.Equal("/sys/fs/cgroup/memory/agent/x/c1", m.Paths["memory"]);
        Assert.Equal("/sys/fs/cgroup/cpu,cpuacct/c1", m.Paths["cpu,cpuacct"]);
    }

    [Fact]
    public void ForContainer_AbsolutePath_GoesUnderTheHierarchyRoot()
    {
        var own = new Dictionary<string, string> { ["memory"] = "/agent/x", ["cpu,cpuacct"] = "/" };
        var m = CgroupV1Manager.ForContainer(Layout, "/kubepods/pod1/c1", own);
        Assert.Equal("/sys/fs/cgroup/memory/kubepods/pod1/c1", m.Paths["memory"]);
    }

    [Theory]
    [InlineData(false, null, null, null, null, "a *:* rwm")]
    [InlineData(true, "c", 1L, 3L, "rw", "c 1:3 rw")]
    [InlineData(true, "c", 136L, null, null, "c 136:* rwm")]
    public void Devices_Format_IsTheKernelsRuleSyntax(bool allow, string? type, long? major, long? minor, string? access, string expected) =>
        Assert.Equal(expected, Devices.Format(new LinuxDeviceCgroup { Allow = allow, Type = type, Major = major, Minor = minor, Access = access }));
}
