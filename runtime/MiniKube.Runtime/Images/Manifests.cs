using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;

namespace MiniKube.Runtime.Images;

/// <summary>A content descriptor: what a blob is, its digest and its exact size (both are verified on download).</summary>
public sealed record Descriptor(
    [property: JsonPropertyName("mediaType")] string? MediaType,
    [property: JsonPropertyName("digest")] string Digest,
    [property: JsonPropertyName("size")] long Size,
    [property: JsonPropertyName("platform")] Platform? Platform = null);

public sealed record Platform(
    [property: JsonPropertyName("architecture")] string Architecture,
    [property: JsonPropertyName("os")] string Os,
    [property: JsonPropertyName("variant")] string? Variant = null);

/// <summary>An image index (OCI) or manifest list (Docker): one manifest per platform.</summary>
public sealed record ImageIndex(
    [property: JsonPropertyName("mediaType")] string? MediaType,
    [property: JsonPropertyName("manifests")] IReadOnlyList<Descriptor> Manifests);

/// <summary>An image manifest: the config blob and the layers, bottom first.</summary>
public sealed record ImageManifest(
    [property: JsonPropertyName("mediaType")] string? MediaType,
    [property: JsonPropertyName("config")] Descriptor Config,
    [property: JsonPropertyName("layers")] IReadOnlyList<Descriptor> Layers);

/// <summary>Parsing of manifests and configs, with messages that say which document was wrong.</summary>
public static class Manifests
{
    /// <summary>The media type of a manifest document: the Content-Type the registry sent, else its own mediaType field.</summary>
    public static string MediaTypeOf(ReadOnlySpan<byte> body, string? contentType)
    {
        if (contentType is not null && (MediaTypes.IsIndex(contentType) || MediaTypes.IsManifest(contentType))) return contentType;
        var node = JsonNode.Parse(body);
        if (node?["mediaType"]?.GetValue<string>() is { } declared) return declared;
        if (node?["schemaVersion"]?.GetValue<int>() == 1)
            throw new InvalidArgumentException("Docker image manifest schema 1 is not supported (deprecated since 2017); push the image again with a current client");
        return node?["manifests"] is not null ? MediaTypes.OciIndex : MediaTypes.OciManifest;
    }

    public static ImageIndex ParseIndex(ReadOnlySpan<byte> body, string digest) =>
        JsonSerializer.Deserialize<ImageIndex>(body) is { Manifests: not null } index
            ? index : throw new ContentVerificationException($"image index {digest} has no manifests list");

    public static ImageManifest ParseManifest(ReadOnlySpan<byte> body, string digest) =>
        JsonSerializer.Deserialize<ImageManifest>(body) is { Config: not null, Layers: not null } manifest
            ? manifest : throw new ContentVerificationException($"image manifest {digest} has no config or no layers");

    /// <summary>The layers' uncompressed digests (rootfs.diff_ids) from an image config.</summary>
    public static IReadOnlyList<string> DiffIds(JsonNode config, string digest) =>
        config["rootfs"]?["diff_ids"]?.AsArray().Select(n => n!.GetValue<string>()).ToList()
            ?? throw new ContentVerificationException($"image config {digest} has no rootfs.diff_ids");

    /// <summary>The platform this runtime runs images for, in OCI's words (amd64, arm64).</summary>
    public static Platform HostPlatform { get; } = new(
        System.Runtime.InteropServices.RuntimeInformation.OSArchitecture switch
        {
            System.Runtime.InteropServices.Architecture.X64 => "amd64",
            System.Runtime.InteropServices.Architecture.Arm64 => "arm64",
            var other => other.ToString().ToLowerInvariant(),
        }, "linux");
}
