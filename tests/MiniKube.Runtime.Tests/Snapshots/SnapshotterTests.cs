using Microsoft.Extensions.Logging.Abstractions;
using MiniKube.Cri.V1;
using MiniKube.Runtime.Snapshots;
using MiniKube.Testing.Runtime;
using MiniKube.Testing.Registry;
using MiniKube.Runtime.Tests.Images;
using MiniKube.Testing;
using Xunit;

namespace MiniKube.Runtime.Tests.Snapshots;

/// <summary>
/// A container rootfs from a pulled image's snapshots, as an overlay mount and as a copy: both must show the layers
/// merged with whiteouts and opaque directories applied.
/// </summary>
public sealed class SnapshotterTests
{
    [RequiresTheory(Root = true, Tools = ["docker-registry"])]
    [InlineData(true)]
    [InlineData(false)]
    public async Task PrepareRootfs_MergesLayersWithWhiteouts(bool overlay)
    {
        await using var registry = await RegistryServer.StartAsync();
        var image = TestImages.Busybox();
        await ImageBuilder.PushAsync(registry, "library/busybox", image, "latest");
        await using var runtime = await RuntimeProcess.StartAsync(RuntimeProcess.Mirrors([("docker.io", registry)]));
        await runtime.Images.PullImageAsync(new PullImageRequest { Image = new ImageSpec { Image = "busybox" } });
        var snapshotter = new Snapshotter(runtime.Root, new LayerUnpacker(NullLogger<LayerUnpacker>.Instance), NullLogger<Snapshotter>.Instance);
        var chainIds = MiniKube.Runtime.Images.ContentDigest.ChainIds([.. image.Layers.Select(l => l.DiffId)]);
        var container = runtime.Dir.Combine("containers", "c1");

        var rootfs = snapshotter.PrepareRootfs(container, chainIds, allowOverlay: overlay);
        try
        {
            Assert.Equal(overlay, rootfs.IsOverlay);
            Assert.Equal("hello from layer 3\n", File.ReadAllText(Path.Join(rootfs.Path, "etc", "motd")));
            Assert.False(File.Exists(Path.Join(rootfs.Path, "etc", "doomed")));
            Assert.Equal(["new"], Directory.EnumerateFileSystemEntries(Path.Join(rootfs.Path, "opq")).Select(Path.GetFileName));
            Assert.Equal("busybox", new FileInfo(Path.Join(rootfs.Path, "bin", "sh")).LinkTarget);
            Assert.Equal(new FileInfo(ImageBuilder.Busybox).Length, new FileInfo(Path.Join(rootfs.Path, "bin", "busybox")).Length);
            // Writes go to the container's own layer, never into the shared snapshots.
            File.WriteAllText(Path.Join(rootfs.Path, "etc", "motd"), "changed\n");
            Assert.Equal("hello from layer 3\n", File.ReadAllText(Path.Join(snapshotter.PathOf(chainIds[2]), "etc", "motd")));
            var result = await RunCommand.RunAsync("chroot", [rootfs.Path, "/bin/sh", "-c", "cat /etc/motd; ls /opq"]);
            Assert.Equal("changed\nnew\n", result.StdOut);
        }
        finally
        {
            snapshotter.ReleaseRootfs(container);
        }
        Assert.False(Directory.Exists(container));
        Assert.DoesNotContain(File.ReadAllLines("/proc/self/mountinfo"), l => l.Contains(container, StringComparison.Ordinal));
    }
}
