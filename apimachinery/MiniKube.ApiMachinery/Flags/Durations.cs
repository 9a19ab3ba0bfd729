using System.Globalization;
using System.Text.RegularExpressions;

namespace MiniKube.ApiMachinery.Flags;

/// <summary>
/// Parses Go-style durations as every Kubernetes component's flags take them: "5m", "30s", "1h30m", "0"
/// (--etcd-compaction-interval, --node-monitor-grace-period, --leader-elect-lease-duration).
/// </summary>
public static partial class Durations
{
    public static bool TryParse(string text, out TimeSpan duration)
    {
        duration = TimeSpan.Zero;
        if (text == "0") return true;
        var matches = Part().Matches(text);
        if (matches.Count == 0 || string.Concat(matches.Select(m => m.Value)) != text) return false;
        foreach (Match m in matches)
        {
            var value = double.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture);
            duration += m.Groups[2].Value switch
            {
                "h" => TimeSpan.FromHours(value),
                "m" => TimeSpan.FromMinutes(value),
                "s" => TimeSpan.FromSeconds(value),
                "ms" => TimeSpan.FromMilliseconds(value),
                _ => TimeSpan.Zero,
            };
        }
        return true;
    }

    [GeneratedRegex("([0-9]+(?:\\.[0-9]+)?)(h|ms|m|s)")]
    private static partial Regex Part();
}
