namespace MiniKube.Cli.Printing;

/// <summary>
/// Formats an age the way every Kubernetes tool does ("45s", "3m20s", "5h", "12d"): precise while an object is young,
/// coarser as it gets older, so the AGE column stays short. Same thresholds as apimachinery's duration.HumanDuration.
/// Concept: https://kubernetes.io/docs/reference/kubectl/generated/kubectl_get/
/// </summary>
public static class HumanDuration
{
    public static string Format(TimeSpan age)
    {
        var seconds = (long)age.TotalSeconds;
        // Up to a second in the future still counts as "now": clocks of client and server are never exactly equal.
        if (seconds < -1) return "<invalid>";
        if (seconds < 0) return "0s";
        if (seconds < 120) return $"{seconds}s";

        var minutes = seconds / 60;
        if (minutes < 10) return seconds % 60 == 0 ? $"{minutes}m" : $"{minutes}m{seconds % 60}s";
        if (minutes < 180) return $"{minutes}m";

        var hours = minutes / 60;
        if (hours < 8) return minutes % 60 == 0 ? $"{hours}h" : $"{hours}h{minutes % 60}m";
        if (hours < 48) return $"{hours}h";
        if (hours < 24 * 8) return hours % 24 == 0 ? $"{hours / 24}d" : $"{hours / 24}d{hours % 24}h";
        if (hours < 24 * 365 * 2) return $"{hours / 24}d";
        if (hours < 24 * 365 * 8)
        {
            var days = hours / 24 % 365;
            return days == 0 ? $"{hours / 24 / 365}y" : $"{hours / 24 / 365}y{days}d";
        }
        return $"{hours / 24 / 365}y";
    }

    /// <summary>The age of something that happened at <paramref name="time"/>, or "&lt;unknown&gt;" when it has no time.</summary>
    public static string Since(DateTime? time) =>
        time is null || time.Value == default ? "<unknown>" : Format(DateTime.UtcNow - time.Value.ToUniversalTime());
}
