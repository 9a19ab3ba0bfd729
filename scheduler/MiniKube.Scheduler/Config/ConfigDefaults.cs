namespace MiniKube.Scheduler.Config;

/// <summary>
/// Upstream's defaults for KubeSchedulerConfiguration v1 (kube-scheduler's <c>SetDefaults_KubeSchedulerConfiguration</c>
/// and <c>getDefaultPlugins</c>): one profile "default-scheduler" with the default plugins enabled through
/// multiPoint and their score weights, and a user's profile merged on top (their disabled entries remove defaults,
/// "*" removes all; their enabled entries are added, or replace a default of the same name).
/// Concept: https://kubernetes.io/docs/reference/scheduling/config/#scheduling-plugins
/// </summary>
public static class ConfigDefaults
{
    public const string DefaultSchedulerName = "default-scheduler";

    /// <summary>
    /// The default plugin set, in upstream's order, with upstream's weights (TaintToleration 3, NodeAffinity 2,
    /// PodTopologySpread 2, InterPodAffinity 2, the others 1).
    /// Upstream difference: the volume plugins (VolumeRestrictions, NodeVolumeLimits, VolumeBinding, VolumeZone),
    /// SchedulingGates and DynamicResources are not implemented.
    /// </summary>
    public static IReadOnlyList<(string Name, int Weight)> DefaultMultiPoint { get; } =
    [
        ("PrioritySort", 0),
        ("NodeUnschedulable", 0),
        ("NodeName", 0),
        ("TaintToleration", 3),
        ("NodeAffinity", 2),
        ("NodePorts", 0),
        ("NodeResourcesFit", 1),
        ("PodTopologySpread", 2),
        ("InterPodAffinity", 2),
        ("DefaultPreemption", 0),
        ("NodeResourcesBalancedAllocation", 1),
        ("ImageLocality", 1),
        ("DefaultBinder", 0),
    ];

    public static Plugins DefaultPlugins() => new()
    {
        MultiPoint = new PluginSet { Enabled = [.. DefaultMultiPoint.Select(p => new Plugin { Name = p.Name, Weight = p.Weight == 0 ? null : p.Weight })] },
    };

    /// <summary>Fills every unset field with upstream's default and merges each profile's plugins with the defaults.</summary>
    public static KubeSchedulerConfiguration Apply(KubeSchedulerConfiguration config)
    {
        config.ApiVersion ??= KubeSchedulerConfiguration.GroupVersion;
        config.Kind ??= "KubeSchedulerConfiguration";
        config.PercentageOfNodesToScore ??= 0;
        config.PodInitialBackoffSeconds ??= 1;
        config.PodMaxBackoffSeconds ??= 10;
        config.LeaderElection ??= new LeaderElectionConfiguration();
        config.LeaderElection.LeaderElect ??= true;
        config.LeaderElection.LeaseDuration ??= "15s";
        config.LeaderElection.RenewDeadline ??= "10s";
        config.LeaderElection.RetryPeriod ??= "2s";
        config.LeaderElection.ResourceLock ??= "leases";
        config.LeaderElection.ResourceName ??= "kube-scheduler";
        config.LeaderElection.ResourceNamespace ??= "kube-system";
        config.ClientConnection ??= new ClientConnectionConfiguration();
        if (config.Profiles is not { Count: > 0 }) config.Profiles = [new KubeSchedulerProfile()];
        foreach (var profile in config.Profiles)
        {
            profile.SchedulerName ??= DefaultSchedulerName;
            profile.Plugins = Merge(DefaultPlugins(), profile.Plugins);
        }
        return config;
    }

    // Upstream mergePlugins: per extension point, defaults minus the custom disabled ones ("*" = all), with custom
    // enabled entries replacing a default of the same name in place, and the rest appended.
    private static Plugins Merge(Plugins defaults, Plugins? custom)
    {
        if (custom is null) return defaults;
        return new Plugins
        {
            MultiPoint = MergeSet(defaults.MultiPoint, custom.MultiPoint),
            QueueSort = MergeSet(defaults.QueueSort, custom.QueueSort),
            PreFilter = MergeSet(defaults.PreFilter, custom.PreFilter),
            Filter = MergeSet(defaults.Filter, custom.Filter),
            PostFilter = MergeSet(defaults.PostFilter, custom.PostFilter),
            PreScore = MergeSet(defaults.PreScore, custom.PreScore),
            Score = MergeSet(defaults.Score, custom.Score),
            Reserve = MergeSet(defaults.Reserve, custom.Reserve),
            Permit = MergeSet(defaults.Permit, custom.Permit),
            PreBind = MergeSet(defaults.PreBind, custom.PreBind),
            Bind = MergeSet(defaults.Bind, custom.Bind),
            PostBind = MergeSet(defaults.PostBind, custom.PostBind),
        };
    }

    private static PluginSet? MergeSet(PluginSet? defaults, PluginSet? custom)
    {
        if (custom is null) return defaults;
        var disabled = (custom.Disabled ?? []).Select(p => p.Name).ToHashSet(StringComparer.Ordinal);
        var customEnabled = custom.Enabled ?? [];
        var enabled = new List<Plugin>();
        var replaced = new HashSet<string>(StringComparer.Ordinal);
        if (!disabled.Contains("*"))
        {
            foreach (var plugin in defaults?.Enabled ?? [])
            {
                if (disabled.Contains(plugin.Name)) continue;
                var replacement = customEnabled.FirstOrDefault(p => p.Name == plugin.Name);
                if (replacement is not null) replaced.Add(plugin.Name);
                enabled.Add(replacement ?? plugin);
            }
        }
        enabled.AddRange(customEnabled.Where(p => !replaced.Contains(p.Name)));
        // Keep the custom disabled list: the framework applies it to multiPoint plugins at this point too.
        return new PluginSet { Enabled = enabled, Disabled = custom.Disabled };
    }
}
