using MiniKube.Runc.Spec;

namespace MiniKube.Runc.Init;

/// <summary>
/// What the parent tells init over the sync socket: what to set up (the validated config.json) and where things
/// are on the host (rootfs, bundle, exec FIFO, the container's cgroup directories). Init has no other input.
/// </summary>
internal sealed record InitConfig
{
    /// <summary>"create": set up a new container and wait on the exec FIFO. "exec": join a running one and run a process.</summary>
    public string Mode { get; init; } = "create";
    public RuntimeSpec Spec { get; init; } = new();
    /// <summary>The process to run: config.json's for "create", the process.json for "exec".</summary>
    public Process Process { get; init; } = new();
    public string Rootfs { get; init; } = "";
    public string Bundle { get; init; } = "";
    public string FifoPath { get; init; } = "";
    public bool NewCgroupNamespace { get; init; }
    public bool NewNetworkNamespace { get; init; }
    public string CgroupDriver { get; init; } = "";
    public Dictionary<string, string> CgroupPaths { get; init; } = [];
    /// <summary>How many descriptors after stderr (3, 4, …) the program receives on purpose (--preserve-fds).</summary>
    public int PreserveFds { get; init; }
}
