using Grpc.Core;
using V1 = MiniKube.Cri.V1;

namespace MiniKube.Runtime.Cri;

public sealed partial class ImageService
{
    /// <summary>
    /// Removes the image with all its names, then the content and snapshots no other image shares. Removing an image
    /// that is not there succeeds (the CRI asks for idempotence). An image a container uses is refused.
    /// </summary>
    public override Task<V1.RemoveImageResponse> RemoveImage(V1.RemoveImageRequest request, ServerCallContext context)
    {
        var wanted = request.Image?.Image;
        if (string.IsNullOrEmpty(wanted)) throw new InvalidArgumentException("RemoveImage: image.image is required");
        if (images.Resolve(wanted) is not { } record) return Task.FromResult(new V1.RemoveImageResponse());
        if (containers.ContainerUsingImage(record.Id) is { } container)
            throw new FailedPreconditionException($"image \"{wanted}\" ({record.Id}) is in use by container {container}; remove the container first");
        images.Remove(record.Id);

        // Upstream difference: containerd leaves this to its garbage collector; we delete what became unreferenced at once.
        var remaining = images.List();
        var keptBlobs = remaining.SelectMany(i => i.Layers.Concat(i.ManifestDigests).Append(i.Id)).ToHashSet();
        var keptSnapshots = remaining.SelectMany(i => i.ChainIds).ToHashSet();
        foreach (var blob in record.Layers.Concat(record.ManifestDigests).Append(record.Id).Where(b => !keptBlobs.Contains(b) && content.Exists(b)))
            content.Delete(blob);
        foreach (var snapshot in record.ChainIds.Where(s => !keptSnapshots.Contains(s))) snapshotter.Remove(snapshot);
        Log.RemovedImage(logger, wanted, record.Id);
        return Task.FromResult(new V1.RemoveImageResponse());
    }
}
