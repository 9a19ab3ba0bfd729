using System.Text.Json;

namespace MiniKube.Scheduler.Config;

/// <summary>
/// One scheduling profile: pods whose <c>spec.schedulerName</c> equals <see cref="SchedulerName"/> are scheduled
/// with these plugins. Concept: https://kubernetes.io/docs/reference/scheduling/config/#multiple-profiles
/// </summary>
public sealed class KubeSchedulerProfile
{
    public string? SchedulerName { get; set; }
    public int? PercentageOfNodesToScore { get; set; }
    public Plugins? Plugins { get; set; }
    public List<PluginConfig>? PluginConfig { get; set; }
}

/// <summary>Plugins enabled and disabled per extension point; multiPoint enables a plugin at every point it implements.</summary>
public sealed class Plugins
{
    public PluginSet? PreEnqueue { get; set; }
    public PluginSet? QueueSort { get; set; }
    public PluginSet? PreFilter { get; set; }
    public PluginSet? Filter { get; set; }
    public PluginSet? PostFilter { get; set; }
    public PluginSet? PreScore { get; set; }
    public PluginSet? Score { get; set; }
    public PluginSet? Reserve { get; set; }
    public PluginSet? Permit { get; set; }
    public PluginSet? PreBind { get; set; }
    public PluginSet? Bind { get; set; }
    public PluginSet? PostBind { get; set; }
    public PluginSet? MultiPoint { get; set; }

    /// <summary>Every extension point with its set, by its YAML name (multiPoint excluded).</summary>
    public IEnumerable<(string Point, PluginSet? Set)> ExtensionPoints() =>
    [
        ("queueSort", QueueSort), ("preFilter", PreFilter), ("filter", Filter), ("postFilter", PostFilter),
        ("preScore", PreScore), ("score", Score), ("reserve", Reserve), ("permit", Permit), ("preBind", PreBind),
        ("bind", Bind), ("postBind", PostBind),
    ];
}

/// <summary>Enabled plugins run in the order listed; disabled ones ("*" = all defaults) are removed from the defaults.</summary>
public sealed class PluginSet
{
    public List<Plugin>? Enabled { get; set; }
    public List<Plugin>? Disabled { get; set; }
}

/// <summary>A plugin by name, with its score weight (only meaningful for Score; 0 = unset).</summary>
public sealed class Plugin
{
    public string Name { get; set; } = "";
    public int? Weight { get; set; }
}

/// <summary>Arguments for one plugin, e.g. NodeResourcesFitArgs for NodeResourcesFit.</summary>
public sealed class PluginConfig
{
    public string Name { get; set; } = "";
    public JsonElement? Args { get; set; }
}
