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
        var commit = new ImageCommit(content, snapshotter, images);
        try
        {
            // Step 2: the manifest the tag or digest names. Pulled by digest, the bytes must hash to it.
            var (body, contentType) = await client.GetManifestAsync(reference.ManifestReference, cancellationToken);
            var topDigest = ContentDigest.Of(body);
            if (reference.Digest is not null && topDigest != reference.Digest)
                throw new ContentVerificationException($"manifest for {reference} hashes to {topDigest}; refusing it");
            var manifests = new List<(string Digest, byte[] Body)> { (topDigest, body) };
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
                manifests.Add((manifestDigest, manifestBody));
                mediaType = Manifests.MediaTypeOf(manifestBody, contentType);
            }
            if (!MediaTypes.IsManifest(mediaType)) throw new InvalidArgumentException($"{reference} has unsupported manifest media type {mediaType}");
            var manifest = Manifests.ParseManifest(manifestBody, manifestDigest);
            ImageCommit.CheckLayerMediaTypes(manifest, reference.ToString());
            Log.Resolved(logger, reference.ToString(), manifestDigest, manifest.Layers.Count, client.Endpoint.ToString());

            // Step 4: the config (its digest is the image id) and the layers, downloaded at once, each verified.
            await Task.WhenAll(new[] { manifest.Config }.Concat(manifest.Layers)
                .Select(d => commit.FetchAsync(d, ct => client.OpenBlobAsync(d.Digest, ct), cancellationToken)));

            // Steps 5 and 6: unpack each layer into its snapshot, bottom first, and record the image under its names.
            var record = await commit.UnpackAndRecordAsync(manifest, manifests,
                repoTags: reference.Tag is null ? [] : [$"{reference.Name}:{reference.Tag}"],
                repoDigests: [$"{reference.Name}@{topDigest}"], cancellationToken);
            Log.Pulled(logger, reference.ToString(), record.Id, record.Size);
            return record;
        }
        catch
        {
            commit.RollBack();
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
