using System.Text.Json;
using System.Text.Json.Serialization;

namespace MiniKube.Runtime.Bundles;

// The OCI runtime spec's config.json (opencontainers/runtime-spec config.md, config-linux.md): only the fields
// minikube-runtime writes. The same file is read by minirunc, runc and crun; that is the whole contract between the
// high-level and the low-level runtime.
// Upstream difference: seccomp, AppArmor, hooks and user-namespace mappings are not written.

/// <summary>An OCI bundle's config.json. Concept: https://github.com/opencontainers/runtime-spec/blob/main/config.md</summary>
public sealed record OciSpec
{
    public string OciVersion { get; init; } = "1.0.2";
    public required OciProcess Process { get; init; }
    public required OciRoot Root { get; init; }
    public string? Hostname { get; init; }
    public List<OciMount> Mounts { get; init; } = [];
    public required OciLinux Linux { get; init; }
    public Dictionary<string, string> Annotations { get; init; } = [];

    public static readonly JsonSerializerOptions Json = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        WriteIndented = true,
    };

    public void WriteTo(string bundleDir) => File.WriteAllText(Path.Join(bundleDir, "config.json"), JsonSerializer.Serialize(this, Json));
}

public sealed record OciProcess
{
    public bool Terminal { get; init; }
    public required OciUser User { get; init; }
    public required List<string> Args { get; init; }
    public List<string> Env { get; init; } = [];
    public string Cwd { get; init; } = "/";
    public OciCapabilities? Capabilities { get; init; }
    public bool NoNewPrivileges { get; init; }
    public int? OomScoreAdj { get; init; }
}

public sealed record OciUser
{
    public uint Uid { get; init; }
    public uint Gid { get; init; }
    public List<uint>? AdditionalGids { get; init; }
}

public sealed record OciCapabilities
{
    public List<string> Bounding { get; init; } = [];
    public List<string> Effective { get; init; } = [];
    public List<string> Permitted { get; init; } = [];
}

public sealed record OciRoot(string Path, bool Readonly);

public sealed record OciMount(string Destination, string Type, string Source, List<string> Options);

public sealed record OciLinux
{
    public List<OciNamespace> Namespaces { get; init; } = [];
    public string? CgroupsPath { get; init; }
    public OciResources? Resources { get; init; }
    public Dictionary<string, string>? Sysctl { get; init; }
    public List<string> MaskedPaths { get; init; } = [];
    public List<string> ReadonlyPaths { get; init; } = [];
    public List<OciDevice>? Devices { get; init; }
}

/// <summary>A device node the OCI runtime creates in the container's /dev (linux.devices).</summary>
public sealed record OciDevice(string Path, string Type, long Major, long Minor, uint FileMode, uint Uid, uint Gid);

/// <summary>One rule of the devices cgroup (linux.resources.devices): allow or deny "rwm" on type major:minor; null is "all".</summary>
public sealed record OciDeviceCgroup(bool Allow, string Access, string? Type = null, long? Major = null, long? Minor = null);

/// <summary>A namespace to create (no path) or to join (the path of a /proc/&lt;pid&gt;/ns/* file or a bind mount of one).</summary>
public sealed record OciNamespace(string Type, string? Path = null);

public sealed record OciResources
{
    public List<OciDeviceCgroup>? Devices { get; init; }
    public OciMemory? Memory { get; init; }
    public OciCpu? Cpu { get; init; }
    public OciPids? Pids { get; init; }
}

public sealed record OciMemory(long? Limit, long? Swap);

public sealed record OciCpu
{
    public ulong? Shares { get; init; }
    public long? Quota { get; init; }
    public ulong? Period { get; init; }
    public string? Cpus { get; init; }
    public string? Mems { get; init; }
}

public sealed record OciPids(long Limit);
