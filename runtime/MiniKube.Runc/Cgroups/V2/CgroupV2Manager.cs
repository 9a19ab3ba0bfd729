using MiniKube.Runc.Interop;
using MiniKube.Runc.Spec;

namespace MiniKube.Runc.Cgroups.V2;

/// <summary>
/// The cgroup v2 driver ("cgroupfs" on the unified hierarchy): the container gets one directory in the single tree,
/// e.g. /sys/fs/cgroup/&lt;path&gt;, and every controller's files live side by side in it. A controller's files
/// appear in a cgroup only when its parent lists the controller in cgroup.subtree_control, so Create enables the
/// controllers on the way down.
/// Concept: https://docs.kernel.org/admin-guide/cgroup-v2.html
/// </summary>
internal sealed class CgroupV2Manager : ICgroupManager
{
    /// <summary>The controllers minirunc enables for its containers, when the machine has them.</summary>
    private static readonly string[] Wanted = ["cpuset", "cpu", "io", "memory", "hugetlb", "pids"];

    private readonly string _mountPoint;
    private readonly CgroupDirectory _dir;

    /// <param name="mountPoint">Where the cgroup2 filesystem is mounted (/sys/fs/cgroup, or a test's directory).</param>
    /// <param name="path">The container's directory, absolute within the tree ("/minikube/pod1/ctr1").</param>
    public CgroupV2Manager(string mountPoint, string path)
    {
        _mountPoint = mountPoint;
        _dir = new CgroupDirectory(Path.Join(mountPoint, path));
    }

    /// <summary>A relative cgroupsPath (or none: then the container id) goes under minirunc's own cgroup, as runc does.</summary>
    public static CgroupV2Manager ForContainer(string mountPoint, string cgroupPath, IReadOnlyDictionary<string, string> ownCgroups)
    {
        var path = cgroupPath.StartsWith('/') ? cgroupPath : Path.Join(ownCgroups.GetValueOrDefault("", "/"), cgroupPath);
        return new CgroupV2Manager(mountPoint, path);
    }

    /// <summary>Reopens a container's cgroup from the directory its state file recorded.</summary>
    public static CgroupV2Manager FromDirectory(string mountPoint, string directory) =>
        new(mountPoint, Path.GetRelativePath(mountPoint, directory));

    public string Driver => "v2";
    public IReadOnlyDictionary<string, string> Paths => new Dictionary<string, string> { [""] = _dir.Path };
    public string MountPoint => _mountPoint;

    public void Create(LinuxResources? resources)
    {
        var enabled = EnableControllersDownTo(_dir.Path);
        Directory.CreateDirectory(_dir.Path);
        if (resources is null) return;

        Require(enabled, "memory", resources.Memory is not null);
        Require(enabled, "pids", resources.Pids is not null);
        Require(enabled, "cpu", resources.Cpu is { Shares: > 0 } or { Quota: not null and not 0 } or { Period: > 0 });
        Require(enabled, "cpuset", resources.Cpu is { Cpus.Length: > 0 } or { Mems.Length: > 0 });

        Memory.Apply(_dir, resources.Memory);
        Cpu.Apply(_dir, resources.Cpu);
        Cpuset.Apply(_dir, resources.Cpu);
        Pids.Apply(_dir, resources.Pids);
        // linux.resources.unified: raw cgroup v2 files ("memory.high": "64M"), written as given.
        foreach (var (file, value) in resources.Unified ?? [])
        {
            if (file.Contains('/', StringComparison.Ordinal) || file.StartsWith('.'))
                throw new CgroupException($"linux.resources.unified key \"{file}\" is not a cgroup file name");
            _dir.WriteFile(file, value);
        }
        // Upstream difference: cgroup v2 has no devices files; runc loads an eBPF program to enforce
        // linux.resources.devices. minirunc does not, so on v2 the device rules are not enforced.
    }

    private static void Require(IReadOnlySet<string> enabled, string controller, bool needed)
    {
        if (needed && !enabled.Contains(controller))
            throw new CgroupException($"config sets {controller} limits but the {controller} controller is not available in this " +
                                      "cgroup v2 tree (it is missing from cgroup.controllers, or bound to a cgroup v1 hierarchy)");
    }

    /// <summary>
    /// Writes "+cpu +memory …" into cgroup.subtree_control of every ancestor of <paramref name="leaf"/>, from the root
    /// down, creating missing directories; returns the controllers the leaf's parent now delegates to its children.
    /// </summary>
    private HashSet<string> EnableControllersDownTo(string leaf)
    {
        var root = new CgroupDirectory(_mountPoint);
        var available = root.Has("cgroup.controllers") ? Words(root.ReadFile("cgroup.controllers")) : [];
        var toEnable = Wanted.Where(available.Contains).ToList();

        var relative = Path.GetRelativePath(_mountPoint, leaf).Split('/', StringSplitOptions.RemoveEmptyEntries);
        var current = _mountPoint;
        var enabled = new HashSet<string>();
        for (var i = 0; i < relative.Length; i++)
        {
            var dir = new CgroupDirectory(current);
            // A cgroup delegates only what it has itself; the root's list stands in for directories without one.
            var here = dir.Has("cgroup.controllers") && i > 0 ? Words(dir.ReadFile("cgroup.controllers")) : available;
            var list = toEnable.Where(here.Contains).ToList();
            if (list.Count > 0)
            {
                try { dir.WriteFile("cgroup.subtree_control", string.Join(' ', list.Select(c => "+" + c))); }
                catch (CgroupException ex)
                {
                    // EBUSY: v2's "no internal processes" rule: a cgroup with processes of its own cannot hand
                    // controllers to children. Use an absolute cgroupsPath outside any cgroup that has processes.
                    throw new CgroupException($"{ex.Message} (a cgroup that holds processes cannot delegate controllers; " +
                                              "use a cgroupsPath whose parents have no processes of their own)", ex);
                }
            }
            enabled = dir.Has("cgroup.subtree_control")
                ? Words(dir.ReadFile("cgroup.subtree_control").Replace("+", "", StringComparison.Ordinal))
                : [];
            current = Path.Join(current, relative[i]);
            Directory.CreateDirectory(current);
        }
        return enabled;
    }

    private static HashSet<string> Words(string text) => [.. text.Split([' ', '\n'], StringSplitOptions.RemoveEmptyEntries)];

    public void AddProcess(int pid) => _dir.WriteFile("cgroup.procs", pid);

    public IReadOnlyList<int> GetPids() => _dir.ReadPids();

    public void SignalAll(int signal)
    {
        // cgroup.kill (Linux 5.14+) kills every process in the subtree in one write, fork bombs included.
        if (signal == 9 && _dir.Has("cgroup.kill"))
        {
            _dir.WriteFile("cgroup.kill", "1");
            return;
        }
        var canFreeze = _dir.Has("cgroup.freeze");
        if (canFreeze) Freeze(true);
        try
        {
            foreach (var pid in GetPids()) Libc.kill(pid, signal);
        }
        finally
        {
            if (canFreeze) Freeze(false);
        }
    }

    private void Freeze(bool frozen)
    {
        _dir.WriteFile("cgroup.freeze", frozen ? "1" : "0");
        var want = frozen ? 1UL : 0UL;
        for (var i = 0; i < 200 && _dir.ReadKeyValues("cgroup.events").GetValueOrDefault("frozen") != want; i++) Thread.Sleep(10);
    }

    public CgroupStats GetStats()
    {
        var stats = new CgroupStats();
        if (!_dir.Exists) return stats;
        Memory.ReadStats(_dir, stats.Memory);
        Cpu.ReadStats(_dir, stats.Cpu);
        Pids.ReadStats(_dir, stats.Pids);
        return stats;
    }

    public void Destroy() => CgroupRemover.Remove(_dir.Path);
}
