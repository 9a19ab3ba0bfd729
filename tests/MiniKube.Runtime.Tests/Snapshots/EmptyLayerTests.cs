using System.IO.Compression;
using Microsoft.Extensions.Logging.Abstractions;
using MiniKube.Runtime.Images;
using MiniKube.Runtime.Snapshots;
using MiniKube.Testing;
using Xunit;

namespace MiniKube.Runtime.Tests.Snapshots;

/// <summary>
/// Empty layers are common in real images (a Dockerfile's ENV or WORKDIR step used to produce one): a 0-byte blob, a
/// tar of only its two zero end blocks, and that tar gzipped. Each must unpack into an empty snapshot, and the diff
/// ID must be the hash of the uncompressed bytes exactly as they are, end blocks included.
/// </summary>
public sealed class EmptyLayerTests : IDisposable
{
    private readonly TestDirectory _dir = new();

    public static TheoryData<string> Kinds => ["zero-bytes", "end-blocks-only", "gzipped-end-blocks"];

    [Theory]
    [MemberData(nameof(Kinds))]
    public void EmptyLayer_UnpacksToAnEmptySnapshot(string kind)
    {
        var uncompressed = kind == "zero-bytes" ? [] : new byte[1024];
        var blob = kind == "gzipped-end-blocks" ? Gzip(uncompressed) : uncompressed;
        var blobPath = _dir.Combine("blob");
        File.WriteAllBytes(blobPath, blob);
        var target = _dir.Combine("fs");
        Directory.CreateDirectory(target);

        var diffId = new LayerUnpacker(NullLogger<LayerUnpacker>.Instance).Unpack(blobPath, target, "sha256:test");

        Assert.Equal(ContentDigest.Of(uncompressed), diffId);
        Assert.Empty(Directory.EnumerateFileSystemEntries(target));
    }

    private static byte[] Gzip(byte[] data)
    {
        using var output = new MemoryStream();
        using (var gzip = new GZipStream(output, CompressionLevel.Optimal, leaveOpen: true)) gzip.Write(data);
        return output.ToArray();
    }

    public void Dispose() => _dir.Dispose();
}
