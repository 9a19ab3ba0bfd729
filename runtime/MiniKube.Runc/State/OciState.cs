namespace MiniKube.Runc.State;

/// <summary>
/// The state of a container as the OCI runtime spec defines it, printed by `minirunc state &lt;id&gt;` (and, as a
/// list, by `list --format json`). ociVersion, id, status, pid, bundle and annotations are the spec's; rootfs,
/// created and owner are extra fields runc also prints, so tools written for runc find them.
/// Concept: https://github.com/opencontainers/runtime-spec/blob/main/runtime.md#state
/// </summary>
internal sealed record OciState
{
    public string OciVersion { get; init; } = "";
    public string Id { get; init; } = "";
    public int Pid { get; init; }
    /// <summary>"created" (init waits for start), "running", or "stopped" (init has exited).</summary>
    public string Status { get; init; } = "";
    public string Bundle { get; init; } = "";
    public string Rootfs { get; init; } = "";
    public string Created { get; init; } = "";
    public string Owner { get; init; } = "";
    public Dictionary<string, string>? Annotations { get; init; }
}
