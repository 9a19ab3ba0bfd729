using MiniKube.Scheduler.Framework;

namespace MiniKube.Scheduler.Plugins;

/// <summary>
/// Upstream helper <c>DefaultNormalizeScore</c>: scales scores so the highest becomes 100 (MaxNodeScore); with
/// <c>reverse</c>, the highest raw score becomes 0 instead (for "fewer is better" counts).
/// </summary>
public static class DefaultNormalizeScore
{
    public static Status Apply(NodeScore[] scores, bool reverse)
    {
        long max = 0;
        foreach (var s in scores) max = Math.Max(max, s.Score);
        if (max == 0)
        {
            if (reverse) for (var i = 0; i < scores.Length; i++) scores[i].Score = IScorePlugin.MaxNodeScore;
            return Status.Success;
        }
        for (var i = 0; i < scores.Length; i++)
        {
            var score = IScorePlugin.MaxNodeScore * scores[i].Score / max;
            scores[i].Score = reverse ? IScorePlugin.MaxNodeScore - score : score;
        }
        return Status.Success;
    }
}
