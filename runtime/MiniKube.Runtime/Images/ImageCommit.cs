using System.Text.Json.Nodes;
using MiniKube.Runtime.Snapshots;

namespace MiniKube.Runtime.Images;

/// <summary>
/// The steps a pull and an import share once the manifest is known: store the config and layers (each verified by the
/// content store), unpack the layers into snapshots bottom first, and record the image; and, when any step fails,
/// remove every blob and snapshot this one image wrote that no recorded image uses. One instance per image written,
/// like a containerd lease that its garbage collector honours until the image is created.
/// Concept: https://kubernetes.io/docs/concepts/containers/images/
/// </summary>
public sealed class ImageCommit(ContentStore content, Snapshotter snapshotter, ImageStore images)
{
    private readonly List<string> _newBlobs = [];
    private readonly List<string> _newSnapshots = [];

    /// <summary>Refuses a manifest whose layers minikube-runtime cannot unpack, before anything is downloaded.</summary>
    public static void CheckLayerMediaTypes(ImageManifest manifest, string image)
    {
        foreach (var layer in manifest.Layers)
        {
            if (!MediaTypes.IsSupportedLayer(layer.MediaType ?? MediaTypes.OciLayerGzip))
                throw new InvalidArgumentException($"layer {layer.Digest} of {image} has unsupported media type {layer.MediaType}");
        }
    }

    /// <summary>Stores one blob through <paramref name="open"/> (the content store verifies digest and size).</summary>
    public async Task FetchAsync(Descriptor blob, Func<CancellationToken, Task<Stream>> open, CancellationToken cancellationToken)
    {
        if (await content.FetchAsync(blob, open, cancellationToken)) lock (_newBlobs) _newBlobs.Add(blob.Digest);
    }

    /// <summary>
    /// Unpacks the (already stored) layers into snapshots, keeps the manifests, and records the image under
    /// <paramref name="repoTags"/> and <paramref name="repoDigests"/>.
    /// </summary>
    public async Task<ImageRecord> UnpackAndRecordAsync(
        ImageManifest manifest, IReadOnlyList<(string Digest, byte[] Body)> manifests,
        List<string> repoTags, List<string> repoDigests, CancellationToken cancellationToken)
    {
        var config = JsonNode.Parse(content.Read(manifest.Config.Digest))
            ?? throw new ContentVerificationException($"image config {manifest.Config.Digest} is empty");
        var diffIds = Manifests.DiffIds(config, manifest.Config.Digest);
        if (diffIds.Count != manifest.Layers.Count)
            throw new ContentVerificationException($"image config {manifest.Config.Digest} lists {diffIds.Count} diff_ids for {manifest.Layers.Count} layers");

        // Each layer into its snapshot, bottom first; each checks its diff_id.
        var chainIds = ContentDigest.ChainIds(diffIds);
        for (var i = 0; i < manifest.Layers.Count; i++)
        {
            if (await snapshotter.UnpackAsync(chainIds[i], diffIds[i], manifest.Layers[i].Digest, content.BlobPath(manifest.Layers[i].Digest), cancellationToken))
                _newSnapshots.Add(chainIds[i]);
        }

        // The manifests are kept too, so that removal deletes them.
        foreach (var (digest, body) in manifests) content.Write(digest, body);
        return images.Add(new ImageRecord
        {
            Id = manifest.Config.Digest,
            RepoTags = repoTags,
            RepoDigests = repoDigests,
            ManifestDigests = [.. manifests.Select(m => m.Digest)],
            Layers = [.. manifest.Layers.Select(l => l.Digest)],
            DiffIds = [.. diffIds],
            ChainIds = [.. chainIds],
            Size = manifest.Config.Size + manifest.Layers.Sum(l => l.Size),
            User = config["config"]?["User"]?.GetValue<string>() ?? "",
        });
    }

    /// <summary>After a failure: nothing this image wrote stays behind, unless a recorded image uses it.</summary>
    public void RollBack()
    {
        var kept = images.List().SelectMany(i => i.Layers.Append(i.Id).Concat(i.ChainIds)).ToHashSet();
        foreach (var blob in _newBlobs.Where(b => !kept.Contains(b))) content.Delete(blob);
        foreach (var snapshot in _newSnapshots.Where(s => !kept.Contains(s))) snapshotter.Remove(snapshot);
    }
}
