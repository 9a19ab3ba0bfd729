using MiniKube.ControllerManager.Deployment;
using Xunit;

namespace MiniKube.ControllerManager.Tests.Deployment;

public sealed class DeploymentUtilTests
{
    [Theory]
    [InlineData("25%", "25%", 10, 3, 2)]   // surge rounds up, unavailable rounds down
    [InlineData("25%", "25%", 1, 1, 0)]
    [InlineData("0", "0", 5, 0, 1)]        // both zero: one may be unavailable, or nothing could ever move
    [InlineData("0%", "0%", 5, 0, 1)]
    [InlineData("2", "1", 5, 2, 1)]
    [InlineData("50%", "10%", 5, 3, 0)]
    public void ResolveFenceposts_UpstreamRounding(string maxSurge, string maxUnavailable, int replicas, int surge, int unavailable) =>
        Assert.Equal((surge, unavailable), DeploymentUtil.ResolveFenceposts(maxSurge, maxUnavailable, replicas));

    [Fact]
    public void SafeEncodeString_MapsDigitsToTheUpstreamAlphabet() =>
        Assert.Equal("5d4f8c7b9", PodTemplateHash.SafeEncodeString("180947365"));
}
