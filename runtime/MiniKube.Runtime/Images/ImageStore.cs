using System.Text.Json;

namespace MiniKube.Runtime.Images;

/// <summary>
/// The images the node has, indexed by id, tag and digest (containerd's CRI image store). Each record is one JSON file
/// under <c>--root/images/</c>, so a restarted runtime knows its images without pulling again.
/// </summary>
public sealed class ImageStore
{
    private readonly string _dir;
    private readonly Lock _lock = new();
    private readonly Dictionary<string, ImageRecord> _images = [];

    public ImageStore(string root)
    {
        _dir = Path.Join(root, "images");
        Directory.CreateDirectory(_dir);
        foreach (var file in Directory.EnumerateFiles(_dir, "*.json"))
        {
            var record = JsonSerializer.Deserialize<ImageRecord>(File.ReadAllText(file))!;
            _images[record.Id] = record;
        }
    }

    public IReadOnlyList<ImageRecord> List()
    {
        lock (_lock) return [.. _images.Values.OrderBy(i => i.Id, StringComparer.Ordinal)];
    }

    /// <summary>
    /// Finds an image the way containerd's CRI does: by full id ("sha256:…"), by a unique id prefix, or by reference
    /// (normalised, so "busybox" finds docker.io/library/busybox:latest). Null when the node does not have it.
    /// </summary>
    public ImageRecord? Resolve(string image)
    {
        lock (_lock)
        {
            if (_images.TryGetValue(image, out var byId)) return byId;
            var hex = image.StartsWith(ContentDigest.Sha256Prefix, StringComparison.Ordinal) ? image[ContentDigest.Sha256Prefix.Length..] : image;
            if (hex.Length >= 4 && hex.All(Uri.IsHexDigit))
            {
                var matches = _images.Values.Where(i => i.Id[ContentDigest.Sha256Prefix.Length..].StartsWith(hex, StringComparison.Ordinal)).ToList();
                if (matches.Count == 1) return matches[0];
            }
            if (!ImageReference.TryParse(image, out var reference, out _)) return null;
            var name = reference.ToString();
            var byDigest = reference.Digest is null ? null : $"{reference.Name}@{reference.Digest}";
            return _images.Values.FirstOrDefault(i => i.RepoTags.Contains(name) || (byDigest is not null && i.RepoDigests.Contains(byDigest)));
        }
    }

    /// <summary>
    /// Records a pulled image. A tag is a moving pointer: if another image had it, it moves to this one (and an image
    /// left with no names stays, as upstream, until it is removed or garbage-collected).
    /// </summary>
    public ImageRecord Add(ImageRecord pulled)
    {
        lock (_lock)
        {
            foreach (var other in _images.Values.Where(i => i.Id != pulled.Id).ToList())
            {
                if (other.RepoTags.RemoveAll(pulled.RepoTags.Contains) > 0) Save(other);
            }
            var record = _images.TryGetValue(pulled.Id, out var existing)
                ? existing with
                {
                    RepoTags = [.. existing.RepoTags.Union(pulled.RepoTags)],
                    RepoDigests = [.. existing.RepoDigests.Union(pulled.RepoDigests)],
                    ManifestDigests = [.. existing.ManifestDigests.Union(pulled.ManifestDigests)],
                }
                : pulled;
            _images[record.Id] = record;
            Save(record);
            return record;
        }
    }

    public void Remove(string id)
    {
        lock (_lock)
        {
            _images.Remove(id);
            File.Delete(Path.Join(_dir, ContentDigest.Hex(id) + ".json"));
        }
    }

    private void Save(ImageRecord record)
    {
        var path = Path.Join(_dir, ContentDigest.Hex(record.Id) + ".json");
        File.WriteAllText(path + ".tmp", JsonSerializer.Serialize(record));
        File.Move(path + ".tmp", path, overwrite: true);
    }
}
