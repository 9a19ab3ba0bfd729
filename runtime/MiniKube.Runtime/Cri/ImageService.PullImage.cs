using Grpc.Core;
using MiniKube.Runtime.Images;
using V1 = MiniKube.Cri.V1;

namespace MiniKube.Runtime.Cri;

public sealed partial class ImageService
{
    /// <summary>Pulls the image from its registry (or a mirror) and answers with the image id.</summary>
    public override async Task<V1.PullImageResponse> PullImage(V1.PullImageRequest request, ServerCallContext context)
    {
        var image = request.Image?.Image;
        if (string.IsNullOrEmpty(image)) throw new InvalidArgumentException("PullImage: image.image is required");
        var record = await puller.PullAsync(image, RegistryCredentials.From(request.Auth), context.CancellationToken);
        return new V1.PullImageResponse { ImageRef = record.Id };
    }
}
