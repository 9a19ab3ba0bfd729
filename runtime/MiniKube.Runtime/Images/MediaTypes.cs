namespace MiniKube.Runtime.Images;

/// <summary>
/// The media types of image content, in their OCI and Docker (v2 schema 2) spellings. A registry may hand out either;
/// both describe the same structure: an index (manifest list) names one manifest per platform, a manifest names a
/// config and the layers. Concept: https://kubernetes.io/docs/concepts/containers/images/#multi-architecture-images-with-image-indexes
/// </summary>
public static class MediaTypes
{
    public const string OciIndex = "application/vnd.oci.image.index.v1+json";
    public const string DockerManifestList = "application/vnd.docker.distribution.manifest.list.v2+json";
    public const string OciManifest = "application/vnd.oci.image.manifest.v1+json";
    public const string DockerManifest = "application/vnd.docker.distribution.manifest.v2+json";
    public const string OciConfig = "application/vnd.oci.image.config.v1+json";
    public const string DockerConfig = "application/vnd.docker.container.image.v1+json";
    public const string OciLayer = "application/vnd.oci.image.layer.v1.tar";
    public const string OciLayerGzip = "application/vnd.oci.image.layer.v1.tar+gzip";
    public const string OciLayerZstd = "application/vnd.oci.image.layer.v1.tar+zstd";
    public const string DockerLayerGzip = "application/vnd.docker.image.rootfs.diff.tar.gzip";
    public const string DockerForeignLayerGzip = "application/vnd.docker.image.rootfs.foreign.diff.tar.gzip";

    /// <summary>What we send in Accept when asking for a manifest: any of the four, the registry picks.</summary>
    public static readonly IReadOnlyList<string> Manifests = [OciIndex, DockerManifestList, OciManifest, DockerManifest];

    public static bool IsIndex(string mediaType) => mediaType is OciIndex or DockerManifestList;

    public static bool IsManifest(string mediaType) => mediaType is OciManifest or DockerManifest;

    /// <summary>Layers we can unpack: plain or gzip tar (the compression is detected from the bytes, as containerd does).</summary>
    public static bool IsSupportedLayer(string mediaType) =>
        mediaType is OciLayer or OciLayerGzip or DockerLayerGzip or DockerForeignLayerGzip
            or "application/vnd.oci.image.layer.nondistributable.v1.tar" or "application/vnd.oci.image.layer.nondistributable.v1.tar+gzip";
}
