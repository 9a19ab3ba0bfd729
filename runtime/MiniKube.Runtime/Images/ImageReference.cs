using System.Diagnostics.CodeAnalysis;
using System.Text.RegularExpressions;

namespace MiniKube.Runtime.Images;

/// <summary>
/// An image reference such as <c>busybox</c>, <c>registry.k8s.io/pause:3.10</c> or <c>name@sha256:…</c>, normalised the
/// way Docker and containerd do: no registry means docker.io, and a one-part Docker Hub name gets <c>library/</c>
/// (<c>busybox</c> → <c>docker.io/library/busybox:latest</c>). No tag and no digest means <c>:latest</c>.
/// Concept: https://kubernetes.io/docs/concepts/containers/images/#image-names
/// </summary>
public sealed partial record ImageReference(string Registry, string Repository, string? Tag, string? Digest)
{
    public const string DockerHub = "docker.io";

    /// <summary>registry/repository, e.g. docker.io/library/busybox.</summary>
    public string Name => $"{Registry}/{Repository}";

    /// <summary>The tag or, if there is none, the digest: what to ask the registry's manifests endpoint for.</summary>
    public string ManifestReference => Digest ?? Tag!;

    public override string ToString() => Name + (Tag is null ? "" : ":" + Tag) + (Digest is null ? "" : "@" + Digest);

    public static ImageReference Parse(string text) =>
        TryParse(text, out var reference, out var error) ? reference : throw new InvalidArgumentException($"invalid image reference \"{text}\": {error}");

    public static bool TryParse(string text, [NotNullWhen(true)] out ImageReference? reference, out string? error)
    {
        reference = null;
        error = null;
        if (string.IsNullOrWhiteSpace(text)) { error = "empty reference"; return false; }
        var rest = text.Trim();
        string? digest = null;
        var at = rest.IndexOf('@', StringComparison.Ordinal);
        if (at >= 0)
        {
            digest = rest[(at + 1)..];
            rest = rest[..at];
            if (!ContentDigest.TryParse(digest, out _)) { error = $"\"{digest}\" is not a sha256 digest"; return false; }
        }
        // The first component is a registry host only if it looks like one (a dot, a port or localhost), as Docker decides.
        string registry;
        var slash = rest.IndexOf('/', StringComparison.Ordinal);
        if (slash > 0 && (rest[..slash].Contains('.', StringComparison.Ordinal) || rest[..slash].Contains(':', StringComparison.Ordinal) || rest[..slash] == "localhost"))
        {
            registry = rest[..slash];
            rest = rest[(slash + 1)..];
        }
        else registry = DockerHub;
        if (registry is "index.docker.io" or "registry-1.docker.io") registry = DockerHub;

        string? tag = null;
        var lastSlash = rest.LastIndexOf('/');
        var colon = rest.LastIndexOf(':');
        if (colon > lastSlash)
        {
            tag = rest[(colon + 1)..];
            rest = rest[..colon];
            if (!TagPattern().IsMatch(tag)) { error = $"\"{tag}\" is not a valid tag"; return false; }
        }
        if (registry == DockerHub && !rest.Contains('/', StringComparison.Ordinal)) rest = "library/" + rest;
        if (!RepositoryPattern().IsMatch(rest)) { error = $"repository \"{rest}\" must be lowercase path components of letters, digits and separators"; return false; }
        if (tag is null && digest is null) tag = "latest";
        reference = new ImageReference(registry, rest, tag, digest);
        return true;
    }

    [GeneratedRegex("^[\\w][\\w.-]{0,127}$")]
    private static partial Regex TagPattern();

    [GeneratedRegex("^[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*(?:/[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*)*$")]
    private static partial Regex RepositoryPattern();
}
