using MiniKube.Cri.V1;
using MiniKube.Runtime.Oci;

namespace MiniKube.Runtime.Store;

/// <summary>
/// One container (containerd's internal/cri/store/container): its config, image, bundle, and the state the kubelet
/// reads back through ContainerStatus — created, running (with its pid), exited (with exit code, reason, times).
/// Concept: https://kubernetes.io/docs/concepts/containers/
/// </summary>
public sealed class Container
{
    public required string Id { get; init; }
    public required Sandbox Sandbox { get; init; }
    public required ContainerConfig Config { get; init; }
    public required string ImageId { get; init; }
    /// <summary>--state/containers/&lt;id&gt;: config.json and rootfs.</summary>
    public required string Dir { get; init; }
    /// <summary>The absolute log path (sandbox log_directory + log_path), or null when the kubelet gave none.</summary>
    public string? LogPath { get; init; }
    public required DateTimeOffset CreatedAt { get; init; }
    public ContainerState State { get; set; } = ContainerState.ContainerCreated;
    public int Pid { get; set; }
    /// <summary>Init's start time in clock ticks (/proc/&lt;pid&gt;/stat), which tells it from a later process with the same pid.</summary>
    public ulong PidStartTime { get; set; }
    public DateTimeOffset? StartedAt { get; set; }
    public DateTimeOffset? FinishedAt { get; set; }
    public int ExitCode { get; set; }
    public string Reason { get; set; } = "";
    public string Message { get; set; } = "";
    /// <summary>Completes with the exit code when init has exited, was reaped, and the state above is updated.</summary>
    public Task<int> Exited { get; set; } = new TaskCompletionSource<int>().Task;
    /// <summary>The container's shim (from StartContainer on): it holds the log, the stdio and init's exit status.</summary>
    public ContainerShim? Shim { get; set; }
    /// <summary>Serialises the lifecycle RPCs on this container.</summary>
    public SemaphoreSlim Lock { get; } = new(1, 1);

    public string Name => Config.Metadata?.Name ?? "";
}

/// <summary>
/// The runtime's containers by id (containerd's container store); also what RemoveImage asks before removing an image.
/// In memory; each container is also recorded on disk (<see cref="StateRecords"/>) and refilled from there at start.
/// </summary>
public sealed class ContainerStore
{
    private readonly Lock _lock = new();
    private readonly Dictionary<string, Container> _containers = [];

    public void Add(Container container)
    {
        lock (_lock)
        {
            if (_containers.Values.FirstOrDefault(c => c.Sandbox.Id == container.Sandbox.Id && c.Name == container.Name
                                                       && c.Config.Metadata?.Attempt == container.Config.Metadata?.Attempt) is { } existing)
                throw new AlreadyExistsException($"the container name \"{container.Name}\" (attempt {container.Config.Metadata?.Attempt}) is already reserved for {existing.Id}");
            _containers[container.Id] = container;
        }
    }

    /// <summary>By full id or a unique id prefix.</summary>
    public Container Get(string id)
    {
        lock (_lock)
        {
            if (_containers.TryGetValue(id, out var container)) return container;
            var matches = id.Length == 0 ? [] : _containers.Values.Where(c => c.Id.StartsWith(id, StringComparison.Ordinal)).ToList();
            return matches.Count == 1 ? matches[0] : throw new NotFoundException($"an error occurred when try to find container \"{id}\": not found");
        }
    }

    public IReadOnlyList<Container> List()
    {
        lock (_lock) return [.. _containers.Values.OrderBy(c => c.CreatedAt)];
    }

    public void Remove(string containerId)
    {
        lock (_lock) _containers.Remove(containerId);
    }

    /// <summary>A container created from <paramref name="imageId"/>, or null if none uses it.</summary>
    public string? ContainerUsingImage(string imageId)
    {
        lock (_lock) return _containers.Values.FirstOrDefault(c => c.ImageId == imageId)?.Id;
    }
}
