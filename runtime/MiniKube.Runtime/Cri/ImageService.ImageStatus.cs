using System.Text.Json.Nodes;
using Grpc.Core;
using MiniKube.Runtime.Images;
using V1 = MiniKube.Cri.V1;

namespace MiniKube.Runtime.Cri;

public sealed partial class ImageService
{
    /// <summary>
    /// One image, or an empty answer when the node does not have it (not an error: that is how the kubelet learns it
    /// must pull). Verbose adds info["info"]: the image config and where its content lives, as containerd does.
    /// </summary>
    public override Task<V1.ImageStatusResponse> ImageStatus(V1.ImageStatusRequest request, ServerCallContext context)
    {
        var wanted = request.Image?.Image;
        if (string.IsNullOrEmpty(wanted)) throw new InvalidArgumentException("ImageStatus: image.image is required");
        var response = new V1.ImageStatusResponse();
        if (images.Resolve(wanted) is not { } record) return Task.FromResult(response);
        response.Image = ToCri(record);
        if (request.Verbose)
        {
            var info = new JsonObject
            {
                ["imageSpec"] = JsonNode.Parse(content.Read(record.Id)),
                ["manifestDigests"] = new JsonArray([.. record.ManifestDigests.Select(d => JsonValue.Create(d))]),
                ["chainIDs"] = new JsonArray([.. record.ChainIds.Select(c => JsonValue.Create(c))]),
                ["snapshots"] = new JsonArray([.. record.ChainIds.Select(c => JsonValue.Create(snapshotter.PathOf(c)))]),
            };
            response.Info["info"] = info.ToJsonString();
        }
        return Task.FromResult(response);
    }
}
