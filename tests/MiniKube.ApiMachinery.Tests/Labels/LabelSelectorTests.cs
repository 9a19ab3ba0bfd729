using k8s.Models;
using MiniKube.ApiMachinery.Labels;
using Xunit;

namespace MiniKube.ApiMachinery.Tests.Labels;

public sealed class LabelSelectorTests
{
    private static readonly Dictionary<string, string> Web = new() { ["app"] = "web", ["env"] = "prod" };

    [Theory]
    [InlineData("", true)]
    [InlineData("app=web", true)]
    [InlineData("app==web", true)]
    [InlineData("app!=web", false)]
    [InlineData("app=db", false)]
    [InlineData("env in (prod,staging)", true)]
    [InlineData("env notin (prod)", false)]
    [InlineData("tier notin (db)", true)]
    [InlineData("tier!=db", true)]
    [InlineData("app", true)]
    [InlineData("!app", false)]
    [InlineData("!tier", true)]
    [InlineData("app=web,env in (prod)", true)]
    [InlineData("app=web,env=dev", false)]
    public void Matches_StringSelector_FollowsUpstreamSemantics(string selector, bool expected) =>
        Assert.Equal(expected, LabelSelector.Parse(selector).Matches(Web));

    [Theory]
    [InlineData("a in b")]
    [InlineData("bad key!=x")]
    [InlineData(",")]
    public void Parse_Malformed_Throws(string selector) =>
        Assert.Throws<FormatException>(() => LabelSelector.Parse(selector));

    [Fact]
    public void FromV1_MatchLabelsAndExpressions_AllMustHold()
    {
        var selector = LabelSelector.FromV1(new V1LabelSelector
        {
            MatchLabels = new Dictionary<string, string> { ["app"] = "web" },
            MatchExpressions = [new V1LabelSelectorRequirement { Key = "env", OperatorProperty = "In", Values = ["prod"] }],
        });
        Assert.True(selector.Matches(Web));
        Assert.False(selector.Matches(new Dictionary<string, string> { ["app"] = "web" }));
        Assert.Equal("app=web,env in (prod)", selector.ToString());
    }
}
