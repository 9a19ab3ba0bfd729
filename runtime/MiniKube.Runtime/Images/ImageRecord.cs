namespace MiniKube.Runtime.Images;

/// <summary>
/// What the runtime remembers about one image (containerd's image + CRI image store entry): its id (the config's
/// digest), the names it is known by, and the content it needs (manifests, config, layers, snapshots).
/// </summary>
public sealed record ImageRecord
{
    public required string Id { get; init; }
    public List<string> RepoTags { get; init; } = [];
    public List<string> RepoDigests { get; init; } = [];
    /// <summary>Index and manifest digests, kept so removal can delete them.</summary>
    public List<string> ManifestDigests { get; init; } = [];
    public required List<string> Layers { get; init; }
    public required List<string> DiffIds { get; init; }
    public required List<string> ChainIds { get; init; }
    /// <summary>Compressed layers plus the config: what the pull downloaded.</summary>
    public long Size { get; init; }
    /// <summary>The config's User ("1000", "nobody", "1000:1000"), from which Image.uid / username are derived.</summary>
    public string User { get; init; } = "";
    public bool Pinned { get; init; }
}
