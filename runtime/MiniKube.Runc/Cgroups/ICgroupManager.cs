using MiniKube.Runc.Spec;

namespace MiniKube.Runc.Cgroups;

/// <summary>
/// A container's cgroup, whichever cgroup version the machine runs. Two drivers implement it: V1/CgroupV1Manager
/// (one directory per controller hierarchy, e.g. /sys/fs/cgroup/memory/&lt;path&gt;) and V2/CgroupV2Manager (one
/// directory in the unified tree). The container's state file keeps <see cref="Driver"/> and <see cref="Paths"/> so
/// that later commands (kill --all, delete, events) find the same directories.
/// Concept: https://kubernetes.io/docs/concepts/architecture/cgroups/
/// </summary>
internal interface ICgroupManager
{
    /// <summary>"v1" or "v2".</summary>
    string Driver { get; }

    /// <summary>Hierarchy name (v1: "memory", "cpu,cpuacct", "name=systemd"; v2: "") → directory.</summary>
    IReadOnlyDictionary<string, string> Paths { get; }

    /// <summary>Makes the directories and writes the limits, before any process is in the cgroup.</summary>
    void Create(LinuxResources? resources);

    /// <summary>Moves a process into the cgroup (writes its pid to cgroup.procs); its children stay there.</summary>
    void AddProcess(int pid);

    /// <summary>Every process in the container's cgroup.</summary>
    IReadOnlyList<int> GetPids();

    /// <summary>Signals every process in the cgroup, frozen first so a fork bomb cannot outrun the loop.</summary>
    void SignalAll(int signal);

    CgroupStats GetStats();

    /// <summary>Removes the directories, waiting briefly for dying processes to leave. Missing directories are fine.</summary>
    void Destroy();
}
