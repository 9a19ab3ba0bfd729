using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Logging;
using MiniKube.Runtime.Snapshots;
using MiniKube.Images.V1;

namespace MiniKube.Runtime.Images;

/// <summary>
/// Imports the images of an archive into the node's image store, for offline labs (containerd's <c>ctr images
/// import</c>): an OCI image layout (index.json → manifests → config and layers under blobs/sha256) or a <c>docker
/// save</c> tarball (manifest.json with each image's config, tags and layer tars). The blobs take the path a pull's
/// blobs take (content store with digest and size verification, snapshotter with the hostile-layer defences), so an
/// imported image is indistinguishable from a pulled one.
/// Concept: https://kubernetes.io/docs/concepts/containers/images/#pre-pulled-images
/// </summary>
public sealed partial class ImageImporter(ContentStore content, Snapshotter snapshotter, ImageStore images, ILogger<ImageImporter> logger)
{
    private const string OciIndexFile = "index.json";
    private const string DockerManifestFile = "manifest.json";
    private const string DockerRepositoriesFile = "repositories";
    // containerd's annotation for the full image name, and OCI's for the reference name (often just a tag).
    private const string ContainerdImageName = "io.containerd.image.name";
    private const string OciRefName = "org.opencontainers.image.ref.name";

    /// <summary>One image found in the archive: its manifest (as stored) and the names the archive gives it.</summary>
    private sealed record ArchivedImage(byte[] Manifest, string ManifestDigest, List<string> Names, Func<Descriptor, string> BlobName);

    public async Task<IReadOnlyList<ImageRecord>> ImportAsync(ImageArchive archive, ArchiveFormat format, string tag, CancellationToken cancellationToken)
    {
        // Step 1: what is in the archive, by its format.
        if (format == ArchiveFormat.Auto)
        {
            format = archive.Contains(OciIndexFile) ? ArchiveFormat.OciArchive
                : archive.Contains(DockerManifestFile) ? ArchiveFormat.DockerArchive
                : throw new InvalidArgumentException("the archive has neither index.json (OCI image layout) nor manifest.json (docker save); cannot import it");
        }
        var found = format == ArchiveFormat.OciArchive ? ReadOciLayout(archive) : ReadDockerArchive(archive);
        if (found.Count == 0) throw new InvalidArgumentException("the archive holds no image for " + $"{Manifests.HostPlatform.Os}/{Manifests.HostPlatform.Architecture}");
        if (tag.Length > 0)
        {
            if (found.Count > 1) throw new InvalidArgumentException($"the archive holds {found.Count} images; a tag can only name one");
            found[0].Names.Add(ImageReference.Parse(tag).ToString());
        }

        // Step 2: each image as a pull would store it.
        var imported = new List<ImageRecord>();
        foreach (var image in found) imported.Add(await CommitAsync(archive, image, cancellationToken));
        return imported;
    }

    /// <summary>An OCI image layout: index.json names manifests (or nested indexes, narrowed to this platform).</summary>
    private static List<ArchivedImage> ReadOciLayout(ImageArchive archive)
    {
        var document = archive.ReadDocument(OciIndexFile);
        var index = Manifests.ParseIndex(document, OciIndexFile);
        // The names are annotations on index.json's descriptors, which Descriptor does not carry.
        var entries = JsonNode.Parse(document)!["manifests"]!.AsArray();
        var found = new List<ArchivedImage>();
        for (var i = 0; i < index.Manifests.Count; i++)
        {
            var entry = index.Manifests[i];
            if (!IsForHost(entry)) continue;
            var names = new List<string>();
            var annotations = entries[i]?["annotations"];
            if (annotations?[ContainerdImageName]?.GetValue<string>() is { } full) names.Add(ImageReference.Parse(full).ToString());
            else if (annotations?[OciRefName]?.GetValue<string>() is { } refName && (refName.Contains('/', StringComparison.Ordinal) || refName.Contains(':', StringComparison.Ordinal)))
                names.Add(ImageReference.Parse(refName).ToString());
            // Upstream difference: a bare tag in ref.name ("latest") names no repository; ctr asks for --base-name, we for --tag.

            var (body, digest) = (ReadBlob(archive, entry), entry.Digest);
            if (MediaTypes.IsIndex(Manifests.MediaTypeOf(body, entry.MediaType)))
            {
                var chosen = Manifests.ParseIndex(body, digest).Manifests.FirstOrDefault(IsForHost);
                if (chosen is null) continue;
                (body, digest) = (ReadBlob(archive, chosen), chosen.Digest);
            }
            if (!MediaTypes.IsManifest(Manifests.MediaTypeOf(body, null)))
                throw new InvalidArgumentException($"manifest {digest} in the archive has an unsupported media type");
            found.Add(new ArchivedImage(body, digest, names, d => ImageArchive.BlobName(d.Digest)));
        }
        return found;
    }

    /// <summary>
    /// A <c>docker save</c> tarball: manifest.json lists each image's config file, tags and layer tars (uncompressed,
    /// so a layer's digest is its diff_id). It has no registry manifest, so one is written here, as containerd's
    /// importer does.
    /// </summary>
    private static List<ArchivedImage> ReadDockerArchive(ImageArchive archive)
    {
        var entries = JsonNode.Parse(archive.ReadDocument(DockerManifestFile)) as JsonArray
            ?? throw new InvalidArgumentException("manifest.json in the archive is not a list of images");
        // The older "repositories" file maps repository → tag → the id of the image's top layer.
        var repositories = archive.Contains(DockerRepositoriesFile) ? JsonNode.Parse(archive.ReadDocument(DockerRepositoriesFile)) as JsonObject : null;
        var found = new List<ArchivedImage>();
        foreach (var entry in entries)
        {
            var configName = entry?["Config"]?.GetValue<string>() ?? throw new InvalidArgumentException("an entry of manifest.json has no Config");
            var layerNames = entry["Layers"]?.AsArray().Select(l => l!.GetValue<string>()).ToList() ?? [];
            var config = archive.ReadDocument(configName);
            var configDigest = ContentDigest.Of(config);
            var diffIds = Manifests.DiffIds(JsonNode.Parse(config)!, configDigest);
            if (diffIds.Count != layerNames.Count)
                throw new InvalidArgumentException($"image config {configName} lists {diffIds.Count} diff_ids for {layerNames.Count} layers");
            var layers = layerNames.Select((name, i) => new Descriptor(MediaTypes.OciLayer, DigestOfName(name) ?? diffIds[i], archive.SizeOf(name))).ToList();
            var manifest = JsonSerializer.SerializeToUtf8Bytes(new
            {
                schemaVersion = 2,
                mediaType = MediaTypes.OciManifest,
                config = new { mediaType = MediaTypes.OciConfig, digest = configDigest, size = config.Length },
                layers = layers.Select(l => new { mediaType = l.MediaType, digest = l.Digest, size = l.Size }),
            });
            var names = entry["RepoTags"]?.AsArray().Select(t => ImageReference.Parse(t!.GetValue<string>()).ToString()).ToList() ?? [];
            if (names.Count == 0 && repositories is not null && layerNames.Count > 0)
            {
                var topLayerId = Path.GetDirectoryName(layerNames[^1]);
                foreach (var (repository, tags) in repositories)
                {
                    foreach (var (tagName, layerId) in tags?.AsObject() ?? [])
                        if (layerId?.GetValue<string>() == topLayerId) names.Add(ImageReference.Parse($"{repository}:{tagName}").ToString());
                }
            }
            var blobNames = layers.Select((l, i) => (l.Digest, Name: layerNames[i])).Append((Digest: configDigest, Name: configName))
                .GroupBy(b => b.Digest).ToDictionary(g => g.Key, g => g.First().Name);
            found.Add(new ArchivedImage(manifest, ContentDigest.Of(manifest), names, d => blobNames[d.Digest]));
        }
        return found;
    }

    /// <summary>Stores the config and layers (verified), unpacks the layers, records the image: a pull's steps 4–6.</summary>
    private async Task<ImageRecord> CommitAsync(ImageArchive archive, ArchivedImage image, CancellationToken cancellationToken)
    {
        var commit = new ImageCommit(content, snapshotter, images);
        try
        {
            var manifest = Manifests.ParseManifest(image.Manifest, image.ManifestDigest);
            ImageCommit.CheckLayerMediaTypes(manifest, "the archive's image " + image.ManifestDigest);
            // One blob at a time: they come out of one tar file.
            foreach (var blob in manifest.Layers.Prepend(manifest.Config))
                await archive.WithEntryAsync(image.BlobName(blob), data => commit.FetchAsync(blob, _ => Task.FromResult(data), cancellationToken));
            var record = await commit.UnpackAndRecordAsync(manifest, [(image.ManifestDigest, image.Manifest)],
                repoTags: [.. image.Names.Distinct()],
                // As containerd records an imported image: each name at the manifest's digest.
                repoDigests: [.. image.Names.Select(n => $"{ImageReference.Parse(n).Name}@{image.ManifestDigest}").Distinct()],
                cancellationToken);
            Log.Imported(logger, string.Join(", ", record.RepoTags), record.Id, record.Size);
            return record;
        }
        catch
        {
            commit.RollBack();
            throw;
        }
    }

    /// <summary>Reads a manifest or index blob of an OCI layout and checks it against its descriptor.</summary>
    private static byte[] ReadBlob(ImageArchive archive, Descriptor descriptor)
    {
        var body = archive.ReadDocument(ImageArchive.BlobName(descriptor.Digest));
        if (ContentDigest.Of(body) != descriptor.Digest || body.Length != descriptor.Size)
            throw new ContentVerificationException($"blob {descriptor.Digest} in the archive does not match its descriptor; refusing it");
        return body;
    }

    private static bool IsForHost(Descriptor descriptor) =>
        descriptor.Platform is null || (descriptor.Platform.Os == Manifests.HostPlatform.Os && descriptor.Platform.Architecture == Manifests.HostPlatform.Architecture);

    // Docker 25+ writes its layers as blobs/sha256/<hex>: the name is the digest. Older layer tars are <id>/layer.tar.
    private static string? DigestOfName(string name) =>
        name.StartsWith("blobs/sha256/", StringComparison.Ordinal) ? ContentDigest.Sha256Prefix + name["blobs/sha256/".Length..] : null;

    private static partial class Log
    {
        [LoggerMessage(EventId = 4140, Level = LogLevel.Information, Message = "Imported image {Image} with image id {ImageId}, size {Size}")]
        public static partial void Imported(ILogger logger, string image, string imageId, long size);
    }
}
