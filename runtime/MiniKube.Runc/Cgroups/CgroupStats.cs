using System.Text.Json.Serialization;

namespace MiniKube.Runc.Cgroups;

// What `minirunc events --stats <id>` prints under "data", in the shape runc prints it (runc's types/events.go), so
// a high-level runtime reads CPU, memory and pids usage the same way from minirunc and from runc. The field names
// are runc's JSON names, hence the explicit [JsonPropertyName]s where they are not plain camelCase.

/// <summary>Resource usage read from a container's cgroup.</summary>
internal sealed class CgroupStats
{
    public CpuStats Cpu { get; } = new();
    public MemoryStats Memory { get; } = new();
    public PidsStats Pids { get; } = new();
}

internal sealed class CpuStats
{
    public CpuUsage Usage { get; } = new();
    public CpuThrottling Throttling { get; } = new();
}

/// <summary>CPU time in nanoseconds: total, and split into kernel and user time.</summary>
internal sealed class CpuUsage
{
    public ulong Total { get; set; }
    public ulong Kernel { get; set; }
    public ulong User { get; set; }
}

/// <summary>How often the CFS quota stopped the container: periods seen, periods throttled, time throttled (ns).</summary>
internal sealed class CpuThrottling
{
    public ulong Periods { get; set; }
    public ulong ThrottledPeriods { get; set; }
    public ulong ThrottledTime { get; set; }
}

internal sealed class MemoryStats
{
    public ulong Cache { get; set; }
    public MemoryEntry Usage { get; } = new();
    public Dictionary<string, ulong> Raw { get; set; } = [];
    [JsonPropertyName("event_count")] public MemoryEventCount EventCount { get; } = new();
}

/// <summary>Bytes in use, the most ever used, the limit, and how many times the limit was hit.</summary>
internal sealed class MemoryEntry
{
    public ulong Limit { get; set; }
    public ulong Usage { get; set; }
    public ulong Max { get; set; }
    public ulong Failcnt { get; set; }
}

/// <summary>
/// How often the container ran out of memory ("oom") and how many of its processes the kernel's OOM killer killed
/// ("oom_kill"): the number a high-level runtime turns into the container status reason "OOMKilled".
/// </summary>
internal sealed class MemoryEventCount
{
    public ulong Oom { get; set; }
    [JsonPropertyName("oom_kill")] public ulong OomKill { get; set; }
}

internal sealed class PidsStats
{
    public ulong Current { get; set; }
    public ulong Limit { get; set; }
}
