using System.Formats.Tar;
using Grpc.Core;
using MiniKube.Cri.V1;
using MiniKube.Testing.Runtime;
using MiniKube.Testing.Registry;
using MiniKube.Testing;
using Xunit;
using Xunit.Abstractions;

namespace MiniKube.Runtime.Tests.Snapshots;

/// <summary>
/// Layers built to attack the host while being unpacked. Each pull is either refused or contained in its snapshot;
/// either way a sentinel directory outside the runtime's root must be exactly as it was.
/// </summary>
public sealed class HostileLayerTests(ITestOutputHelper output) : IDisposable
{
    private readonly TestDirectory _sentinel = new();

    private string SentinelFile => _sentinel.Combine("sentinel");

    public static TheoryData<string> Attacks => ["path-traversal", "symlink-escape", "symlink-parent-escape", "hardlink-escape", "hardlink-via-symlink", "device-node", "absolute-path", "gzip-bomb"];

    private LayerBlob Layer(string attack) => attack switch
    {
        "path-traversal" => ImageBuilder.Layer(tar => ImageBuilder.File(tar, "../../../../../.." + SentinelFile, "pwned\n")),
        // A symlink to the host directory, then a file written "through" it.
        "symlink-escape" => ImageBuilder.Layer(tar =>
        {
            ImageBuilder.Symlink(tar, "escape", _sentinel.Path);
            ImageBuilder.File(tar, "escape/sentinel", "pwned\n");
            ImageBuilder.File(tar, "escape/new-file", "pwned\n");
        }),
        "symlink-parent-escape" => ImageBuilder.Layer(tar =>
        {
            ImageBuilder.Symlink(tar, "up", "../../../../../../../../..");
            ImageBuilder.File(tar, "up" + SentinelFile, "pwned\n");
        }),
        "hardlink-escape" => ImageBuilder.Layer(tar => ImageBuilder.HardLink(tar, "stolen", "../../../../../../.." + SentinelFile)),
        "hardlink-via-symlink" => ImageBuilder.Layer(tar =>
        {
            ImageBuilder.Symlink(tar, "host", _sentinel.Path);
            ImageBuilder.HardLink(tar, "stolen", "host/sentinel");
        }),
        "device-node" => ImageBuilder.Layer(tar =>
        {
            tar.WriteEntry(new PaxTarEntry(TarEntryType.BlockDevice, "dev/sda") { DeviceMajor = 8, DeviceMinor = 0, Mode = (UnixFileMode)0x1B6 });
            tar.WriteEntry(new PaxTarEntry(TarEntryType.CharacterDevice, "dev/mem") { DeviceMajor = 1, DeviceMinor = 1, Mode = (UnixFileMode)0x1B6 });
            ImageBuilder.File(tar, "ok", "fine\n");
        }),
        "absolute-path" => ImageBuilder.Layer(tar => ImageBuilder.File(tar, _sentinel.Combine("absolute-pwned"), "pwned\n")),
        "gzip-bomb" => ImageBuilder.GzipBomb(256L << 20),
        _ => throw new ArgumentOutOfRangeException(nameof(attack)),
    };

    [RequiresTheory(Root = true, Tools = ["docker-registry"])]
    [MemberData(nameof(Attacks))]
    public async Task PullImage_HostileLayer_LeavesTheHostUntouched(string attack)
    {
        File.WriteAllText(SentinelFile, "original\n");
        await using var registry = await RegistryServer.StartAsync();
        var image = ImageBuilder.Build([ImageBuilder.BusyboxLayer(), Layer(attack)]);
        await ImageBuilder.PushAsync(registry, "hostile/" + attack, image, "latest");
        await using var runtime = await RuntimeProcess.StartAsync(RuntimeProcess.Mirrors([(registry.Host, registry)]));

        StatusCode? refused = null;
        try
        {
            await runtime.Images.PullImageAsync(new PullImageRequest { Image = new ImageSpec { Image = $"{registry.Host}/hostile/{attack}" } });
        }
        catch (RpcException ex)
        {
            refused = ex.StatusCode;
            output.WriteLine($"refused: {ex.Status.Detail}");
        }

        Assert.Equal(["sentinel"], Directory.EnumerateFileSystemEntries(_sentinel.Path).Select(Path.GetFileName));
        Assert.Equal("original\n", File.ReadAllText(SentinelFile));
        var snapshots = Path.Join(runtime.Root, "snapshots");
        switch (attack)
        {
            case "path-traversal" or "hardlink-escape" or "hardlink-via-symlink" or "gzip-bomb":
                Assert.Equal(StatusCode.DataLoss, refused);
                Assert.Empty(runtime.Entries("images"));
                Assert.DoesNotContain(runtime.Entries("snapshots"), s => s.StartsWith("tmp-", StringComparison.Ordinal));
                break;
            case "device-node":
                Assert.Null(refused);
                var layerDir = Directory.EnumerateDirectories(snapshots).Single(d => File.Exists(Path.Join(d, "fs", "ok")));
                Assert.False(File.Exists(Path.Join(layerDir, "fs", "dev", "sda")));
                Assert.False(File.Exists(Path.Join(layerDir, "fs", "dev", "mem")));
                Assert.Contains("skipping device node", runtime.Output, StringComparison.Ordinal);
                break;
            default:
                // Contained: what the layer meant for the host landed inside its snapshot.
                Assert.Null(refused);
                var contained = Directory.EnumerateFiles(snapshots, "*", new EnumerationOptions { RecurseSubdirectories = true, AttributesToSkip = FileAttributes.ReparsePoint })
                    .Where(f => File.ReadAllText(f) == "pwned\n").ToList();
                Assert.NotEmpty(contained);
                Assert.All(contained, f => Assert.StartsWith(snapshots + "/", f, StringComparison.Ordinal));
                break;
        }
    }

    public void Dispose() => _sentinel.Dispose();
}
