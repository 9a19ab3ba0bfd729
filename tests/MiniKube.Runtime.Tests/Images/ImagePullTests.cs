using Grpc.Core;
using MiniKube.Cri.V1;
using MiniKube.Testing.Runtime;
using MiniKube.Testing.Registry;
using MiniKube.Testing;
using Xunit;
using Xunit.Abstractions;

namespace MiniKube.Runtime.Tests.Images;

/// <summary>PullImage against real registries (anonymous, Basic, token), through minikube-runtime's CRI socket.</summary>
public sealed class ImagePullTests(ITestOutputHelper output)
{
    [RequiresFact(Tools = ["docker-registry"])]
    public async Task PullImage_AnonymousShortName_NormalisesToDockerHubAndRecordsImage()
    {
        await using var registry = await RegistryServer.StartAsync();
        var image = TestImages.Busybox();
        await ImageBuilder.PushAsync(registry, "library/busybox", image, "latest");
        await using var runtime = await RuntimeProcess.StartAsync(RuntimeProcess.Mirrors([("docker.io", registry)]));
        try
        {
            var pulled = await runtime.Images.PullImageAsync(new PullImageRequest { Image = new ImageSpec { Image = "busybox" } });

            Assert.Equal(image.ConfigDigest, pulled.ImageRef);
            var status = await runtime.Images.ImageStatusAsync(new ImageStatusRequest { Image = new ImageSpec { Image = "docker.io/library/busybox:latest" }, Verbose = true });
            Assert.Equal(image.ConfigDigest, status.Image.Id);
            Assert.Equal(["docker.io/library/busybox:latest"], status.Image.RepoTags);
            Assert.Equal([$"docker.io/library/busybox@{image.ManifestDigest}"], status.Image.RepoDigests);
            Assert.Equal(1000, status.Image.Uid.Value);
            Assert.Equal((ulong)(image.Config.Length + image.Layers.Sum(l => l.Data.Length)), status.Image.Size);
            Assert.Contains("\"diff_ids\"", status.Info["info"], StringComparison.Ordinal);
            Assert.Equal(3, runtime.Entries("snapshots").Count);
            Assert.Contains(image.Layers[0].Digest[7..], runtime.Entries("blobs", "sha256"));
        }
        finally { output.WriteLine(runtime.Output); }
    }

    [RequiresFact(Tools = ["docker-registry"])]
    public async Task PullImage_ByDigest_RecordsDigestWithoutTag()
    {
        await using var registry = await RegistryServer.StartAsync();
        var image = TestImages.Busybox();
        await ImageBuilder.PushAsync(registry, "tools/busybox", image, "v1");
        await using var runtime = await RuntimeProcess.StartAsync(RuntimeProcess.Mirrors([(registry.Host, registry)]));

        var reference = $"{registry.Host}/tools/busybox@{image.ManifestDigest}";
        var pulled = await runtime.Images.PullImageAsync(new PullImageRequest { Image = new ImageSpec { Image = reference } });

        var listed = Assert.Single((await runtime.Images.ListImagesAsync(new ListImagesRequest())).Images);
        Assert.Equal(pulled.ImageRef, listed.Id);
        Assert.Empty(listed.RepoTags);
        Assert.Equal([reference], listed.RepoDigests);
    }

    [RequiresFact(Tools = ["docker-registry"])]
    public async Task PullImage_ImageIndex_PicksTheLinuxAmd64Manifest()
    {
        await using var registry = await RegistryServer.StartAsync();
        var amd64 = TestImages.Busybox();
        var arm64 = ImageBuilder.Build([ImageBuilder.Layer(tar => ImageBuilder.File(tar, "arm", "arm64 only\n"))], architecture: "arm64");
        await ImageBuilder.PushAsync(registry, "multi/busybox", arm64, tag: null);
        await ImageBuilder.PushAsync(registry, "multi/busybox", amd64, tag: null);
        var (index, indexDigest) = ImageBuilder.Index((arm64, "arm64"), (amd64, "amd64"));
        await ImageBuilder.PushIndexAsync(registry, "multi/busybox", "1.0", index);
        await using var runtime = await RuntimeProcess.StartAsync(RuntimeProcess.Mirrors([(registry.Host, registry)]));

        var pulled = await runtime.Images.PullImageAsync(new PullImageRequest { Image = new ImageSpec { Image = $"{registry.Host}/multi/busybox:1.0" } });

        Assert.Equal(amd64.ConfigDigest, pulled.ImageRef);
        var status = await runtime.Images.ImageStatusAsync(new ImageStatusRequest { Image = new ImageSpec { Image = pulled.ImageRef } });
        Assert.Equal([$"{registry.Host}/multi/busybox@{indexDigest}"], status.Image.RepoDigests);
        Assert.DoesNotContain(arm64.Layers[0].Digest[7..], runtime.Entries("blobs", "sha256"));
    }

    [RequiresFact(Tools = ["docker-registry"])]
    public async Task PullImage_DockerMediaTypes_ArePulledLikeOci()
    {
        await using var registry = await RegistryServer.StartAsync();
        var image = TestImages.Busybox(docker: true);
        await ImageBuilder.PushAsync(registry, "docker/busybox", image, "latest");
        await using var runtime = await RuntimeProcess.StartAsync(RuntimeProcess.Mirrors([(registry.Host, registry)]));

        var pulled = await runtime.Images.PullImageAsync(new PullImageRequest { Image = new ImageSpec { Image = $"{registry.Host}/docker/busybox" } });

        Assert.Equal(image.ConfigDigest, pulled.ImageRef);
        Assert.Equal(3, runtime.Entries("snapshots").Count);
    }

    [RequiresFact(Tools = ["docker-registry", "htpasswd"])]
    public async Task PullImage_BasicAuth_NeedsCredentialsFromRequestOrRegistriesYaml()
    {
        await using var registry = await RegistryServer.StartAsync(RegistryAuth.Basic);
        var image = TestImages.Busybox();
        await ImageBuilder.PushAsync(registry, "private/busybox", image, "latest");
        var reference = $"{registry.Host}/private/busybox:latest";

        await using (var runtime = await RuntimeProcess.StartAsync(RuntimeProcess.Mirrors([(registry.Host, registry)])))
        {
            var refused = await Assert.ThrowsAsync<RpcException>(() => runtime.Images.PullImageAsync(new PullImageRequest { Image = new ImageSpec { Image = reference } }).ResponseAsync);
            Assert.Equal(StatusCode.Unauthenticated, refused.StatusCode);
            var wrong = await Assert.ThrowsAsync<RpcException>(() => runtime.Images.PullImageAsync(new PullImageRequest
            {
                Image = new ImageSpec { Image = reference },
                Auth = new AuthConfig { Username = RegistryServer.User, Password = "wrong" },
            }).ResponseAsync);
            Assert.Equal(StatusCode.Unauthenticated, wrong.StatusCode);

            var pulled = await runtime.Images.PullImageAsync(new PullImageRequest
            {
                Image = new ImageSpec { Image = reference },
                Auth = new AuthConfig { Username = RegistryServer.User, Password = RegistryServer.Password },
            });
            Assert.Equal(image.ConfigDigest, pulled.ImageRef);
            Assert.DoesNotContain(RegistryServer.Password, runtime.Output, StringComparison.Ordinal);
        }
        await using (var runtime = await RuntimeProcess.StartAsync(RuntimeProcess.Mirrors([(registry.Host, registry)], withCredentials: true)))
        {
            var pulled = await runtime.Images.PullImageAsync(new PullImageRequest { Image = new ImageSpec { Image = reference } });
            Assert.Equal(image.ConfigDigest, pulled.ImageRef);
        }
    }

    [RequiresFact(Tools = ["docker-registry"])]
    public async Task PullImage_TokenAuth_FetchesBearerTokenFromRealm()
    {
        await using var registry = await RegistryServer.StartAsync(RegistryAuth.Token);
        var image = TestImages.Busybox();
        await ImageBuilder.PushAsync(registry, "secure/busybox", image, "latest");
        await using var runtime = await RuntimeProcess.StartAsync(RuntimeProcess.Mirrors([(registry.Host, registry)]));
        var reference = $"{registry.Host}/secure/busybox:latest";
        try
        {
            var refused = await Assert.ThrowsAsync<RpcException>(() => runtime.Images.PullImageAsync(new PullImageRequest { Image = new ImageSpec { Image = reference } }).ResponseAsync);
            Assert.Equal(StatusCode.Unauthenticated, refused.StatusCode);
            Assert.Equal(0, registry.Tokens!.TokensIssued);

            var pulled = await runtime.Images.PullImageAsync(new PullImageRequest
            {
                Image = new ImageSpec { Image = reference },
                Auth = new AuthConfig { Auth = Convert.ToBase64String(System.Text.Encoding.UTF8.GetBytes($"{RegistryServer.User}:{RegistryServer.Password}")) },
            });

            Assert.Equal(image.ConfigDigest, pulled.ImageRef);
            Assert.True(registry.Tokens.TokensIssued >= 1);
        }
        finally { output.WriteLine(runtime.Output); output.WriteLine(registry.Output); }
    }

    [RequiresFact(Tools = ["docker-registry"])]
    public async Task PullImage_TamperedBlob_IsRefusedAndLeavesNothingInTheStore()
    {
        await using var registry = await RegistryServer.StartAsync();
        var image = TestImages.Busybox();
        await ImageBuilder.PushAsync(registry, "tampered/busybox", image, "latest");
        // Same size, one byte changed: only the digest can tell.
        var blob = registry.BlobDataPath(image.Layers[1].Digest);
        var bytes = await File.ReadAllBytesAsync(blob);
        bytes[^1] ^= 0xff;
        await File.WriteAllBytesAsync(blob, bytes);
        await using var runtime = await RuntimeProcess.StartAsync(RuntimeProcess.Mirrors([(registry.Host, registry)]));

        var refused = await Assert.ThrowsAsync<RpcException>(() => runtime.Images.PullImageAsync(new PullImageRequest { Image = new ImageSpec { Image = $"{registry.Host}/tampered/busybox" } }).ResponseAsync);

        Assert.Equal(StatusCode.DataLoss, refused.StatusCode);
        Assert.Contains(image.Layers[1].Digest, refused.Status.Detail, StringComparison.Ordinal);
        Assert.Empty((await runtime.Images.ListImagesAsync(new ListImagesRequest())).Images);
        Assert.Empty(runtime.Entries("blobs", "sha256"));
        Assert.Empty(runtime.Entries("ingest"));
        Assert.Empty(runtime.Entries("snapshots"));
        Assert.Empty(runtime.Entries("images"));
    }

    [RequiresFact(Tools = ["docker-registry"])]
    public async Task PullImage_ConcurrentPullsOfOneImage_FetchEachLayerOnce()
    {
        await using var registry = await RegistryServer.StartAsync();
        var image = TestImages.Busybox();
        await ImageBuilder.PushAsync(registry, "shared/busybox", image, "latest");
        await using var runtime = await RuntimeProcess.StartAsync(RuntimeProcess.Mirrors([(registry.Host, registry)]));

        var pulls = Enumerable.Range(0, 5).Select(_ =>
            runtime.Images.PullImageAsync(new PullImageRequest { Image = new ImageSpec { Image = $"{registry.Host}/shared/busybox:latest" } }).ResponseAsync);
        var results = await Task.WhenAll(pulls);

        Assert.All(results, r => Assert.Equal(image.ConfigDigest, r.ImageRef));
        foreach (var layer in image.Layers) Assert.Equal(1, registry.BlobGets("shared/busybox", layer.Digest));
        Assert.Single((await runtime.Images.ListImagesAsync(new ListImagesRequest())).Images);
    }

    [RequiresFact(Tools = ["docker-registry"])]
    public async Task PullImage_UnknownTag_IsNotFound()
    {
        await using var registry = await RegistryServer.StartAsync();
        await using var runtime = await RuntimeProcess.StartAsync(RuntimeProcess.Mirrors([(registry.Host, registry)]));

        var missing = await Assert.ThrowsAsync<RpcException>(() => runtime.Images.PullImageAsync(new PullImageRequest { Image = new ImageSpec { Image = $"{registry.Host}/nothing/here:1" } }).ResponseAsync);

        Assert.Equal(StatusCode.NotFound, missing.StatusCode);
    }
}
