using MiniKube.Runtime.Interop;

namespace MiniKube.Runtime.Snapshots;

/// <summary>
/// Resolves a path inside a root directory as if the root were "/" (what chroot would see), never leaving it: every
/// symlink met on the way is expanded by hand, an absolute target restarts at the root, and ".." stops at the root.
/// A layer can therefore ship a symlink <c>etc -> /etc</c> or <c>x -> ../../..</c> and a later entry <c>x/passwd</c>
/// still lands inside the rootfs. (The idea of Go's securejoin, which runc and containerd use.)
/// </summary>
internal static class RootPath
{
    private const int MaxSymlinkHops = 255;

    /// <summary>Splits a tar entry name into clean components; throws for ".." (we refuse such layers outright).</summary>
    public static List<string> Components(string name, string layer)
    {
        var parts = new List<string>();
        foreach (var part in name.Replace('\\', '/').Split('/'))
        {
            if (part is "" or ".") continue;        // a leading "/" is dropped: absolute entries are contained in the root
            if (part == "..")
                throw new ContentVerificationException($"layer {layer} has an entry \"{name}\" with \"..\"; refusing a layer that tries to write outside its root");
            parts.Add(part);
        }
        return parts;
    }

    /// <summary>
    /// The host path for <paramref name="components"/> under <paramref name="root"/>, symlinks resolved inside the root.
    /// The final component is followed only when <paramref name="followFinal"/> (parents of an entry: yes; the entry
    /// itself: no, it is replaced, never written through).
    /// </summary>
    public static string Resolve(string root, IReadOnlyList<string> components, bool followFinal)
    {
        var resolved = new List<string>();
        var pending = new LinkedList<string>(components);
        var hops = 0;
        while (pending.First is { } node)
        {
            var part = node.Value;
            pending.RemoveFirst();
            if (part is "" or ".") continue;
            if (part == "..")
            {
                if (resolved.Count > 0) resolved.RemoveAt(resolved.Count - 1);   // ".." at the root stays at the root
                continue;
            }
            var candidate = Join(root, [.. resolved, part]);
            var isFinal = pending.Count == 0;
            if ((!isFinal || followFinal) && Libc.TryLstat(candidate, out var type, out _) && type == Libc.S_IFLNK)
            {
                if (++hops > MaxSymlinkHops) throw new ContentVerificationException($"too many levels of symbolic links under {root}");
                var target = new FileInfo(candidate).LinkTarget ?? "";
                if (target.StartsWith('/')) resolved.Clear();
                var parts = target.Split('/');
                for (var i = parts.Length - 1; i >= 0; i--) pending.AddFirst(parts[i]);
                continue;
            }
            resolved.Add(part);
        }
        return Join(root, resolved);
    }

    private static string Join(string root, IEnumerable<string> parts) => parts.Aggregate(root, (path, part) => path + "/" + part);
}
