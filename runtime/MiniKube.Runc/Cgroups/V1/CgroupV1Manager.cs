using MiniKube.Runc.Interop;
using MiniKube.Runc.Spec;

namespace MiniKube.Runc.Cgroups.V1;

/// <summary>
/// The cgroup v1 driver ("cgroupfs"): the container gets one directory in every hierarchy, e.g.
/// /sys/fs/cgroup/memory/&lt;path&gt; and /sys/fs/cgroup/pids/&lt;path&gt;, and each controller's file
/// (Memory.cs, Cpu.cs, Pids.cs…) writes its limits into its own hierarchy's directory.
/// Concept: https://docs.kernel.org/admin-guide/cgroup-v1/cgroups.html
/// </summary>
internal sealed class CgroupV1Manager : ICgroupManager
{
    private readonly Dictionary<string, string> _paths;

    public CgroupV1Manager(IReadOnlyDictionary<string, string> paths) => _paths = new(paths);

    public string Driver => "v1";
    public IReadOnlyDictionary<string, string> Paths => _paths;

    /// <summary>
    /// The directories for a new container. An absolute cgroupsPath is taken from each hierarchy's root; a relative
    /// one (or none: then the container id) is placed under the cgroup minirunc itself runs in, as runc does.
    /// </summary>
    public static CgroupV1Manager ForContainer(CgroupLayout layout, string cgroupPath, IReadOnlyDictionary<string, string> ownCgroups)
    {
        var paths = new Dictionary<string, string>();
        foreach (var h in layout.V1Hierarchies)
        {
            var own = ownCgroups.FirstOrDefault(c => SameControllers(c.Key, h.Controllers)).Value ?? "/";
            var full = cgroupPath.StartsWith('/') ? cgroupPath : Path.Join(own, cgroupPath);
            // A hierarchy mounted from a sub-cgroup (Root is not "/") shows only that subtree.
            if (h.MountRoot != "/" && full.StartsWith(h.MountRoot, StringComparison.Ordinal)) full = full[h.MountRoot.Length..];
            paths[h.Name] = Path.Join(h.MountPoint, full);
        }
        return new CgroupV1Manager(paths);
    }

    private static bool SameControllers(string list, IReadOnlyList<string> controllers) =>
        list.Split(',').Order().SequenceEqual(controllers.Order());

    /// <summary>The directory of the hierarchy that has <paramref name="controller"/>, or null if none does.</summary>
    private CgroupDirectory? For(string controller)
    {
        var entry = _paths.FirstOrDefault(p => p.Key.Split(',').Contains(controller));
        return entry.Value is null ? null : new CgroupDirectory(entry.Value);
    }

    public void Create(LinuxResources? resources)
    {
        foreach (var (name, path) in _paths)
        {
            Directory.CreateDirectory(path);
            // A new cpuset cgroup starts with no CPUs and no memory nodes, and the kernel refuses to put a process
            // into it until both are set, so copy them from the parent.
            if (name.Split(',').Contains("cpuset")) Cpuset.InheritFromParent(new CgroupDirectory(path));
        }

        if (resources is null) return;
        if (For("memory") is { } memory) Memory.Apply(memory, resources.Memory);
        else if (resources.Memory is not null) throw new CgroupException("config asks for memory limits but the memory controller is not mounted");
        if (For("cpu") is { } cpu) Cpu.Apply(cpu, resources.Cpu);
        if (For("cpuset") is { } cpuset) Cpuset.Apply(cpuset, resources.Cpu);
        if (For("pids") is { } pids) Pids.Apply(pids, resources.Pids);
        else if (resources.Pids is not null) throw new CgroupException("config asks for a pids limit but the pids controller is not mounted");
        if (For("devices") is { } devices) Devices.Apply(devices, resources.Devices);
    }

    public void AddProcess(int pid)
    {
        foreach (var path in _paths.Values) new CgroupDirectory(path).WriteFile("cgroup.procs", pid);
    }

    public IReadOnlyList<int> GetPids() =>
        _paths.Values.SelectMany(p => new CgroupDirectory(p).ReadPids()).Distinct().ToList();

    public void SignalAll(int signal)
    {
        // Freeze first: otherwise a fork bomb makes new processes faster than we can kill them.
        var freezer = For("freezer");
        if (freezer is { Exists: true }) Freezer.Freeze(freezer);
        try
        {
            foreach (var pid in GetPids()) Libc.kill(pid, signal);
        }
        finally
        {
            if (freezer is { Exists: true }) Freezer.Thaw(freezer);
        }
    }

    public CgroupStats GetStats()
    {
        var stats = new CgroupStats();
        if (For("memory") is { Exists: true } memory) Memory.ReadStats(memory, stats.Memory);
        if (For("cpuacct") is { Exists: true } cpuacct) CpuAcct.ReadStats(cpuacct, stats.Cpu);
        if (For("cpu") is { Exists: true } cpu) Cpu.ReadStats(cpu, stats.Cpu);
        if (For("pids") is { Exists: true } pids) Pids.ReadStats(pids, stats.Pids);
        return stats;
    }

    public void Destroy()
    {
        foreach (var path in _paths.Values) CgroupRemover.Remove(path);
    }
}
