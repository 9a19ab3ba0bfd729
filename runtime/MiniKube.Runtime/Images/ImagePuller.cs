using System.Text.Json.Nodes;
using Microsoft.Extensions.Logging;
using MiniKube.Runtime.Snapshots;

namespace MiniKube.Runtime.Images;

/// <summary>
/// Pulls an image the way containerd's CRI plugin does, in numbered steps: resolve the name, fetch the manifest (an
/// index is narrowed to the host's platform), fetch and verify the config and layers into the content store, unpack
/// the layers into snapshots, record the image. Mirrors from registries.yaml are tried in order, then the registry.
/// Concept: https://kubernetes.io/docs/concepts/containers/images/
/// </summary>
public sealed partial class ImagePuller(
    RegistryConfig registryConfig, RegistryHttpClients httpClients, ContentStore content, Snapshotter snapshotter,
    ImageStore images, ILogger<ImagePuller> logger, ILoggerFactory loggerFactory)
{
    /// <summary>Pulls <paramref name="image"/> and returns the image record (its id is the config digest).</summary>
    public async Task<ImageRecord> PullAsync(string image, RegistryCredentials? requestCredentials, CancellationToken cancellationToken)
    {
        // Step 1: normalise the name (busybox → docker.io/library/busybox:latest) and find the endpoints to try.
        var reference = ImageReference.Parse(image);
        var errors = new List<Exception>();
        foreach (var endpoint in registryConfig.EndpointsFor(reference.Registry))
        {
            var credentials = requestCredentials ?? RegistryCredentials.From(registryConfig.ConfigFor(endpoint)?.Auth);
            var client = new RegistryClient(httpClients.For(endpoint), endpoint, reference.Repository, credentials, loggerFactory.CreateLogger<RegistryClient>());
            try
            {
                return await PullFromAsync(client, reference, cancellationToken);
            }
            catch (Exception ex) when (ex is HttpRequestException or NotFoundException or UnauthenticatedException or TaskCanceledException { CancellationToken.IsCancellationRequested: false })
            {
                // Containerd tries the next endpoint on any registry error; verification failures are not retried elsewhere.
                Log.EndpointFailed(logger, reference.ToString(), endpoint.ToString(), ex.Message);
                errors.Add(ex);
            }
        }
        var summary = $"failed to pull image \"{reference}\": " + string.Join("; ", errors.Select(e => e.Message));
        if (errors.OfType<UnauthenticatedException>().Any()) throw new UnauthenticatedException(summary);
        if (errors.OfType<NotFoundException>().Any()) throw new NotFoundException(summary);
        throw new IOException(summary, errors.LastOrDefault());
    }

    private async Task<ImageRecord> PullFromAsync(RegistryClient client, ImageReference reference, CancellationToken cancellationToken)
    {
        var newBlobs = new List<string>();
        var newSnapshots = new List<string>();
        try
        {
            // Step 2: the manifest the tag or digest names. Pulled by digest, the bytes must hash to it.
            var (body, contentType) = await client.GetManifestAsync(reference.ManifestReference, cancellationToken);
            var topDigest = ContentDigest.Of(body);
            if (reference.Digest is not null && topDigest != reference.Digest)
                throw new ContentVerificationException($"manifest for {reference} hashes to {topDigest}; refusing it");
            var manifestDigests = new List<string> { topDigest };
            var mediaType = Manifests.MediaTypeOf(body, contentType);
            var manifestBody = body;
            var manifestDigest = topDigest;

            // Step 3: an index (manifest list) names one manifest per platform: take ours, and verify it by its digest.
            if (MediaTypes.IsIndex(mediaType))
            {
                var index = Manifests.ParseIndex(body, topDigest);
                var host = Manifests.HostPlatform;
                var chosen = index.Manifests.FirstOrDefault(m => m.Platform is { } p && p.Os == host.Os && p.Architecture == host.Architecture)
                    ?? throw new NotFoundException($"no matching manifest for {host.Os}/{host.Architecture} in the manifest list entries of {reference}");
                (manifestBody, contentType) = await client.GetManifestAsync(chosen.Digest, cancellationToken);
                manifestDigest = ContentDigest.Of(manifestBody);
                if (manifestDigest != chosen.Digest || manifestBody.Length != chosen.Size)
                    throw new ContentVerificationException($"manifest {chosen.Digest} of {reference} does not match its descriptor in the index; refusing it");
                manifestDigests.Add(manifestDigest);
                mediaType = Manifests.MediaTypeOf(manifestBody, contentType);
            }
            if (!MediaTypes.IsManifest(mediaType)) throw new InvalidArgumentException($"{reference} has unsupported manifest media type {mediaType}");
            var manifest = Manifests.ParseManifest(manifestBody, manifestDigest);
            foreach (var layer in manifest.Layers)
            {
                if (!MediaTypes.IsSupportedLayer(layer.MediaType ?? MediaTypes.OciLayerGzip))
                    throw new InvalidArgumentException($"layer {layer.Digest} of {reference} has unsupported media type {layer.MediaType}");
            }
            Log.Resolved(logger, reference.ToString(), manifestDigest, manifest.Layers.Count, client.Endpoint.ToString());

            // Step 4: the config (its digest is the image id) and the layers, downloaded at once, each verified.
            var fetches = new[] { manifest.Config }.Concat(manifest.Layers).Select(async d =>
            {
                if (await content.FetchAsync(d, ct => client.OpenBlobAsync(d.Digest, ct), cancellationToken)) lock (newBlobs) newBlobs.Add(d.Digest);
            });
            await Task.WhenAll(fetches);
            var config = JsonNode.Parse(content.Read(manifest.Config.Digest))
                ?? throw new ContentVerificationException($"image config {manifest.Config.Digest} is empty");
            var diffIds = Manifests.DiffIds(config, manifest.Config.Digest);
            if (diffIds.Count != manifest.Layers.Count)
                throw new ContentVerificationException($"image config {manifest.Config.Digest} lists {diffIds.Count} diff_ids for {manifest.Layers.Count} layers");

            // Step 5: unpack each layer into its snapshot, bottom first; each checks its diff_id.
            var chainIds = ContentDigest.ChainIds(diffIds);
            for (var i = 0; i < manifest.Layers.Count; i++)
            {
                if (await snapshotter.UnpackAsync(chainIds[i], diffIds[i], manifest.Layers[i].Digest, content.BlobPath(manifest.Layers[i].Digest), cancellationToken))
                    newSnapshots.Add(chainIds[i]);
            }

            // Step 6: keep the manifests too (removal deletes them) and record the image under its names.
            content.Write(topDigest, body);
            if (manifestDigest != topDigest) content.Write(manifestDigest, manifestBody);
            var record = images.Add(new ImageRecord
            {
                Id = manifest.Config.Digest,
                RepoTags = reference.Tag is null ? [] : [$"{reference.Name}:{reference.Tag}"],
                RepoDigests = [$"{reference.Name}@{topDigest}"],
                ManifestDigests = manifestDigests,
                Layers = [.. manifest.Layers.Select(l => l.Digest)],
                DiffIds = [.. diffIds],
                ChainIds = [.. chainIds],
                Size = manifest.Config.Size + manifest.Layers.Sum(l => l.Size),
                User = config["config"]?["User"]?.GetValue<string>() ?? "",
            });
            Log.Pulled(logger, reference.ToString(), record.Id, record.Size);
            return record;
        }
        catch
        {
            // A failed pull leaves nothing it wrote behind (unless a recorded image uses it).
            var kept = images.List().SelectMany(i => i.Layers.Append(i.Id).Concat(i.ChainIds)).ToHashSet();
            foreach (var blob in newBlobs.Where(b => !kept.Contains(b))) content.Delete(blob);
            foreach (var snapshot in newSnapshots.Where(s => !kept.Contains(s))) snapshotter.Remove(snapshot);
            throw;
        }
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = 4101, Level = LogLevel.Information, Message = "Resolved {Image} to manifest {Digest} with {Layers} layers at {Endpoint}")]
        public static partial void Resolved(ILogger logger, string image, string digest, int layers, string endpoint);

        [LoggerMessage(EventId = 4102, Level = LogLevel.Information, Message = "Pulled image {Image} with image id {ImageId}, size {Size}")]
        public static partial void Pulled(ILogger logger, string image, string imageId, long size);

        [LoggerMessage(EventId = 4103, Level = LogLevel.Warning, Message = "Pulling {Image} from {Endpoint} failed, trying the next endpoint: {Error}")]
        public static partial void EndpointFailed(ILogger logger, string image, string endpoint, string error);
    }
}
