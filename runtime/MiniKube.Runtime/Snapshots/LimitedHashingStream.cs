using System.Security.Cryptography;

namespace MiniKube.Runtime.Snapshots;

/// <summary>
/// Reads through to the decompressed layer while hashing it (the result must equal the config's diff_id) and counting
/// it: past <see cref="Limit"/> bytes the layer is treated as a decompression bomb and refused.
/// </summary>
internal sealed class LimitedHashingStream(Stream inner, long limit, string layer) : Stream
{
    private readonly IncrementalHash _hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);

    public long Limit => limit;
    public long BytesRead { get; private set; }

    public string Digest() => Images.ContentDigest.FromHash(_hash);

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    public override int Read(Span<byte> buffer)
    {
        var n = inner.Read(buffer);
        BytesRead += n;
        if (BytesRead > limit)
            throw new ContentVerificationException($"layer {layer} expands to more than {limit} bytes; refusing it as a decompression bomb");
        _hash.AppendData(buffer[..n]);
        return n;
    }

    public override bool CanRead => true;
    public override bool CanSeek => false;
    public override bool CanWrite => false;
    public override long Length => throw new NotSupportedException();
    public override long Position { get => BytesRead; set => throw new NotSupportedException(); }
    public override void Flush() { }
    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
    public override void SetLength(long value) => throw new NotSupportedException();
    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    protected override void Dispose(bool disposing)
    {
        if (disposing) { _hash.Dispose(); inner.Dispose(); }
        base.Dispose(disposing);
    }
}
