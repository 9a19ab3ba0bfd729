using Grpc.Core;
using V1 = MiniKube.Cri.V1;

namespace MiniKube.Runtime.Cri;

public sealed partial class ImageService
{
    /// <summary>
    /// How much the image filesystem (our snapshots directory) uses; the kubelet's image garbage collector compares
    /// it with --image-gc-high-threshold-percent of the disk.
    /// </summary>
    public override Task<V1.ImageFsInfoResponse> ImageFsInfo(V1.ImageFsInfoRequest request, ServerCallContext context)
    {
        var (bytes, inodes) = snapshotter.Usage();
        var response = new V1.ImageFsInfoResponse();
        response.ImageFilesystems.Add(new V1.FilesystemUsage
        {
            Timestamp = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() * 1_000_000,
            FsId = new V1.FilesystemIdentifier { Mountpoint = snapshotter.Root },
            UsedBytes = new V1.UInt64Value { Value = bytes },
            InodesUsed = new V1.UInt64Value { Value = inodes },
        });
        return Task.FromResult(response);
    }
}
