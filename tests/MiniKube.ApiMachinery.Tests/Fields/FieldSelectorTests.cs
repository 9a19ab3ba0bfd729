using MiniKube.ApiMachinery.Fields;
using Xunit;

namespace MiniKube.ApiMachinery.Tests.Fields;

public sealed class FieldSelectorTests
{
    private static string? Field(string name) => name switch { "spec.nodeName" => "node-1", "status.phase" => "Running", _ => null };

    [Theory]
    [InlineData("spec.nodeName=node-1", true)]
    [InlineData("spec.nodeName==node-1", true)]
    [InlineData("spec.nodeName!=node-1", false)]
    [InlineData("spec.nodeName=node-1,status.phase!=Succeeded", true)]
    [InlineData("spec.nodeName=", false)]
    [InlineData("spec.other=", true)]
    public void Matches_FollowsUpstreamSemantics(string selector, bool expected) =>
        Assert.Equal(expected, FieldSelector.Parse(selector).Matches(Field));

    [Fact]
    public void Parse_TermWithoutOperator_Throws() => Assert.Throws<FormatException>(() => FieldSelector.Parse("spec.nodeName"));

    [Fact]
    public void RequiredValue_ReturnsTheEqualityTerm() =>
        Assert.Equal("node-1", FieldSelector.Parse("spec.nodeName=node-1").RequiredValue("spec.nodeName"));
}
