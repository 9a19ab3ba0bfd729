using Grpc.Core;
using Google.Protobuf;
using MiniKube.Cri.V1;
using MiniKube.Testing.Runtime;
using MiniKube.Testing.Registry;
using MiniKube.Runtime.Tests.Images;
using MiniKube.Testing;
using Xunit;

namespace MiniKube.Runtime.Tests.Cri;

/// <summary>ListImages, ImageStatus, RemoveImage, ImageFsInfo and the RuntimeService calls that exist so far.</summary>
public sealed class ImageServiceTests
{
    [RequiresFact(Tools = ["docker-registry"])]
    public async Task RemoveImage_DeletesContentNotSharedWithOtherImages()
    {
        await using var registry = await RegistryServer.StartAsync();
        var first = TestImages.Busybox();
        // Shares the busybox layer with the first image, adds its own.
        var second = ImageBuilder.Build([first.Layers[0], ImageBuilder.Layer(tar => ImageBuilder.File(tar, "etc/second", "2\n"))]);
        await ImageBuilder.PushAsync(registry, "a/first", first, "1");
        await ImageBuilder.PushAsync(registry, "a/second", second, "1");
        await using var runtime = await RuntimeProcess.StartAsync(RuntimeProcess.Mirrors([(registry.Host, registry)]));
        await runtime.Images.PullImageAsync(new PullImageRequest { Image = new ImageSpec { Image = $"{registry.Host}/a/first:1" } });
        await runtime.Images.PullImageAsync(new PullImageRequest { Image = new ImageSpec { Image = $"{registry.Host}/a/second:1" } });
        var before = await runtime.Images.ImageFsInfoAsync(new ImageFsInfoRequest());
        var fs = Assert.Single(before.ImageFilesystems);
        Assert.EndsWith("/snapshots", fs.FsId.Mountpoint, StringComparison.Ordinal);
        Assert.True(fs.UsedBytes.Value > (ulong)new FileInfo(ImageBuilder.Busybox).Length);
        Assert.True(fs.InodesUsed.Value > 0);

        await runtime.Images.RemoveImageAsync(new RemoveImageRequest { Image = new ImageSpec { Image = $"{registry.Host}/a/first:1" } });

        var left = Assert.Single((await runtime.Images.ListImagesAsync(new ListImagesRequest())).Images);
        Assert.Equal(second.ConfigDigest, left.Id);
        Assert.Null((await runtime.Images.ImageStatusAsync(new ImageStatusRequest { Image = new ImageSpec { Image = first.ConfigDigest } })).Image);
        var blobs = runtime.Entries("blobs", "sha256");
        Assert.Contains(first.Layers[0].Digest[7..], blobs);                 // shared: kept
        Assert.DoesNotContain(first.Layers[1].Digest[7..], blobs);           // first's own: gone
        Assert.DoesNotContain(first.ConfigDigest[7..], blobs);
        Assert.DoesNotContain(first.ManifestDigest[7..], blobs);
        Assert.Equal(2, runtime.Entries("snapshots").Count);
        var after = Assert.Single((await runtime.Images.ImageFsInfoAsync(new ImageFsInfoRequest())).ImageFilesystems);
        Assert.True(after.UsedBytes.Value < fs.UsedBytes.Value);

        // Removing what is not there succeeds, as the CRI asks; by id prefix works like crictl rmi.
        await runtime.Images.RemoveImageAsync(new RemoveImageRequest { Image = new ImageSpec { Image = $"{registry.Host}/a/first:1" } });
        await runtime.Images.RemoveImageAsync(new RemoveImageRequest { Image = new ImageSpec { Image = second.ConfigDigest[7..19] } });
        Assert.Empty((await runtime.Images.ListImagesAsync(new ListImagesRequest())).Images);
        Assert.Empty(runtime.Entries("blobs", "sha256"));
        Assert.Empty(runtime.Entries("snapshots"));
    }

    [RequiresFact(Tools = ["docker-registry"])]
    public async Task ListImages_FilterAndStatusOfMissingImage()
    {
        await using var registry = await RegistryServer.StartAsync();
        await ImageBuilder.PushAsync(registry, "library/busybox", TestImages.Busybox(), "latest");
        await using var runtime = await RuntimeProcess.StartAsync(RuntimeProcess.Mirrors([("docker.io", registry)]));
        await runtime.Images.PullImageAsync(new PullImageRequest { Image = new ImageSpec { Image = "docker.io/library/busybox" } });

        var filtered = await runtime.Images.ListImagesAsync(new ListImagesRequest { Filter = new ImageFilter { Image = new ImageSpec { Image = "busybox:latest" } } });
        var none = await runtime.Images.ListImagesAsync(new ListImagesRequest { Filter = new ImageFilter { Image = new ImageSpec { Image = "nginx" } } });
        var missing = await runtime.Images.ImageStatusAsync(new ImageStatusRequest { Image = new ImageSpec { Image = "nginx:1.27" } });
        var invalid = await Assert.ThrowsAsync<RpcException>(() => runtime.Images.PullImageAsync(new PullImageRequest { Image = new ImageSpec { Image = "Not A/Valid::ref" } }).ResponseAsync);

        Assert.Single(filtered.Images);
        Assert.Empty(none.Images);
        Assert.Null(missing.Image);
        Assert.Equal(StatusCode.InvalidArgument, invalid.StatusCode);
    }

    [RequiresFact(Tools = ["docker-registry"])]
    public async Task RuntimeService_VersionStatusAndRuntimeConfig_AndUnknownRpcsUnimplemented()
    {
        await using var runtime = await RuntimeProcess.StartAsync("");

        var version = await runtime.Runtime.VersionAsync(new VersionRequest { Version = "0.1.0" });
        var status = await runtime.Runtime.StatusAsync(new StatusRequest());
        var config = await runtime.Runtime.RuntimeConfigAsync(new RuntimeConfigRequest());
        await runtime.Runtime.UpdateRuntimeConfigAsync(new UpdateRuntimeConfigRequest { RuntimeConfig = new RuntimeConfig { NetworkConfig = new NetworkConfig { PodCidr = "10.244.0.0/24" } } });
        // A method the service does not have (a newer kubelet's) is UNIMPLEMENTED, which the kubelet tolerates.
        var method = new Method<RuntimeConfigRequest, RuntimeConfigResponse>(MethodType.Unary, "runtime.v1.RuntimeService", "NoSuchMethod",
            Marshallers.Create(r => r.ToByteArray(), RuntimeConfigRequest.Parser.ParseFrom), Marshallers.Create(r => r.ToByteArray(), RuntimeConfigResponse.Parser.ParseFrom));
        var unimplemented = await Assert.ThrowsAsync<RpcException>(() => runtime.Channel.CreateCallInvoker().AsyncUnaryCall(method, null, new CallOptions(), new RuntimeConfigRequest()).ResponseAsync);
        var unknown = await Assert.ThrowsAsync<RpcException>(() => runtime.Runtime.ContainerStatsAsync(new ContainerStatsRequest { ContainerId = "x" }).ResponseAsync);

        Assert.Equal("minikube-runtime", version.RuntimeName);
        Assert.Equal("v1", version.RuntimeApiVersion);
        Assert.Contains(status.Status.Conditions, c => c is { Type: "RuntimeReady", Status: true });
        Assert.Contains(status.Status.Conditions, c => c is { Type: "NetworkReady", Status: false, Reason: "NetworkPluginNotReady" });
        Assert.Equal(CgroupDriver.Cgroupfs, config.Linux.CgroupDriver);
        Assert.Equal(StatusCode.Unimplemented, unimplemented.StatusCode);
        Assert.Equal(StatusCode.NotFound, unknown.StatusCode);
        Assert.Contains("RPC for Version", runtime.Output, StringComparison.Ordinal);
    }
}
