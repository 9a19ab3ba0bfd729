using MiniKube.Scheduler.Framework;
using Xunit;
using Plugin = MiniKube.Scheduler.Plugins.ImageLocality.ImageLocality;

namespace MiniKube.Scheduler.Tests.Plugins.ImageLocality;

public sealed class ImageLocalityTests
{
    private const long Mb = 1024 * 1024;

    [Theory]
    // size (MB), nodes having it, pod image → score, in a one-node cluster
    [InlineData(500, 1, "nginx", 48)]                   // 100 × (500-23)/(1000-23) = 48.8, truncated as upstream's integer maths
    [InlineData(10, 1, "nginx", 0)]                     // below the 23 MB threshold: no credit
    [InlineData(2000, 1, "nginx", 100)]                 // capped at 1000 MB per container
    [InlineData(500, 1, "nginx:1.27", 0)]               // another tag is another image
    [InlineData(500, 1, "nginx:latest", 48)]            // "nginx" and "nginx:latest" are the same image
    public void Score_ScalesWithImageSize(long sizeMb, int numNodes, string podImage, long expected)
    {
        var node = Make.Node();
        node.SetImageStates(new Dictionary<string, ImageStateSummary>(StringComparer.Ordinal) { ["nginx:latest"] = new(sizeMb * Mb, numNodes) });
        var pod = Make.Pod();
        pod.Spec.Containers[0].Image = podImage;

        var (score, status) = new Plugin().Score(new CycleState(), pod, node);

        Assert.True(status.IsSuccess);
        Assert.Equal(expected, score);
    }

    [Theory]
    [InlineData("nginx", "nginx:latest")]
    [InlineData("nginx:1.27", "nginx:1.27")]
    [InlineData("registry:5000/nginx", "registry:5000/nginx:latest")]   // the port is not a tag
    [InlineData("nginx@sha256:abcd", "nginx@sha256:abcd")]
    public void NormalizedImageName_AddsLatestOnlyWithoutTagOrDigest(string name, string expected) =>
        Assert.Equal(expected, Plugin.NormalizedImageName(name));
}
