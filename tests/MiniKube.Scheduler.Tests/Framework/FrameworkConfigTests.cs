using k8s;
using Microsoft.Extensions.Logging.Abstractions;
using MiniKube.Scheduler.Config;
using MiniKube.Scheduler.Framework;
using Xunit;

namespace MiniKube.Scheduler.Tests.Framework;

public sealed class FrameworkConfigTests
{
    private static (Dictionary<string, FrameworkImpl> Profiles, List<string> Problems) Load(string yaml)
    {
        var problems = new List<string>();
        var config = ConfigLoader.Parse(yaml, "test.yaml", problems) ?? new KubeSchedulerConfiguration();
        ConfigDefaults.Apply(config);
        problems.AddRange(Scheduler.Validate(config, null, NullLoggerFactory.Instance, out var profiles));
        return (profiles, problems);
    }

    private const string Header = "apiVersion: kubescheduler.config.k8s.io/v1\nkind: KubeSchedulerConfiguration\n";

    [Fact]
    public void Default_Profile_HasUpstreamPluginsAndWeights()
    {
        var (profiles, problems) = Load(Header);
        Assert.Empty(problems);
        var fw = profiles["default-scheduler"];
        Assert.Equal(3, fw.ScoreWeight("TaintToleration"));
        Assert.Equal(2, fw.ScoreWeight("NodeAffinity"));
        Assert.Equal(2, fw.ScoreWeight("PodTopologySpread"));
        Assert.Equal(2, fw.ScoreWeight("InterPodAffinity"));
        Assert.Equal(1, fw.ScoreWeight("NodeResourcesFit"));
        Assert.Equal(["NodeUnschedulable", "NodeName", "TaintToleration", "NodeAffinity", "NodePorts", "NodeResourcesFit", "PodTopologySpread", "InterPodAffinity"],
            fw.FilterPlugins.Select(p => p.Name));
    }

    [Fact]
    public void Profile_DisableAndWeight_AreApplied()
    {
        var (profiles, problems) = Load(Header + """
            profiles:
            - schedulerName: bin-packer
              plugins:
                score:
                  disabled: [{name: "*"}]
                  enabled: [{name: NodeResourcesFit, weight: 5}]
              pluginConfig:
              - name: NodeResourcesFit
                args:
                  scoringStrategy:
                    type: MostAllocated
                    resources: [{name: cpu, weight: 1}]
            """);
        Assert.Empty(problems);
        var fw = profiles["bin-packer"];
        Assert.Equal(["NodeResourcesFit"], fw.ScorePlugins.Select(p => p.Name));
        Assert.Equal(5, fw.ScoreWeight("NodeResourcesFit"));
    }

    [Fact]
    public void Invalid_Config_ReportsEveryProblem()
    {
        var (_, problems) = Load(Header + """
            percentageOfNodesToScore: 150
            bogusField: 1
            """);
        Assert.Contains(problems, p => p.Contains("bogusField", StringComparison.Ordinal));
        var (_, more) = Load(Header + """
            percentageOfNodesToScore: 150
            profiles:
            - schedulerName: x
              plugins:
                filter:
                  enabled: [{name: NoSuchPlugin}]
            """);
        Assert.Contains(more, p => p.Contains("percentageOfNodesToScore", StringComparison.Ordinal));
        Assert.Contains(more, p => p.Contains("plugin \"NoSuchPlugin\" does not exist", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData(50, 0, 50)]
    [InlineData(1000, 0, 420)]
    [InlineData(5000, 0, 500)]
    [InlineData(1000, 5, 100)]
    public void NumFeasibleNodesToFind_IsUpstreamFormula(int nodes, int percentage, int expected) =>
        Assert.Equal(expected, Scheduler.NumFeasibleNodesToFind(percentage, nodes));
}
