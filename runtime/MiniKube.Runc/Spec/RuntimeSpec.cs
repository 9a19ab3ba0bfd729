namespace MiniKube.Runc.Spec;

// The bundle's config.json, as the OCI runtime specification defines it:
// https://github.com/opencontainers/runtime-spec/blob/main/config.md and config-linux.md.
// Property names become the spec's JSON names through camelCase (see SpecJsonContext). Only the fields minirunc acts
// on are modelled; anything else in config.json (hooks, annotations of other tools, Windows or VM sections) is
// ignored when read, as the spec allows.

/// <summary>The root object of config.json.</summary>
internal sealed record RuntimeSpec
{
    public string? OciVersion { get; init; }
    public Process? Process { get; init; }
    public Root? Root { get; init; }
    public string? Hostname { get; init; }
    public string? Domainname { get; init; }
    public List<Mount>? Mounts { get; init; }
    public Linux? Linux { get; init; }
    public Dictionary<string, string>? Annotations { get; init; }
}

/// <summary>The container's process: what init finally execve(2)s, and with which identity and limits.</summary>
internal sealed record Process
{
    public bool Terminal { get; init; }
    public ConsoleSize? ConsoleSize { get; init; }
    public User User { get; init; } = new();
    public List<string>? Args { get; init; }
    public List<string>? Env { get; init; }
    public string? Cwd { get; init; }
    public LinuxCapabilities? Capabilities { get; init; }
    public List<PosixRlimit>? Rlimits { get; init; }
    public bool NoNewPrivileges { get; init; }
    public int? OomScoreAdj { get; init; }
    public string? ApparmorProfile { get; init; }
    public string? SelinuxLabel { get; init; }
}

/// <summary>process.consoleSize: the terminal's rows and columns (the spec's "Box").</summary>
internal sealed record ConsoleSize
{
    public uint Height { get; init; }
    public uint Width { get; init; }
}

internal sealed record User
{
    public uint Uid { get; init; }
    public uint Gid { get; init; }
    public uint? Umask { get; init; }
    public List<uint>? AdditionalGids { get; init; }
}

/// <summary>The five capability sets of capabilities(7), as lists of names such as "CAP_KILL".</summary>
internal sealed record LinuxCapabilities
{
    public List<string>? Bounding { get; init; }
    public List<string>? Effective { get; init; }
    public List<string>? Inheritable { get; init; }
    public List<string>? Permitted { get; init; }
    public List<string>? Ambient { get; init; }
}

/// <summary>One setrlimit(2) limit, e.g. {"type":"RLIMIT_NOFILE","soft":1024,"hard":1024}.</summary>
internal sealed record PosixRlimit
{
    public string Type { get; init; } = "";
    public ulong Hard { get; init; }
    public ulong Soft { get; init; }
}

/// <summary>The root filesystem: a directory, relative to the bundle or absolute.</summary>
internal sealed record Root
{
    public string Path { get; init; } = "";
    public bool Readonly { get; init; }
}

/// <summary>One mount(2) to make inside the container, in order; see Rootfs/Mounts.cs.</summary>
internal sealed record Mount
{
    public string Destination { get; init; } = "";
    public string? Type { get; init; }
    public string? Source { get; init; }
    public List<string>? Options { get; init; }
}

internal sealed record Linux
{
    public List<LinuxNamespace>? Namespaces { get; init; }
    public List<LinuxIdMapping>? UidMappings { get; init; }
    public List<LinuxIdMapping>? GidMappings { get; init; }
    public Dictionary<string, string>? Sysctl { get; init; }
    public LinuxResources? Resources { get; init; }
    public string? CgroupsPath { get; init; }
    public List<LinuxDevice>? Devices { get; init; }
    public string? RootfsPropagation { get; init; }
    public List<string>? MaskedPaths { get; init; }
    public List<string>? ReadonlyPaths { get; init; }
    public System.Text.Json.JsonElement? Seccomp { get; init; }
    public Dictionary<string, long>? TimeOffsets { get; init; }
}

/// <summary>A namespace to create (no path) or to join (path, e.g. /proc/1234/ns/net or /var/run/netns/x).</summary>
internal sealed record LinuxNamespace
{
    public string Type { get; init; } = "";
    public string? Path { get; init; }
}

internal sealed record LinuxIdMapping
{
    public uint ContainerID { get; init; }
    public uint HostID { get; init; }
    public uint Size { get; init; }
}

/// <summary>A device node to create in the container's /dev (mknod(2)).</summary>
internal sealed record LinuxDevice
{
    public string Path { get; init; } = "";
    public string Type { get; init; } = "";
    public long Major { get; init; }
    public long Minor { get; init; }
    public uint? FileMode { get; init; }
    public uint? Uid { get; init; }
    public uint? Gid { get; init; }
}

/// <summary>linux.resources: what the cgroup drivers (Cgroups/) write into the container's cgroup.</summary>
internal sealed record LinuxResources
{
    public List<LinuxDeviceCgroup>? Devices { get; init; }
    public LinuxMemory? Memory { get; init; }
    public LinuxCpu? Cpu { get; init; }
    public LinuxPids? Pids { get; init; }
    public Dictionary<string, string>? Unified { get; init; }
}

/// <summary>One device cgroup rule: allow or deny access ("rwm") to a type/major/minor.</summary>
internal sealed record LinuxDeviceCgroup
{
    public bool Allow { get; init; }
    public string? Type { get; init; }
    public long? Major { get; init; }
    public long? Minor { get; init; }
    public string? Access { get; init; }
}

/// <summary>Memory limits in bytes; -1 means unlimited. Swap is memory+swap, as cgroup v1's memsw counts it.</summary>
internal sealed record LinuxMemory
{
    public long? Limit { get; init; }
    public long? Reservation { get; init; }
    public long? Swap { get; init; }
    public ulong? Swappiness { get; init; }
    public bool? DisableOOMKiller { get; init; }
}

/// <summary>CPU shares (relative weight), CFS quota/period (a hard cap in microseconds per period) and cpusets.</summary>
internal sealed record LinuxCpu
{
    public ulong? Shares { get; init; }
    public long? Quota { get; init; }
    public ulong? Period { get; init; }
    public long? RealtimeRuntime { get; init; }
    public ulong? RealtimePeriod { get; init; }
    public string? Cpus { get; init; }
    public string? Mems { get; init; }
    public long? Idle { get; init; }
}

/// <summary>The most processes (and threads) the container may have at once; 0 or less means no limit.</summary>
internal sealed record LinuxPids
{
    public long Limit { get; init; }
}
