using MiniKube.Runc.Cgroups;
using Xunit;

namespace MiniKube.Runc.Tests.Cgroups;

/// <summary>Detection of the cgroup layout from /proc/self/mountinfo text (this machine's and typical others').</summary>
public sealed class CgroupLayoutTests
{
    // The development machines: v1 controllers plus a cgroup2 tree at /sys/fs/cgroup/unified.
    private const string Hybrid = """
        25 20 0:22 / /sys/fs/cgroup ro,nosuid,nodev,noexec shared:9 - tmpfs tmpfs ro,mode=755
        26 25 0:23 / /sys/fs/cgroup/unified rw,nosuid,nodev,noexec,relatime shared:10 - cgroup2 cgroup2 rw,nsdelegate
        27 25 0:24 / /sys/fs/cgroup/systemd rw,nosuid,nodev,noexec,relatime shared:11 - cgroup cgroup rw,xattr,name=systemd
        30 25 0:27 / /sys/fs/cgroup/cpu,cpuacct rw,nosuid,nodev,noexec,relatime shared:14 - cgroup cgroup rw,cpu,cpuacct
        31 25 0:28 / /sys/fs/cgroup/memory rw,nosuid,nodev,noexec,relatime shared:15 - cgroup cgroup rw,memory
        32 25 0:29 / /sys/fs/cgroup/pids rw,nosuid,nodev,noexec,relatime shared:16 - cgroup cgroup rw,pids
        """;

    private const string Unified = """
        35 24 0:30 / /sys/fs/cgroup rw,nosuid,nodev,noexec,relatime shared:9 - cgroup2 cgroup2 rw,nsdelegate,memory_recursiveprot
        """;

    [Fact]
    public void Detect_Hybrid_FindsEachV1Hierarchy()
    {
        var layout = CgroupLayout.Detect(MountInfo.Parse(Hybrid));
        Assert.Equal(CgroupMode.Hybrid, layout.Mode);
        Assert.Equal(["name=systemd", "cpu,cpuacct", "memory", "pids"], layout.V1Hierarchies.Select(h => h.Name));
        Assert.Equal("/sys/fs/cgroup/cpu,cpuacct", layout.V1Hierarchies[1].MountPoint);
        Assert.Equal("/sys/fs/cgroup/unified", layout.V2MountPoint);
    }

    [Fact]
    public void Detect_Unified()
    {
        var layout = CgroupLayout.Detect(MountInfo.Parse(Unified));
        Assert.Equal(CgroupMode.Unified, layout.Mode);
        Assert.Empty(layout.V1Hierarchies);
        Assert.Equal("/sys/fs/cgroup", layout.V2MountPoint);
    }

    [Fact]
    public void Detect_NoCgroupFilesystem_SaysSo() =>
        Assert.Throws<CgroupException>(() => CgroupLayout.Detect(MountInfo.Parse("22 1 8:1 / / rw - ext4 /dev/sda1 rw")));

    [Fact]
    public void Detect_ThisMachine_MatchesProcSelfCgroup()
    {
        var layout = CgroupLayout.Detect();
        var own = CgroupLayout.ParseProcCgroup(File.ReadAllText("/proc/self/cgroup"));
        if (layout.Mode == CgroupMode.Unified) Assert.True(own.ContainsKey(""));
        else Assert.All(layout.V1Hierarchies, h => Assert.Contains(own.Keys, k => k.Split(',').Order().SequenceEqual(h.Controllers.Order())));
    }

    [Fact]
    public void MountInfo_Parse_UnescapesOctal()
    {
        var m = MountInfo.Parse("40 25 0:5 / /mnt/with\\040space rw - tmpfs tmpfs rw").Single();
        Assert.Equal("/mnt/with space", m.MountPoint);
        Assert.Equal("tmpfs", m.FsType);
    }

    [Fact]
    public void ParseProcCgroup_MapsHierarchyToPath()
    {
        var own = CgroupLayout.ParseProcCgroup("4:memory:/a/b\n1:cpu,cpuacct:/\n0::/c\n");
        Assert.Equal("/a/b", own["memory"]);
        Assert.Equal("/", own["cpu,cpuacct"]);
        Assert.Equal("/c", own[""]);
    }
}
