using MiniKube.Runtime.Images;
using MiniKube.Runtime.Snapshots;
using MiniKube.Runtime.Store;
using V1 = MiniKube.Cri.V1;

namespace MiniKube.Runtime.Cri;

/// <summary>
/// The CRI ImageService: what the kubelet's image manager calls to pull, inspect and remove images and to watch the
/// image filesystem's usage (for image garbage collection). One partial file per RPC (containerd's
/// internal/cri/server/images/image_pull.go, image_list.go, …).
/// Concept: https://kubernetes.io/docs/concepts/containers/images/
/// </summary>
public sealed partial class ImageService(ImagePuller puller, ImageStore images, ContentStore content, Snapshotter snapshotter,
    ContainerStore containers, ILogger<ImageService> logger) : V1.ImageService.ImageServiceBase
{
    /// <summary>The CRI view of an image record.</summary>
    private static V1.Image ToCri(ImageRecord record)
    {
        var image = new V1.Image
        {
            Id = record.Id,
            Size = (ulong)record.Size,
            Spec = new V1.ImageSpec { Image = record.Id },
            Pinned = record.Pinned,
        };
        image.RepoTags.AddRange(record.RepoTags);
        image.RepoDigests.AddRange(record.RepoDigests);
        // USER "1000" or "1000:1000" → uid; USER "nobody" → username (the kubelet checks runAsNonRoot with these).
        var user = record.User.Split(':')[0];
        if (long.TryParse(user, out var uid)) image.Uid = new V1.Int64Value { Value = uid };
        else image.Username = user;
        return image;
    }
}
