using Grpc.Core;
using V1 = MiniKube.Cri.V1;

namespace MiniKube.Runtime.Cri;

public sealed partial class ImageService
{
    /// <summary>Every image on the node; a filter's image narrows the answer to that one image.</summary>
    public override Task<V1.ListImagesResponse> ListImages(V1.ListImagesRequest request, ServerCallContext context)
    {
        var response = new V1.ListImagesResponse();
        if (request.Filter?.Image?.Image is { Length: > 0 } wanted)
        {
            if (images.Resolve(wanted) is { } one) response.Images.Add(ToCri(one));
        }
        else response.Images.AddRange(images.List().Select(ToCri));
        return Task.FromResult(response);
    }
}
