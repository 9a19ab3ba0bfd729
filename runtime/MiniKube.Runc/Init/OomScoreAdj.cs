namespace MiniKube.Runc.Init;

/// <summary>
/// process.oomScoreAdj: how willing the kernel's OOM killer should be to pick this process (-1000 never … 1000
/// first). The kubelet sets it from the pod's QoS class (Guaranteed pods low, BestEffort high).
/// Concept: https://kubernetes.io/docs/concepts/scheduling-eviction/node-pressure-eviction/#node-out-of-memory-behavior
/// </summary>
internal static class OomScoreAdj
{
    /// <summary>
    /// Writes /proc/self/oom_score_adj. Lowering it below the current value needs CAP_SYS_RESOURCE; root on this
    /// machine lacks that, so a lower value is clamped to the current one with a warning, as containerd's
    /// restrict_oom_score_adj does, rather than failing the container.
    /// </summary>
    public static void Apply(int? value, Action<string> warn)
    {
        if (value is not { } wanted) return;
        const string file = "/proc/self/oom_score_adj";
        var current = int.Parse(File.ReadAllText(file).Trim(), System.Globalization.CultureInfo.InvariantCulture);
        try
        {
            File.WriteAllText(file, wanted.ToString(System.Globalization.CultureInfo.InvariantCulture));
        }
        catch (Exception ex) when ((ex is UnauthorizedAccessException or IOException) && wanted < current)
        {
            warn($"cannot lower oom_score_adj to {wanted} without CAP_SYS_RESOURCE; keeping {current}");
        }
    }
}
