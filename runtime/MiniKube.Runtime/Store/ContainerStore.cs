using System.Collections.Concurrent;

namespace MiniKube.Runtime.Store;

/// <summary>
/// The containers the runtime knows (containerd's internal/cri/store/container). For now it holds only what the image
/// side needs: which image each container was created from, so RemoveImage can refuse an image in use.
/// Upstream difference: the full record (state, pid, exit code, log path) arrives with CreateContainer.
/// Concept: https://kubernetes.io/docs/concepts/containers/
/// </summary>
public sealed class ContainerStore
{
    private readonly ConcurrentDictionary<string, string> _imageByContainer = new();

    public void Add(string containerId, string imageId) => _imageByContainer[containerId] = imageId;

    public void Remove(string containerId) => _imageByContainer.TryRemove(containerId, out _);

    /// <summary>A container created from <paramref name="imageId"/>, or null if none uses it.</summary>
    public string? ContainerUsingImage(string imageId) =>
        _imageByContainer.FirstOrDefault(pair => pair.Value == imageId).Key;
}
