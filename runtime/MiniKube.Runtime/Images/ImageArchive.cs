using System.Formats.Tar;
using System.IO.Compression;
using MiniKube.Runtime.Snapshots;

namespace MiniKube.Runtime.Images;

/// <summary>
/// An image archive (an OCI image layout or a <c>docker save</c> tarball) spooled to a file, read by entry name. Entries
/// are never extracted to disk: names are only keys to look blobs up by, so a hostile archive's <c>../</c> names or
/// links have nothing to act on; the blobs it holds go through the content store's digest check and the layer
/// unpacker's defences like pulled ones. (containerd's <c>images/archive</c> importer reads a tar stream the same way.)
/// </summary>
public sealed class ImageArchive : IDisposable
{
    /// <summary>Manifests, configs, index.json and manifest.json are small; a bigger one is refused rather than read into memory.</summary>
    public const int MaxDocumentBytes = 4 << 20;

    private readonly string _path;
    private readonly Dictionary<string, long> _sizes;

    private ImageArchive(string path, Dictionary<string, long> sizes)
    {
        _path = path;
        _sizes = sizes;
    }

    /// <summary>
    /// Opens the spooled archive at <paramref name="path"/>. A gzip-compressed archive (<c>docker save | gzip</c>) is
    /// decompressed beside it first, with the unpacker's decompression-bomb rule (beyond 64 MiB and 100× the
    /// compressed size is refused). The archive file belongs to the returned object and is deleted on Dispose.
    /// </summary>
    public static ImageArchive Open(string path)
    {
        var tarPath = path;
        if (IsGzip(path))
        {
            tarPath = path + ".tar";
            var compressed = new FileInfo(path).Length;
            var budget = Math.Max(LayerUnpacker.MinBudget, compressed * LayerUnpacker.MaxRatio);
            try
            {
                using var gzip = new GZipStream(File.OpenRead(path), CompressionMode.Decompress);
                using var target = File.Create(tarPath);
                var buffer = new byte[1 << 16];
                long total = 0;
                int read;
                while ((read = gzip.Read(buffer)) > 0)
                {
                    total += read;
                    if (total > budget)
                        throw new InvalidArgumentException($"the archive expands beyond {budget} bytes ({LayerUnpacker.MaxRatio}× its compressed size); refusing it as a decompression bomb");
                    target.Write(buffer, 0, read);
                }
            }
            catch (InvalidDataException ex)
            {
                File.Delete(tarPath);
                throw new InvalidArgumentException($"the archive is not valid gzip: {ex.Message}");
            }
            catch
            {
                File.Delete(tarPath);
                throw;
            }
            finally { File.Delete(path); }
        }
        try
        {
            var sizes = new Dictionary<string, long>(StringComparer.Ordinal);
            using var stream = File.OpenRead(tarPath);
            using var reader = new TarReader(stream);
            while (reader.GetNextEntry() is { } entry)
            {
                if (entry.EntryType is TarEntryType.RegularFile or TarEntryType.V7RegularFile) sizes[Normalize(entry.Name)] = entry.Length;
            }
            return new ImageArchive(tarPath, sizes);
        }
        catch (Exception ex) when (ex is InvalidDataException or FormatException or EndOfStreamException)
        {
            File.Delete(tarPath);
            throw new InvalidArgumentException($"the archive is not a tar file: {ex.Message}");
        }
        catch
        {
            File.Delete(tarPath);
            throw;
        }
    }

    public bool Contains(string name) => _sizes.ContainsKey(Normalize(name));

    public long SizeOf(string name) =>
        _sizes.TryGetValue(Normalize(name), out var size) ? size : throw new NotFoundException($"the archive has no file \"{name}\"");

    /// <summary>Reads a small document (JSON) from the archive.</summary>
    public byte[] ReadDocument(string name)
    {
        if (SizeOf(name) > MaxDocumentBytes) throw new InvalidArgumentException($"\"{name}\" in the archive is larger than {MaxDocumentBytes} bytes; refusing it");
        using var memory = new MemoryStream();
        WithEntry(name, data => data.CopyTo(memory));
        return memory.ToArray();
    }

    /// <summary>Hands the entry's content to <paramref name="use"/> (the stream is only valid during the call).</summary>
    public async Task WithEntryAsync(string name, Func<Stream, Task> use)
    {
        await using var stream = File.OpenRead(_path);
        await using var reader = new TarReader(stream);
        while (await reader.GetNextEntryAsync() is { } entry)
        {
            if (entry.EntryType is TarEntryType.RegularFile or TarEntryType.V7RegularFile && Normalize(entry.Name) == Normalize(name))
            {
                // An empty file has no data stream.
                await use(entry.DataStream ?? Stream.Null);
                return;
            }
        }
        throw new NotFoundException($"the archive has no file \"{name}\"");
    }

    private void WithEntry(string name, Action<Stream> use) =>
        WithEntryAsync(name, s => { use(s); return Task.CompletedTask; }).GetAwaiter().GetResult();

    /// <summary>The path of a blob in an OCI image layout: blobs/sha256/&lt;hex&gt;.</summary>
    public static string BlobName(string digest) => $"blobs/sha256/{ContentDigest.Hex(digest)}";

    // "./index.json" and "index.json" are the same entry (tar writers differ).
    private static string Normalize(string name) => name.StartsWith("./", StringComparison.Ordinal) ? name[2..] : name;

    private static bool IsGzip(string path)
    {
        using var file = File.OpenRead(path);
        return file.ReadByte() == 0x1f && file.ReadByte() == 0x8b;
    }

    public void Dispose() => File.Delete(_path);
}
