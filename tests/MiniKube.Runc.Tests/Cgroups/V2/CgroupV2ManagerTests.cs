using MiniKube.Runc.Cgroups;
using MiniKube.Runc.Cgroups.V2;
using MiniKube.Runc.Spec;
using MiniKube.Testing;
using Xunit;

namespace MiniKube.Runc.Tests.Cgroups.V2;

/// <summary>
/// The cgroup v2 driver. This machine's cgroup2 tree holds no controllers (they are bound to v1), so the limits are
/// checked against a directory laid out like a cgroup2 mount (cgroup.controllers and cgroup.subtree_control at the
/// top, interface files written by the driver), and creating, joining and removing a cgroup is checked for real
/// in this machine's (controller-less) cgroup2 tree.
/// </summary>
public sealed class CgroupV2ManagerTests : IDisposable
{
    private readonly TestDirectory _fake = new();

    public CgroupV2ManagerTests()
    {
        File.WriteAllText(_fake.Combine("cgroup.controllers"), "cpuset cpu io memory hugetlb pids rdma misc\n");
        File.WriteAllText(_fake.Combine("cgroup.subtree_control"), "");
    }

    public void Dispose() => _fake.Dispose();

    private string Read(params string[] path) => File.ReadAllText(_fake.Combine(path)).Trim();

    [Fact]
    public void Create_EnablesControllersDownTheTree_AndWritesLimits()
    {
        var manager = new CgroupV2Manager(_fake.Path, "/kubepods/pod1/c1");
        manager.Create(new LinuxResources
        {
            Memory = new LinuxMemory { Limit = 64 * 1024 * 1024, Swap = 96 * 1024 * 1024, Reservation = 32 * 1024 * 1024 },
            Cpu = new LinuxCpu { Shares = 512, Quota = 50_000, Period = 100_000, Cpus = "0-1", Mems = "0" },
            Pids = new LinuxPids { Limit = 100 },
            Unified = new() { ["memory.high"] = "48M" },
        });

        Assert.Equal("+cpuset +cpu +io +memory +hugetlb +pids", Read("cgroup.subtree_control"));
        Assert.Equal("+cpuset +cpu +io +memory +hugetlb +pids", Read("kubepods", "cgroup.subtree_control"));
        Assert.Equal("+cpuset +cpu +io +memory +hugetlb +pids", Read("kubepods", "pod1", "cgroup.subtree_control"));
        Assert.False(File.Exists(_fake.Combine("kubepods", "pod1", "c1", "cgroup.subtree_control")));   // the leaf delegates nothing
        Assert.Equal("67108864", Read("kubepods", "pod1", "c1", "memory.max"));
        Assert.Equal("33554432", Read("kubepods", "pod1", "c1", "memory.swap.max"));   // v2 counts swap alone: 96M - 64M
        Assert.Equal("33554432", Read("kubepods", "pod1", "c1", "memory.low"));
        Assert.Equal("20", Read("kubepods", "pod1", "c1", "cpu.weight"));   // 1 + (512 - 2) * 9999 / 262142
        Assert.Equal("50000 100000", Read("kubepods", "pod1", "c1", "cpu.max"));
        Assert.Equal("0-1", Read("kubepods", "pod1", "c1", "cpuset.cpus"));
        Assert.Equal("100", Read("kubepods", "pod1", "c1", "pids.max"));
        Assert.Equal("48M", Read("kubepods", "pod1", "c1", "memory.high"));
    }

    [Fact]
    public void Create_Unlimited_WritesMax()
    {
        new CgroupV2Manager(_fake.Path, "/c2").Create(new LinuxResources
        {
            Memory = new LinuxMemory { Limit = -1, Swap = -1 },
            Cpu = new LinuxCpu { Quota = -1, Period = 100_000 },
            Pids = new LinuxPids { Limit = 0 },
        });
        Assert.Equal("max", Read("c2", "memory.max"));
        Assert.Equal("max", Read("c2", "memory.swap.max"));
        Assert.Equal("max 100000", Read("c2", "cpu.max"));
        Assert.Equal("max", Read("c2", "pids.max"));
    }

    [Fact]
    public void Create_ControllerMissing_IsRefusedClearly()
    {
        File.WriteAllText(_fake.Combine("cgroup.controllers"), "cpu io\n");
        var ex = Assert.Throws<CgroupException>(() =>
            new CgroupV2Manager(_fake.Path, "/c3").Create(new LinuxResources { Memory = new LinuxMemory { Limit = 1 << 20 } }));
        Assert.Contains("the memory controller is not available", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void GetStats_ReadsV2Files_InRuncUnits()
    {
        var dir = _fake.Combine("c4");
        Directory.CreateDirectory(dir);
        File.WriteAllText(Path.Join(dir, "memory.current"), "1048576\n");
        File.WriteAllText(Path.Join(dir, "memory.max"), "max\n");
        File.WriteAllText(Path.Join(dir, "memory.events"), "low 0\nhigh 0\nmax 7\noom 2\noom_kill 1\n");
        File.WriteAllText(Path.Join(dir, "cpu.stat"), "usage_usec 1500\nuser_usec 1000\nsystem_usec 500\nnr_periods 10\nnr_throttled 4\nthrottled_usec 20\n");
        File.WriteAllText(Path.Join(dir, "pids.current"), "3\n");
        File.WriteAllText(Path.Join(dir, "pids.max"), "max\n");

        var stats = new CgroupV2Manager(_fake.Path, "/c4").GetStats();
        Assert.Equal(1048576UL, stats.Memory.Usage.Usage);
        Assert.Equal(ulong.MaxValue, stats.Memory.Usage.Limit);
        Assert.Equal(7UL, stats.Memory.Usage.Failcnt);
        Assert.Equal(2UL, stats.Memory.EventCount.Oom);
        Assert.Equal(1UL, stats.Memory.EventCount.OomKill);
        Assert.Equal(1_500_000UL, stats.Cpu.Usage.Total);
        Assert.Equal(4UL, stats.Cpu.Throttling.ThrottledPeriods);
        Assert.Equal(3UL, stats.Pids.Current);
        Assert.Equal(0UL, stats.Pids.Limit);
    }

    [Theory]
    [InlineData(2UL, 1UL)]
    [InlineData(1024UL, 39UL)]
    [InlineData(262144UL, 10000UL)]
    public void SharesToWeight_MapsTheRanges(ulong shares, ulong weight) => Assert.Equal(weight, Cpu.SharesToWeight(shares));

    [RequiresFact(Root = true)]
    public void CreateJoinDestroy_InThisMachinesCgroup2Tree()
    {
        var layout = CgroupLayout.Detect();
        var mountPoint = layout.V2MountPoint ?? throw new InvalidOperationException("this machine has no cgroup2 tree");
        var path = "/minirunc-v2-test-" + Guid.NewGuid().ToString("N")[..8];
        var manager = new CgroupV2Manager(mountPoint, path);
        using var sleeper = System.Diagnostics.Process.Start("sleep", "30");
        try
        {
            manager.Create(null);
            manager.AddProcess(sleeper.Id);
            Assert.Equal([sleeper.Id], manager.GetPids());
            Assert.Contains($"0::{path}\n", File.ReadAllText($"/proc/{sleeper.Id}/cgroup"), StringComparison.Ordinal);

            manager.SignalAll(9);
            sleeper.WaitForExit();
            manager.Destroy();
            Assert.False(Directory.Exists(Path.Join(mountPoint, path)));
        }
        finally
        {
            if (!sleeper.HasExited) sleeper.Kill();
            if (Directory.Exists(Path.Join(mountPoint, path))) Directory.Delete(Path.Join(mountPoint, path));
        }
    }
}
