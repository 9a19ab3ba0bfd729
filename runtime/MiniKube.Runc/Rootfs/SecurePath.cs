namespace MiniKube.Runc.Rootfs;

/// <summary>
/// Turns a path inside the container ("/var/run/secrets") into the host path under the rootfs where it really is,
/// following symlinks the way the container will see them: an absolute link target starts again at the rootfs, not
/// at the host's "/". A path that climbs out of the rootfs with ".." (written in config.json or hidden in a symlink
/// the image ships) is refused, so a bundle cannot make minirunc mount over a host directory.
/// </summary>
/// <remarks>
/// Upstream difference: runc resolves the same way (its securejoin library) but quietly clamps ".." at the rootfs
/// instead of refusing, and it re-checks each mount target through a file descriptor to close the race with a
/// process changing the rootfs meanwhile. minirunc refuses escapes outright and resolves by path, which is simpler
/// to read and fine while nothing else writes to the rootfs during create.
/// </remarks>
internal static class SecurePath
{
    private const int MaxSymlinks = 40;   // the kernel's own limit (ELOOP)

    public static string Resolve(string rootfs, string path)
    {
        var resolved = new List<string>();
        var pending = new LinkedList<string>(Split(path));
        var symlinks = 0;
        string? viaSymlink = null;   // the last symlink followed, to name it when its target climbs out
        while (pending.First is { } node)
        {
            var part = node.Value;
            pending.RemoveFirst();
            if (part == ".") continue;
            if (part == "..")
            {
                if (resolved.Count == 0)
                {
                    throw new SecurePathException(viaSymlink is null
                        ? $"path \"{path}\" climbs out of the rootfs with \"..\""
                        : $"path \"{path}\" leaves the rootfs through the symlink {viaSymlink}");
                }
                resolved.RemoveAt(resolved.Count - 1);
                continue;
            }

            var candidate = Path.Join(rootfs, string.Join('/', resolved), part);
            var target = new FileInfo(candidate).LinkTarget;
            if (target is null)
            {
                resolved.Add(part);
                continue;
            }

            if (++symlinks > MaxSymlinks) throw new SecurePathException($"path \"{path}\" has too many levels of symbolic links");
            viaSymlink = $"/{string.Join('/', resolved.Append(part))} -> {target}";
            // An absolute target is absolute inside the container: start again from the rootfs.
            if (target.StartsWith('/')) resolved.Clear();
            var parts = Split(target).ToList();
            for (var i = parts.Count - 1; i >= 0; i--) pending.AddFirst(parts[i]);
        }
        return resolved.Count == 0 ? rootfs : Path.Join(rootfs, string.Join('/', resolved));
    }

    private static IEnumerable<string> Split(string path) => path.Split('/', StringSplitOptions.RemoveEmptyEntries);
}
