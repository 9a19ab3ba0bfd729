using System.Formats.Tar;
using System.IO.Compression;
using System.Net;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace MiniKube.Testing.Registry;

/// <summary>One layer as pushed: its bytes (gzip or plain tar), digest, and the digest of the uncompressed tar (diff ID).</summary>
public sealed record LayerBlob(byte[] Data, string Digest, string DiffId, bool Gzip);

/// <summary>A built image: manifest bytes and digest, config, layers.</summary>
public sealed record BuiltImage(byte[] Manifest, string ManifestDigest, string ManifestMediaType, byte[] Config, string ConfigDigest, IReadOnlyList<LayerBlob> Layers);

/// <summary>
/// Builds OCI (or Docker) images in test code from tar entries — busybox-static for a working shell, hand-made entries
/// for whiteouts and hostile layers — and pushes them through the distribution API: blob upload POST + PUT, manifest PUT.
/// </summary>
public static class ImageBuilder
{
    public const string Busybox = "/bin/busybox";

    public static string Digest(byte[] data) => "sha256:" + Convert.ToHexStringLower(SHA256.HashData(data));

    /// <summary>A layer from tar entries written by <paramref name="write"/>.</summary>
    public static LayerBlob Layer(Action<TarWriter> write, bool gzip = true)
    {
        var tar = new MemoryStream();
        using (var writer = new TarWriter(tar, TarEntryFormat.Pax, leaveOpen: true)) write(writer);
        var plain = tar.ToArray();
        var data = plain;
        if (gzip)
        {
            var compressed = new MemoryStream();
            using (var gz = new GZipStream(compressed, CompressionLevel.Fastest, leaveOpen: true)) gz.Write(plain);
            data = compressed.ToArray();
        }
        return new LayerBlob(data, Digest(data), Digest(plain), gzip);
    }

    /// <summary>busybox-static with a few applets as symlinks: enough for a shell in a container.</summary>
    public static LayerBlob BusyboxLayer() => Layer(tar =>
    {
        Directory(tar, "bin/");
        Directory(tar, "etc/");
        Directory(tar, "tmp/");
        tar.WriteEntry(Busybox, "bin/busybox");
        foreach (var applet in new[] { "sh", "ls", "cat", "echo" }) Symlink(tar, "bin/" + applet, "busybox");
    });

    /// <summary>busybox-static with every applet it has as a symlink (but not busybox itself): a small distribution.</summary>
    public static LayerBlob BusyboxAllAppletsLayer() => Layer(tar =>
    {
        foreach (var dir in new[] { "bin/", "etc/", "tmp/", "proc/", "sys/", "dev/", "www/" }) Directory(tar, dir);
        tar.WriteEntry(Busybox, "bin/busybox");
        var list = System.Diagnostics.Process.Start(new System.Diagnostics.ProcessStartInfo(Busybox, "--list") { RedirectStandardOutput = true })!;
        var applets = list.StandardOutput.ReadToEnd().Split('\n', StringSplitOptions.RemoveEmptyEntries);
        list.WaitForExit();
        foreach (var applet in applets.Where(a => a != "busybox")) Symlink(tar, "bin/" + applet, "busybox");
        File(tar, "etc/passwd", "root:x:0:0:root:/root:/bin/sh\nnobody:x:65534:65534:nobody:/:/bin/false\n");
        File(tar, "etc/group", "root:x:0:\nnogroup:x:65534:\n");
    });

    public static void Directory(TarWriter tar, string name, UnixFileMode mode = (UnixFileMode)0x1ED) =>
        tar.WriteEntry(new PaxTarEntry(TarEntryType.Directory, name) { Mode = mode });

    public static void File(TarWriter tar, string name, string content, UnixFileMode mode = (UnixFileMode)0x1A4) =>
        tar.WriteEntry(new PaxTarEntry(TarEntryType.RegularFile, name) { Mode = mode, DataStream = new MemoryStream(Encoding.UTF8.GetBytes(content)) });

    public static void Symlink(TarWriter tar, string name, string target) =>
        tar.WriteEntry(new PaxTarEntry(TarEntryType.SymbolicLink, name) { LinkName = target, Mode = (UnixFileMode)0x1FF });

    public static void HardLink(TarWriter tar, string name, string target) =>
        tar.WriteEntry(new PaxTarEntry(TarEntryType.HardLink, name) { LinkName = target });

    /// <summary>A tar of one file of <paramref name="size"/> zero bytes, gzip'd at the best ratio: a decompression bomb.</summary>
    public static LayerBlob GzipBomb(long size)
    {
        var compressed = new MemoryStream();
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        using (var gz = new GZipStream(compressed, CompressionLevel.SmallestSize, leaveOpen: true))
        using (var hashing = new HashingWriteStream(gz, hash))
        using (var writer = new TarWriter(hashing, TarEntryFormat.Pax, leaveOpen: true))
        {
            writer.WriteEntry(new PaxTarEntry(TarEntryType.RegularFile, "bomb") { DataStream = new ZeroStream(size) });
        }
        var data = compressed.ToArray();
        return new LayerBlob(data, Digest(data), "sha256:" + Convert.ToHexStringLower(hash.GetHashAndReset()), true);
    }

    /// <summary>Config + manifest for <paramref name="layers"/>, in OCI or Docker media types.</summary>
    public static BuiltImage Build(IReadOnlyList<LayerBlob> layers, bool docker = false, string architecture = "amd64", string user = "1000",
        string[]? entrypoint = null, string[]? cmd = null)
    {
        var config = JsonSerializer.SerializeToUtf8Bytes(new
        {
            architecture,
            os = "linux",
            config = new { Env = new[] { "PATH=/bin" }, Entrypoint = entrypoint, Cmd = cmd ?? ["/bin/sh"], User = user },
            rootfs = new { type = "layers", diff_ids = layers.Select(l => l.DiffId).ToArray() },
        });
        var manifestType = docker ? "application/vnd.docker.distribution.manifest.v2+json" : "application/vnd.oci.image.manifest.v1+json";
        var manifest = JsonSerializer.SerializeToUtf8Bytes(new
        {
            schemaVersion = 2,
            mediaType = manifestType,
            config = new { mediaType = docker ? "application/vnd.docker.container.image.v1+json" : "application/vnd.oci.image.config.v1+json", digest = Digest(config), size = config.Length },
            layers = layers.Select(l => new
            {
                mediaType = docker ? "application/vnd.docker.image.rootfs.diff.tar.gzip" : l.Gzip ? "application/vnd.oci.image.layer.v1.tar+gzip" : "application/vnd.oci.image.layer.v1.tar",
                digest = l.Digest,
                size = l.Data.Length,
            }).ToArray(),
        });
        return new BuiltImage(manifest, Digest(manifest), manifestType, config, Digest(config), layers);
    }

    /// <summary>An OCI index naming each image's manifest with its platform.</summary>
    public static (byte[] Index, string Digest) Index(params (BuiltImage Image, string Architecture)[] entries)
    {
        var index = JsonSerializer.SerializeToUtf8Bytes(new
        {
            schemaVersion = 2,
            mediaType = "application/vnd.oci.image.index.v1+json",
            manifests = entries.Select(e => new
            {
                mediaType = e.Image.ManifestMediaType,
                digest = e.Image.ManifestDigest,
                size = e.Image.Manifest.Length,
                platform = new { architecture = e.Architecture, os = "linux" },
            }).ToArray(),
        });
        return (index, Digest(index));
    }

    /// <summary>Pushes blobs and the manifest; tags it when <paramref name="tag"/> is given.</summary>
    public static async Task PushAsync(RegistryServer registry, string repository, BuiltImage image, string? tag)
    {
        using var http = PushClient(registry, repository);
        foreach (var (data, digest) in image.Layers.Select(l => (l.Data, l.Digest)).Append((image.Config, image.ConfigDigest)))
            await PushBlobAsync(http, registry, repository, data, digest);
        await PutManifestAsync(http, registry, repository, tag ?? image.ManifestDigest, image.Manifest, image.ManifestMediaType);
    }

    public static async Task PushIndexAsync(RegistryServer registry, string repository, string tag, byte[] index)
    {
        using var http = PushClient(registry, repository);
        await PutManifestAsync(http, registry, repository, tag, index, "application/vnd.oci.image.index.v1+json");
    }

    private static HttpClient PushClient(RegistryServer registry, string repository)
    {
        var http = new HttpClient();
        http.DefaultRequestHeaders.Authorization = registry.Auth switch
        {
            RegistryAuth.Basic => new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes($"{RegistryServer.User}:{RegistryServer.Password}"))),
            // The test mints its own push token: it owns the token server's key.
            RegistryAuth.Token => new AuthenticationHeaderValue("Bearer", registry.Tokens!.Mint("pusher", [$"repository:{repository}:pull,push"])),
            _ => null,
        };
        return http;
    }

    private static async Task PushBlobAsync(HttpClient http, RegistryServer registry, string repository, byte[] data, string digest)
    {
        using var start = await http.PostAsync(new Uri(registry.Endpoint, $"/v2/{repository}/blobs/uploads/"), null);
        if (start.StatusCode != HttpStatusCode.Accepted) throw new InvalidOperationException($"blob upload start: {(int)start.StatusCode} {await start.Content.ReadAsStringAsync()}");
        var location = new Uri(registry.Endpoint, start.Headers.Location!);
        var put = new UriBuilder(location);
        put.Query = (put.Query.TrimStart('?') is { Length: > 0 } q ? q + "&" : "") + "digest=" + Uri.EscapeDataString(digest);
        using var content = new ByteArrayContent(data);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
        using var done = await http.PutAsync(put.Uri, content);
        if (done.StatusCode != HttpStatusCode.Created) throw new InvalidOperationException($"blob upload {digest}: {(int)done.StatusCode} {await done.Content.ReadAsStringAsync()}");
    }

    private static async Task PutManifestAsync(HttpClient http, RegistryServer registry, string repository, string reference, byte[] manifest, string mediaType)
    {
        using var content = new ByteArrayContent(manifest);
        content.Headers.ContentType = new MediaTypeHeaderValue(mediaType);
        using var response = await http.PutAsync(new Uri(registry.Endpoint, $"/v2/{repository}/manifests/{reference}"), content);
        if (response.StatusCode != HttpStatusCode.Created) throw new InvalidOperationException($"manifest PUT {repository}:{reference}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
    }

    private sealed class ZeroStream(long length) : Stream
    {
        private long _position;
        public override int Read(byte[] buffer, int offset, int count)
        {
            var n = (int)Math.Min(count, length - _position);
            Array.Clear(buffer, offset, n);
            _position += n;
            return n;
        }
        public override bool CanRead => true;
        // Seekable so TarWriter can read its length up front (it cannot write a stream of unknown length).
        public override bool CanSeek => true;
        public override bool CanWrite => false;
        public override long Length => length;
        public override long Position { get => _position; set => _position = value; }
        public override void Flush() { }
        public override long Seek(long offset, SeekOrigin origin) => _position = origin switch
        {
            SeekOrigin.Begin => offset,
            SeekOrigin.Current => _position + offset,
            _ => length + offset,
        };
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }

    private sealed class HashingWriteStream(Stream inner, IncrementalHash hash) : Stream
    {
        public override void Write(byte[] buffer, int offset, int count) { hash.AppendData(buffer, offset, count); inner.Write(buffer, offset, count); }
        public override void Write(ReadOnlySpan<byte> buffer) { hash.AppendData(buffer); inner.Write(buffer); }
        public override bool CanRead => false;
        public override bool CanSeek => false;
        public override bool CanWrite => true;
        public override long Length => throw new NotSupportedException();
        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }
        public override void Flush() => inner.Flush();
        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
    }
}
