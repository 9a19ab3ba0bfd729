using MiniKube.Cli.Describe;
using Xunit;

namespace MiniKube.Cli.Tests.Describe;

public sealed class GenericDescriberTests
{
    [Theory]
    [InlineData("apiVersion", "API Version")]
    [InlineData("creationTimestamp", "Creation Timestamp")]
    [InlineData("uid", "UID")]
    [InlineData("kind", "Kind")]
    [InlineData("hostIP", "Host IP")]
    [InlineData("containerPort", "Container Port")]
    [InlineData("nodeName", "Node Name")]
    [InlineData("app.kubernetes.io/name", "app.kubernetes.io/name")]
    public void SmartLabel_TurnsFieldNamesIntoLabels(string field, string label) =>
        Assert.Equal(label, GenericDescriber.SmartLabel(field));
}
