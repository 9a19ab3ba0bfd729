using k8s.Models;
using MiniKube.Scheduler.Framework;

namespace MiniKube.Scheduler.Plugins.ImageLocality;

/// <summary>
/// ImageLocality: prefers nodes that already have the pod's images (status.images), so the pod starts without a
/// pull; an image found on many nodes counts for less, so pods do not all pile onto nodes with common images.
/// Concept: https://kubernetes.io/docs/concepts/containers/images/
/// </summary>
public sealed class ImageLocality(IFrameworkHandle? handle = null) : IScorePlugin
{
    public const string Name = "ImageLocality";

    // Upstream thresholds: below 23 MB an image is "small" (scores 0); 1000 MB per container is the top.
    private const long Mb = 1024 * 1024;
    private const long MinThreshold = 23 * Mb;
    private const long MaxContainerThreshold = 1000 * Mb;

    string IPlugin.Name => Name;

    public IScoreExtensions? ScoreExtensions => null;

    public (long Score, Status Status) Score(CycleState state, V1Pod pod, NodeInfo nodeInfo)
    {
        var totalNodes = Math.Max(1, handle?.Snapshot.NumNodes ?? 1);
        var containers = (pod.Spec.InitContainers ?? []).Concat(pod.Spec.Containers ?? []).ToList();
        long sum = 0;
        foreach (var container in containers)
        {
            if (nodeInfo.ImageStates.TryGetValue(NormalizedImageName(container.Image ?? ""), out var image))
            {
                // Spread: an image on every node is worth little, one on few nodes is worth its full size.
                sum += (long)(image.Size * ((double)image.NumNodes / totalNodes));
            }
        }
        var maxThreshold = MaxContainerThreshold * Math.Max(1, containers.Count);
        sum = Math.Clamp(sum, MinThreshold, maxThreshold);
        return (IScorePlugin.MaxNodeScore * (sum - MinThreshold) / (maxThreshold - MinThreshold), Status.Success);
    }

    /// <summary>"nginx" and "nginx:latest" are the same image: add ":latest" when there is no tag or digest.</summary>
    public static string NormalizedImageName(string name)
    {
        var lastSlash = name.LastIndexOf('/');
        var hasTag = name.IndexOf(':', lastSlash + 1) >= 0 || name.Contains('@', StringComparison.Ordinal);
        return hasTag ? name : name + ":latest";
    }
}
