using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;
using MiniKube.Runtime.Images;
using MiniKube.Runtime.Interop;

namespace MiniKube.Runtime.Snapshots;

/// <summary>
/// Unpacked layers and container root filesystems, like containerd's overlayfs snapshotter. Each layer is unpacked
/// once into <c>--root/snapshots/&lt;chainID&gt;/fs</c> (the chain ID names "this layer on top of those", so images
/// sharing a base share its snapshots). A container's rootfs is an overlay mount: the snapshots as read-only lower
/// directories and a fresh upper/work pair for its writes; where overlayfs is not available, the snapshots are copied.
/// Concept: https://kubernetes.io/docs/concepts/containers/images/
/// </summary>
public sealed partial class Snapshotter
{
    private readonly string _dir;
    private readonly LayerUnpacker _unpacker;
    private readonly ILogger _logger;
    private readonly ConcurrentDictionary<string, Lazy<Task<bool>>> _inFlight = new();

    public Snapshotter(string root, LayerUnpacker unpacker, ILogger<Snapshotter> logger)
    {
        _dir = Path.Join(root, "snapshots");
        _unpacker = unpacker;
        _logger = logger;
        Directory.CreateDirectory(_dir);
        // An unpack that a crash interrupted never got renamed into place: discard it.
        foreach (var leftover in Directory.EnumerateDirectories(_dir, "tmp-*")) Directory.Delete(leftover, recursive: true);
    }

    /// <summary>Where the snapshots live: the image filesystem ImageFsInfo reports.</summary>
    public string Root => _dir;

    /// <summary>The snapshot's files: one layer's changes, with whiteouts in overlayfs form.</summary>
    public string PathOf(string chainId) => Path.Join(_dir, ContentDigest.Hex(chainId), "fs");

    public bool Exists(string chainId) => Directory.Exists(PathOf(chainId));

    public IEnumerable<string> List() =>
        Directory.EnumerateDirectories(_dir).Select(Path.GetFileName).Where(n => n!.Length == 64).Select(n => ContentDigest.Sha256Prefix + n);

    /// <summary>
    /// Unpacks a layer blob into the snapshot <paramref name="chainId"/>, unless it exists; verifies that the layer's
    /// uncompressed content hashes to <paramref name="diffId"/>. Concurrent requests for one snapshot share the work.
    /// Returns true when this call (or the unpack it joined) created the snapshot.
    /// </summary>
    public Task<bool> UnpackAsync(string chainId, string diffId, string layerDigest, string blobPath, CancellationToken cancellationToken)
    {
        if (Exists(chainId)) return Task.FromResult(false);
        var work = _inFlight.GetOrAdd(chainId, key => new Lazy<Task<bool>>(() => Task.Run(() =>
        {
            try
            {
                Unpack(chainId, diffId, layerDigest, blobPath);
                return true;
            }
            finally { _inFlight.TryRemove(chainId, out _); }
        })));
        return work.Value.WaitAsync(cancellationToken);
    }

    private void Unpack(string chainId, string diffId, string layerDigest, string blobPath)
    {
        if (Exists(chainId)) return;
        Log.Unpacking(_logger, layerDigest, chainId);
        // Unpacked beside the final place and renamed at the end: a half-unpacked layer is never visible as a snapshot.
        var temp = Path.Join(_dir, "tmp-" + Guid.NewGuid().ToString("N"));
        try
        {
            Directory.CreateDirectory(Path.Join(temp, "fs"));
            var actual = _unpacker.Unpack(blobPath, Path.Join(temp, "fs"), layerDigest);
            if (actual != diffId)
                throw new ContentVerificationException($"layer {layerDigest} unpacks to content {actual}, but the image config says {diffId}; refusing it");
            Directory.Move(temp, Path.Join(_dir, ContentDigest.Hex(chainId)));
        }
        finally
        {
            if (Directory.Exists(temp)) Directory.Delete(temp, recursive: true);
        }
    }

    public void Remove(string chainId)
    {
        var dir = Path.Join(_dir, ContentDigest.Hex(chainId));
        if (!Directory.Exists(dir)) return;
        Directory.Delete(dir, recursive: true);
        Log.Removed(_logger, chainId);
    }

    /// <summary>Bytes and inodes the snapshots use (for ImageFsInfo), counted without following links.</summary>
    public (ulong Bytes, ulong Inodes) Usage()
    {
        ulong bytes = 0, inodes = 0;
        // Symlinks are skipped: an image may hold a link to "/" and we must not walk the host through it.
        var options = new EnumerationOptions { RecurseSubdirectories = true, AttributesToSkip = FileAttributes.ReparsePoint, IgnoreInaccessible = true };
        foreach (var info in new DirectoryInfo(_dir).EnumerateFileSystemInfos("*", options))
        {
            inodes++;
            if (info is FileInfo { LinkTarget: null } file) bytes += (ulong)file.Length;
        }
        return (bytes, inodes);
    }

    /// <summary>
    /// Builds a container's root filesystem in <paramref name="containerDir"/>/rootfs from the image's snapshots
    /// (bottom layer first): an overlay mount when possible, else a copy (<paramref name="allowOverlay"/> false forces it).
    /// </summary>
    public RootfsMount PrepareRootfs(string containerDir, IReadOnlyList<string> chainIds, bool allowOverlay = true)
    {
        var rootfs = Path.Join(containerDir, "rootfs");
        var upper = Path.Join(containerDir, "upper");
        var work = Path.Join(containerDir, "work");
        Directory.CreateDirectory(rootfs);
        foreach (var chainId in chainIds)
        {
            if (!Exists(chainId)) throw new NotFoundException($"snapshot {chainId} does not exist; pull the image again");
        }
        if (allowOverlay)
        {
            Directory.CreateDirectory(upper);
            Directory.CreateDirectory(work);
            // overlayfs lists lower directories top first.
            var lower = string.Join(':', chainIds.Reverse().Select(PathOf));
            var errno = Libc.Mount("overlay", rootfs, "overlay", $"lowerdir={lower},upperdir={upper},workdir={work}");
            if (errno == 0)
            {
                Log.MountedOverlay(_logger, rootfs, chainIds.Count);
                return new RootfsMount(rootfs, IsOverlay: true);
            }
            Log.OverlayUnavailable(_logger, rootfs, System.Runtime.InteropServices.Marshal.GetPInvokeErrorMessage(errno));
            Directory.Delete(upper, recursive: true);
            Directory.Delete(work, recursive: true);
        }
        foreach (var chainId in chainIds) SnapshotCopy.Apply(PathOf(chainId), rootfs);
        Log.CopiedRootfs(_logger, rootfs, chainIds.Count);
        return new RootfsMount(rootfs, IsOverlay: false);
    }

    /// <summary>Undoes <see cref="PrepareRootfs"/>: unmounts the overlay (if any) and deletes the container's directory.</summary>
    public void ReleaseRootfs(string containerDir)
    {
        var rootfs = Path.Join(containerDir, "rootfs");
        if (Directory.Exists(rootfs)) Libc.Unmount(rootfs);
        if (Directory.Exists(containerDir)) Directory.Delete(containerDir, recursive: true);
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = 4210, Level = LogLevel.Information, Message = "Unpacking layer {Layer} into snapshot {ChainId}")]
        public static partial void Unpacking(ILogger logger, string layer, string chainId);

        [LoggerMessage(EventId = 4211, Level = LogLevel.Information, Message = "Removed snapshot {ChainId}")]
        public static partial void Removed(ILogger logger, string chainId);

        [LoggerMessage(EventId = 4212, Level = LogLevel.Information, Message = "Mounted overlay rootfs {Rootfs} from {Layers} snapshots")]
        public static partial void MountedOverlay(ILogger logger, string rootfs, int layers);

        [LoggerMessage(EventId = 4213, Level = LogLevel.Warning, Message = "overlayfs is not available for {Rootfs} ({Error}); copying the snapshots instead")]
        public static partial void OverlayUnavailable(ILogger logger, string rootfs, string error);

        [LoggerMessage(EventId = 4214, Level = LogLevel.Information, Message = "Copied rootfs {Rootfs} from {Layers} snapshots")]
        public static partial void CopiedRootfs(ILogger logger, string rootfs, int layers);
    }
}

/// <summary>A prepared container root filesystem and how it was made.</summary>
public sealed record RootfsMount(string Path, bool IsOverlay);
