using System.Formats.Tar;
using System.IO.Compression;
using Microsoft.Extensions.Logging;
using MiniKube.Runtime.Interop;

namespace MiniKube.Runtime.Snapshots;

/// <summary>
/// Applies one image layer (a tar, plain or gzip) to an empty snapshot directory, turning the OCI whiteouts into the
/// form overlayfs understands: <c>.wh.name</c> (name was deleted) becomes a 0/0 character device, and
/// <c>.wh..wh..opq</c> (the directory replaces the lower one's content) becomes the <c>trusted.overlay.opaque=y</c> xattr.
/// A layer is untrusted input, so: names with ".." are refused, absolute names are taken relative to the root, parent
/// directories are resolved inside the root (<see cref="RootPath"/>), an existing entry is replaced and never written
/// through, hard links must point inside, device nodes are skipped, and the uncompressed size is capped.
/// Concept: https://kubernetes.io/docs/concepts/containers/images/
/// </summary>
public sealed partial class LayerUnpacker(ILogger<LayerUnpacker> logger)
{
    /// <summary>Uncompressed bytes always allowed per layer; more is allowed only up to <see cref="MaxRatio"/> × compressed.</summary>
    public const long MinBudget = 64L << 20;

    /// <summary>Real layers compress 2–10×; gzip of zeros reaches 1000×. Past 100× the layer is treated as a bomb.</summary>
    public const long MaxRatio = 100;

    private const string WhiteoutPrefix = ".wh.";
    private const string OpaqueWhiteout = ".wh..wh..opq";

    /// <summary>Unpacks <paramref name="blobPath"/> into <paramref name="target"/> (which must exist and be empty); returns the diff ID.</summary>
    public string Unpack(string blobPath, string target, string layer)
    {
        using var file = File.OpenRead(blobPath);
        Span<byte> magic = stackalloc byte[4];
        var n = file.ReadAtLeast(magic, 4, throwOnEndOfStream: false);
        file.Position = 0;
        Stream decompressed = n >= 2 && magic[0] == 0x1f && magic[1] == 0x8b ? new GZipStream(file, CompressionMode.Decompress, leaveOpen: true) : file;
        if (n == 4 && magic[0] == 0x28 && magic[1] == 0xb5 && magic[2] == 0x2f && magic[3] == 0xfd)
            throw new InvalidArgumentException($"layer {layer} is zstd-compressed, which minikube-runtime does not unpack (gzip and plain tar only)");
        using var stream = new LimitedHashingStream(decompressed, Math.Max(MinBudget, MaxRatio * file.Length), layer);
        // A 0-byte blob is an empty layer (Go's tar reader, which containerd uses, sees a clean end of archive);
        // .NET's TarReader wants at least one header block, so it is not asked.
        if (n > 0)
        {
            using var reader = new TarReader(stream, leaveOpen: true);
            while (reader.GetNextEntry() is { } entry) Apply(entry, target, layer);
        }
        stream.CopyTo(Stream.Null);      // the zero blocks after the last entry are part of the diff ID too
        return stream.Digest();
    }

    private void Apply(TarEntry entry, string root, string layer)
    {
        if (entry.EntryType is TarEntryType.GlobalExtendedAttributes) return;
        var components = RootPath.Components(entry.Name, layer);
        if (components.Count == 0) return;      // "./" itself: the snapshot root already exists
        var baseName = components[^1];
        var parent = RootPath.Resolve(root, components[..^1], followFinal: true);
        Directory.CreateDirectory(parent);

        if (baseName == OpaqueWhiteout)
        {
            Libc.SetXattr(parent, "trusted.overlay.opaque", "y");
            return;
        }
        if (baseName.StartsWith(WhiteoutPrefix, StringComparison.Ordinal))
        {
            var hidden = parent + "/" + baseName[WhiteoutPrefix.Length..];
            RemoveExisting(hidden);
            Libc.Mknod(hidden, Libc.S_IFCHR, 0);         // overlayfs's whiteout: a character device 0/0
            return;
        }

        var path = parent + "/" + baseName;
        var existingIsDirectory = Libc.TryLstat(path, out var existingType, out _) && existingType == Libc.S_IFDIR;
        switch (entry.EntryType)
        {
            case TarEntryType.Directory:
                if (!existingIsDirectory) { RemoveExisting(path); Directory.CreateDirectory(path); }
                SetAttributes(entry, path, isSymlink: false);
                break;
            case TarEntryType.RegularFile or TarEntryType.V7RegularFile or TarEntryType.ContiguousFile:
                RemoveExisting(path);
                // CreateNew is O_CREAT|O_EXCL: it never opens through a symlink that might have appeared at this name.
                using (var output = new FileStream(path, FileMode.CreateNew, FileAccess.Write))
                {
                    entry.DataStream?.CopyTo(output);
                }
                SetAttributes(entry, path, isSymlink: false);
                break;
            case TarEntryType.SymbolicLink:
                // The target is stored as text and only means something inside the container; creating it is harmless.
                RemoveExisting(path);
                File.CreateSymbolicLink(path, entry.LinkName);
                SetAttributes(entry, path, isSymlink: true);
                break;
            case TarEntryType.HardLink:
                var targetComponents = RootPath.Components(entry.LinkName, layer);
                var linkTarget = RootPath.Resolve(root, targetComponents, followFinal: false);
                if (targetComponents.Count == 0 || !Libc.TryLstat(linkTarget, out var targetType, out _) || targetType == Libc.S_IFDIR)
                    throw new ContentVerificationException($"layer {layer} has a hard link \"{entry.Name}\" to \"{entry.LinkName}\", which is not a file earlier in the layer; refusing it");
                RemoveExisting(path);
                Libc.Link(linkTarget, path);
                break;
            case TarEntryType.Fifo:
                RemoveExisting(path);
                Libc.Mknod(path, Libc.S_IFIFO | (uint)entry.Mode, 0);
                SetAttributes(entry, path, isSymlink: false);
                break;
            case TarEntryType.CharacterDevice or TarEntryType.BlockDevice:
                // Upstream difference: containerd creates device nodes (as root); an image has no business shipping
                // them (the runtime gives every container its /dev), so we skip them and say so.
                Log.SkippedDevice(logger, layer, entry.Name);
                break;
            default:
                Log.SkippedEntry(logger, layer, entry.Name, entry.EntryType.ToString());
                break;
        }
    }

    private static void SetAttributes(TarEntry entry, string path, bool isSymlink)
    {
        if (entry is PosixTarEntry posix) Libc.Lchown(path, posix.Uid, posix.Gid);
        if (isSymlink) return;      // chmod and utimes would follow the link
        // After chown: chown clears the setuid/setgid bits, chmod puts them back.
        File.SetUnixFileMode(path, entry.Mode);
        if (entry.EntryType != TarEntryType.Directory) File.SetLastWriteTimeUtc(path, entry.ModificationTime.UtcDateTime);
    }

    /// <summary>Removes whatever is at <paramref name="path"/> (file, symlink — not its target —, device or a whole directory).</summary>
    internal static void RemoveExisting(string path)
    {
        if (!Libc.TryLstat(path, out var type, out _)) return;
        if (type == Libc.S_IFDIR) Directory.Delete(path, recursive: true);
        else File.Delete(path);
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = 4201, Level = LogLevel.Warning, Message = "Layer {Layer}: skipping device node {Entry} (containers get their devices from the runtime, not from images)")]
        public static partial void SkippedDevice(ILogger logger, string layer, string entry);

        [LoggerMessage(EventId = 4202, Level = LogLevel.Warning, Message = "Layer {Layer}: skipping entry {Entry} of unsupported type {Type}")]
        public static partial void SkippedEntry(ILogger logger, string layer, string entry, string type);
    }
}
