using k8s.Models;

namespace MiniKube.Scheduler.Framework;

/// <summary>
/// Score: how good is this feasible node, from 0 to <see cref="MaxNodeScore"/>? The framework multiplies each
/// plugin's (normalized) score by the plugin's weight and adds them up; the highest total wins.
/// </summary>
public interface IScorePlugin : IPlugin
{
    /// <summary>The highest score a plugin may give after NormalizeScore (upstream MaxNodeScore).</summary>
    public const long MaxNodeScore = 100;

    (long Score, Status Status) Score(CycleState state, V1Pod pod, NodeInfo nodeInfo);

    /// <summary>Non-null when raw scores need rescaling to 0-100 once all nodes are scored.</summary>
    IScoreExtensions? ScoreExtensions { get; }
}

/// <summary>NormalizeScore: rescales every node's raw score in place once all are known (e.g. count → 0-100).</summary>
public interface IScoreExtensions
{
    Status NormalizeScore(CycleState state, V1Pod pod, NodeScore[] scores);
}

/// <summary>One node's score from one plugin.</summary>
public struct NodeScore(string name, long score)
{
    public string Name { get; set; } = name;
    public long Score { get; set; } = score;
}
