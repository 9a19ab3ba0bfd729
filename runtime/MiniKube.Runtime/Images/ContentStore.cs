using System.Collections.Concurrent;
using System.Security.Cryptography;
using Microsoft.Extensions.Logging;

namespace MiniKube.Runtime.Images;

/// <summary>
/// The content-addressed store under <c>--root</c>: every blob (manifest, config, layer) lives at
/// <c>blobs/sha256/&lt;hex&gt;</c>, named by its digest. A download goes to <c>ingest/</c> first and is renamed into place
/// only after its digest and size matched, so a blob in the store is always the blob its name promises (containerd's
/// content store does the same with its ingest directory). Two pulls that need the same blob at once share one download.
/// </summary>
public sealed partial class ContentStore
{
    private readonly string _blobs;
    private readonly string _ingest;
    private readonly ILogger _logger;
    private readonly ConcurrentDictionary<string, Lazy<Task<bool>>> _inFlight = new();

    public ContentStore(string root, ILogger<ContentStore> logger)
    {
        _blobs = Path.Join(root, "blobs", "sha256");
        _ingest = Path.Join(root, "ingest");
        _logger = logger;
        Directory.CreateDirectory(_blobs);
        // A download interrupted by a crash left a temp file behind; it was never verified, so it goes.
        if (Directory.Exists(_ingest)) Directory.Delete(_ingest, recursive: true);
        Directory.CreateDirectory(_ingest);
    }

    public string BlobPath(string digest) => Path.Join(_blobs, ContentDigest.Hex(digest));

    public bool Exists(string digest) => File.Exists(BlobPath(digest));

    public long SizeOf(string digest) => new FileInfo(BlobPath(digest)).Length;

    public IEnumerable<string> List() =>
        Directory.EnumerateFiles(_blobs).Select(p => ContentDigest.Sha256Prefix + Path.GetFileName(p));

    public byte[] Read(string digest) => File.ReadAllBytes(BlobPath(digest));

    /// <summary>Stores bytes already in memory (a manifest we fetched and verified).</summary>
    public void Write(string digest, byte[] data)
    {
        if (ContentDigest.Of(data) != digest) throw new ContentVerificationException($"content does not match digest {digest}");
        if (Exists(digest)) return;
        var temp = Path.Join(_ingest, Guid.NewGuid().ToString("N"));
        File.WriteAllBytes(temp, data);
        File.Move(temp, BlobPath(digest), overwrite: true);
    }

    /// <summary>
    /// Makes sure the blob is in the store, downloading it with <paramref name="open"/> if it is not. Returns true when
    /// this call (or the download it joined) wrote it, false when it was there already.
    /// </summary>
    public Task<bool> FetchAsync(Descriptor descriptor, Func<CancellationToken, Task<Stream>> open, CancellationToken cancellationToken)
    {
        if (Exists(descriptor.Digest)) return Task.FromResult(false);
        var download = _inFlight.GetOrAdd(descriptor.Digest, key => new Lazy<Task<bool>>(async () =>
        {
            try
            {
                // Not the caller's token: another pull may be waiting on this same download.
                await DownloadAsync(descriptor, open, CancellationToken.None);
                return true;
            }
            finally { _inFlight.TryRemove(descriptor.Digest, out _); }
        }));
        return download.Value.WaitAsync(cancellationToken);
    }

    private async Task DownloadAsync(Descriptor descriptor, Func<CancellationToken, Task<Stream>> open, CancellationToken cancellationToken)
    {
        if (Exists(descriptor.Digest)) return;
        Log.FetchingBlob(_logger, descriptor.Digest, descriptor.Size);
        var temp = Path.Join(_ingest, Guid.NewGuid().ToString("N"));
        try
        {
            using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
            long written = 0;
            await using (var source = await open(cancellationToken))
            await using (var target = new FileStream(temp, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1 << 16, useAsync: true))
            {
                var buffer = new byte[1 << 16];
                int read;
                while ((read = await source.ReadAsync(buffer, cancellationToken)) > 0)
                {
                    written += read;
                    // Never take more than the descriptor promised: a hostile registry could stream forever.
                    if (written > descriptor.Size)
                        throw new ContentVerificationException($"blob {descriptor.Digest} is larger than the {descriptor.Size} bytes its descriptor gives; refusing it");
                    hash.AppendData(buffer, 0, read);
                    await target.WriteAsync(buffer.AsMemory(0, read), cancellationToken);
                }
            }
            if (written != descriptor.Size)
                throw new ContentVerificationException($"blob {descriptor.Digest} has {written} bytes, its descriptor says {descriptor.Size}; refusing it");
            var actual = ContentDigest.FromHash(hash);
            if (actual != descriptor.Digest)
                throw new ContentVerificationException($"blob {descriptor.Digest} failed verification: its content hashes to {actual}; refusing it");
            File.Move(temp, BlobPath(descriptor.Digest), overwrite: true);
            Log.FetchedBlob(_logger, descriptor.Digest);
        }
        finally
        {
            File.Delete(temp);
        }
    }

    public void Delete(string digest)
    {
        File.Delete(BlobPath(digest));
        Log.DeletedBlob(_logger, digest);
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = 4120, Level = LogLevel.Information, Message = "Fetching blob {Digest} ({Size} bytes)")]
        public static partial void FetchingBlob(ILogger logger, string digest, long size);

        [LoggerMessage(EventId = 4121, Level = LogLevel.Debug, Message = "Fetched and verified blob {Digest}")]
        public static partial void FetchedBlob(ILogger logger, string digest);

        [LoggerMessage(EventId = 4122, Level = LogLevel.Debug, Message = "Deleted blob {Digest}")]
        public static partial void DeletedBlob(ILogger logger, string digest);
    }
}
