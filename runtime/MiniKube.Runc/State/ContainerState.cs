using MiniKube.Runc.Spec;

namespace MiniKube.Runc.State;

/// <summary>
/// What minirunc remembers about a container between commands, in &lt;root&gt;/&lt;id&gt;/state.json: each command
/// (create, start, state, kill, delete) is a separate short-lived process, so this file is the container's only
/// memory. runc keeps the same kind of file (its own format; only the printed OCI state is standard).
/// </summary>
internal sealed record ContainerState
{
    public string OciVersion { get; init; } = "";
    public string Id { get; init; } = "";
    public string Bundle { get; init; } = "";
    public string Rootfs { get; init; } = "";
    public DateTimeOffset Created { get; init; }
    public Dictionary<string, string>? Annotations { get; init; }
    /// <summary>The init process as the host sees it (later: the user's program, which init became by execve).</summary>
    public int InitProcessPid { get; init; }
    /// <summary>Its start time from /proc/&lt;pid&gt;/stat, to notice when the pid has been reused by another process.</summary>
    public ulong InitProcessStartTime { get; init; }
    public string CgroupDriver { get; init; } = "";
    public Dictionary<string, string> CgroupPaths { get; init; } = [];
    /// <summary>The container's namespaces (those it created and those it joined), for `exec` to enter.</summary>
    public List<LinuxNamespace> Namespaces { get; init; } = [];
}
