using MiniKube.Cri.V1;
using MiniKube.Runtime.Oci;

namespace MiniKube.Runtime.Store;

/// <summary>
/// One pod sandbox (containerd's internal/cri/store/sandbox): the pod's config as the kubelet sent it, the pause
/// container holding its namespaces, its network namespace and IP. State moves Ready → NotReady on StopPodSandbox (or
/// when the pause process dies); only a NotReady sandbox is removed.
/// Concept: https://kubernetes.io/docs/concepts/workloads/pods/
/// </summary>
public sealed class Sandbox
{
    public required string Id { get; init; }
    public required PodSandboxConfig Config { get; init; }
    public required OciRuntime Runtime { get; init; }
    /// <summary>--state/sandboxes/&lt;id&gt;: the pause bundle (config.json, rootfs) and the files shared with containers.</summary>
    public required string Dir { get; init; }
    /// <summary>Absolute cgroupfs path of the pod (linux.cgroup_parent); the pause and every container get a child of it.</summary>
    public required string CgroupParent { get; init; }
    public required DateTimeOffset CreatedAt { get; init; }
    public string ImageId { get; set; } = "";
    /// <summary>The network namespace bind mount CNI configured, or null when the pause process made its own.</summary>
    public string? NetNsPath { get; set; }
    public string Ip { get; set; } = "";
    public int Pid { get; set; }
    /// <summary>The pause process's start time in clock ticks, which tells it from a later process with the same pid.</summary>
    public ulong PidStartTime { get; set; }
    public PodSandboxState State { get; set; } = PodSandboxState.SandboxReady;
    /// <summary>Completes when the pause process has exited (and was reaped).</summary>
    public Task<int> Exited { get; set; } = Task.FromResult(0);
    /// <summary>Serialises the lifecycle RPCs on this sandbox.</summary>
    public SemaphoreSlim Lock { get; } = new(1, 1);

    public string Name => Config.Metadata?.Name ?? "";
    public string Namespace => Config.Metadata?.Namespace ?? "";
}

/// <summary>The runtime's sandboxes by id (containerd's sandbox store), in memory; each sandbox is also
/// recorded on disk (<see cref="StateRecords"/>) and the store is refilled from those records at start (<c>Cri/Recovery.cs</c>).</summary>
public sealed class SandboxStore
{
    private readonly Lock _lock = new();
    private readonly Dictionary<string, Sandbox> _sandboxes = [];

    public void Add(Sandbox sandbox)
    {
        lock (_lock)
        {
            if (_sandboxes.Values.FirstOrDefault(s => SameName(s.Config.Metadata, sandbox.Config.Metadata)) is { } existing)
                throw new AlreadyExistsException($"the sandbox name \"{NameOf(sandbox.Config.Metadata)}\" is already reserved for {existing.Id}");
            _sandboxes[sandbox.Id] = sandbox;
        }
    }

    /// <summary>By full id or a unique id prefix (crictl's short ids).</summary>
    public Sandbox Get(string id)
    {
        lock (_lock)
        {
            if (_sandboxes.TryGetValue(id, out var sandbox)) return sandbox;
            var matches = id.Length == 0 ? [] : _sandboxes.Values.Where(s => s.Id.StartsWith(id, StringComparison.Ordinal)).ToList();
            return matches.Count == 1 ? matches[0] : throw new NotFoundException($"an error occurred when try to find sandbox \"{id}\": not found");
        }
    }

    public Sandbox? TryGet(string id)
    {
        try { return Get(id); }
        catch (NotFoundException) { return null; }
    }

    public IReadOnlyList<Sandbox> List()
    {
        lock (_lock) return [.. _sandboxes.Values.OrderBy(s => s.CreatedAt)];
    }

    public void Remove(string id)
    {
        lock (_lock) _sandboxes.Remove(id);
    }

    // containerd reserves the name <name>_<namespace>_<uid>_<attempt>: a second RunPodSandbox for one attempt fails.
    private static bool SameName(PodSandboxMetadata? a, PodSandboxMetadata? b) => NameOf(a) == NameOf(b);

    public static string NameOf(PodSandboxMetadata? m) => $"{m?.Name}_{m?.Namespace}_{m?.Uid}_{m?.Attempt}";
}
