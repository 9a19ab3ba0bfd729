using System.Collections.Concurrent;
using k8s;
using k8s.Models;
using Microsoft.Extensions.Logging;
using MiniKube.ApiMachinery.Client;
using MiniKube.Scheduler.Config;

namespace MiniKube.Scheduler.Framework;

/// <summary>
/// One scheduling profile at work (upstream <c>frameworkImpl</c>): the plugins enabled at each extension point, in
/// order, and the code that runs them as upstream does. The scheduling cycle calls QueueSort (through the queue) →
/// PreFilter → Filter (per node) → PostFilter (only if no node fits) → PreScore → Score → NormalizeScore →
/// Reserve → Permit; the binding cycle then calls PreBind → Bind → PostBind.
/// Concept: https://kubernetes.io/docs/concepts/scheduling-eviction/scheduling-framework/#extension-points
/// </summary>
public sealed class FrameworkImpl : IFrameworkHandle
{
    private readonly ConcurrentDictionary<string, WaitingPod> _waitingPods = new(StringComparer.Ordinal);
    private readonly Dictionary<string, int> _scoreWeights = new(StringComparer.Ordinal);
    private readonly Dictionary<string, IPlugin> _plugins = new(StringComparer.Ordinal);

    private FrameworkImpl(string profileName, IKubernetes client, EventRecorder recorder, ILoggerFactory loggerFactory, int? percentageOfNodesToScore)
    {
        ProfileName = profileName;
        Client = client;
        EventRecorder = recorder;
        LoggerFactory = loggerFactory;
        PercentageOfNodesToScore = percentageOfNodesToScore;
    }

    public string ProfileName { get; }
    public IKubernetes Client { get; }
    public EventRecorder EventRecorder { get; }
    public ILoggerFactory LoggerFactory { get; }

    /// <summary>The snapshot of the cycle in progress (the scheduler sets it before each cycle).</summary>
    public Snapshot Snapshot { get; set; } = new();

    /// <summary>The profile's own percentageOfNodesToScore; null = the configuration-wide value.</summary>
    public int? PercentageOfNodesToScore { get; }

    public IQueueSortPlugin QueueSort { get; private set; } = null!;
    public IReadOnlyList<IPreFilterPlugin> PreFilterPlugins { get; private set; } = [];
    public IReadOnlyList<IFilterPlugin> FilterPlugins { get; private set; } = [];
    public IReadOnlyList<IPostFilterPlugin> PostFilterPlugins { get; private set; } = [];
    public IReadOnlyList<IPreScorePlugin> PreScorePlugins { get; private set; } = [];
    public IReadOnlyList<IScorePlugin> ScorePlugins { get; private set; } = [];
    public IReadOnlyList<IReservePlugin> ReservePlugins { get; private set; } = [];
    public IReadOnlyList<IPermitPlugin> PermitPlugins { get; private set; } = [];
    public IReadOnlyList<IPreBindPlugin> PreBindPlugins { get; private set; } = [];
    public IReadOnlyList<IBindPlugin> BindPlugins { get; private set; } = [];
    public IReadOnlyList<IPostBindPlugin> PostBindPlugins { get; private set; } = [];

    /// <summary>Every plugin instance of this profile, by name.</summary>
    public IReadOnlyDictionary<string, IPlugin> Plugins => _plugins;

    public int ScoreWeight(string plugin) => _scoreWeights.GetValueOrDefault(plugin, 1);

    /// <summary>
    /// Builds the profile's plugins from <paramref name="profile"/> (already merged with the defaults). Every problem
    /// (unknown plugin, a plugin enabled at a point it does not implement, bad args) is added to
    /// <paramref name="problems"/>.
    /// </summary>
    public static FrameworkImpl Create(Registry registry, KubeSchedulerProfile profile, IKubernetes client, EventRecorder recorder,
        ILoggerFactory loggerFactory, List<string> problems)
    {
        var name = profile.SchedulerName ?? ConfigDefaults.DefaultSchedulerName;
        var fw = new FrameworkImpl(name, client, recorder, loggerFactory, profile.PercentageOfNodesToScore);
        var plugins = profile.Plugins ?? new Config.Plugins();
        var prefix = $"profiles[{name}]";

        var args = new Dictionary<string, System.Text.Json.JsonElement?>(StringComparer.Ordinal);
        foreach (var config in profile.PluginConfig ?? [])
        {
            if (!args.TryAdd(config.Name, config.Args)) problems.Add($"{prefix}.pluginConfig: repeated config for plugin \"{config.Name}\"");
        }

        var multiPoint = plugins.MultiPoint?.Enabled ?? [];
        var wanted = multiPoint.Select(p => p.Name).Concat(plugins.ExtensionPoints().SelectMany(e => e.Set?.Enabled ?? []).Select(p => p.Name)).Distinct();
        foreach (var pluginName in wanted)
        {
            if (!registry.TryGetValue(pluginName, out var factory))
            {
                problems.Add($"{prefix}: plugin \"{pluginName}\" does not exist; registered plugins: {string.Join(", ", registry.Keys.Order(StringComparer.Ordinal))}");
                continue;
            }
            try
            {
                fw._plugins[pluginName] = factory(args.GetValueOrDefault(pluginName), fw);
            }
            catch (Exception ex) when (ex is ArgumentException or FormatException or System.Text.Json.JsonException)
            {
                problems.Add($"{prefix}.pluginConfig[{pluginName}]: {ex.Message}");
            }
        }
        foreach (var configured in args.Keys.Where(k => !fw._plugins.ContainsKey(k) && registry.ContainsKey(k)))
        {
            problems.Add($"{prefix}.pluginConfig: plugin \"{configured}\" has args but is not enabled");
        }

        fw.PreFilterPlugins = fw.Expand<IPreFilterPlugin>(plugins.PreFilter, multiPoint, "preFilter", prefix, problems);
        fw.FilterPlugins = fw.Expand<IFilterPlugin>(plugins.Filter, multiPoint, "filter", prefix, problems);
        fw.PostFilterPlugins = fw.Expand<IPostFilterPlugin>(plugins.PostFilter, multiPoint, "postFilter", prefix, problems);
        fw.PreScorePlugins = fw.Expand<IPreScorePlugin>(plugins.PreScore, multiPoint, "preScore", prefix, problems);
        fw.ScorePlugins = fw.Expand<IScorePlugin>(plugins.Score, multiPoint, "score", prefix, problems);
        fw.ReservePlugins = fw.Expand<IReservePlugin>(plugins.Reserve, multiPoint, "reserve", prefix, problems);
        fw.PermitPlugins = fw.Expand<IPermitPlugin>(plugins.Permit, multiPoint, "permit", prefix, problems);
        fw.PreBindPlugins = fw.Expand<IPreBindPlugin>(plugins.PreBind, multiPoint, "preBind", prefix, problems);
        fw.BindPlugins = fw.Expand<IBindPlugin>(plugins.Bind, multiPoint, "bind", prefix, problems);
        fw.PostBindPlugins = fw.Expand<IPostBindPlugin>(plugins.PostBind, multiPoint, "postBind", prefix, problems);
        var queueSort = fw.Expand<IQueueSortPlugin>(plugins.QueueSort, multiPoint, "queueSort", prefix, problems);
        if (queueSort.Count != 1) problems.Add($"{prefix}.plugins.queueSort: exactly one queue sort plugin is required, got {queueSort.Count}");
        else fw.QueueSort = queueSort[0];
        if (fw.BindPlugins.Count == 0) problems.Add($"{prefix}.plugins.bind: at least one bind plugin is required");

        // Weights: an explicit score entry wins over multiPoint; unset (0) means 1, as upstream.
        foreach (var plugin in multiPoint.Concat(plugins.Score?.Enabled ?? []))
        {
            if (plugin.Weight is < 0) problems.Add($"{prefix}.plugins.score: plugin \"{plugin.Name}\" weight must be positive, got {plugin.Weight}");
            else if (plugin.Weight is > 0) fw._scoreWeights[plugin.Name] = plugin.Weight.Value;
        }
        return fw;
    }

    // Upstream's order for an extension point: plugins enabled both in multiPoint and explicitly here keep the
    // explicit order and come first; then multiPoint-only plugins in multiPoint order; then explicit-only ones.
    private List<T> Expand<T>(PluginSet? set, List<Config.Plugin> multiPoint, string point, string prefix, List<string> problems) where T : class, IPlugin
    {
        var disabled = (set?.Disabled ?? []).Select(p => p.Name).ToHashSet(StringComparer.Ordinal);
        var explicitNames = (set?.Enabled ?? []).Select(p => p.Name).Distinct().ToList();
        var multiNames = multiPoint.Select(p => p.Name).Where(n => !disabled.Contains(n) && !disabled.Contains("*") && _plugins.GetValueOrDefault(n) is T).ToList();
        var ordered = explicitNames.Where(multiNames.Contains).Concat(multiNames.Where(n => !explicitNames.Contains(n))).Concat(explicitNames.Where(n => !multiNames.Contains(n)));
        var result = new List<T>();
        foreach (var pluginName in ordered)
        {
            if (!_plugins.TryGetValue(pluginName, out var plugin)) continue; // reported as unknown already
            if (plugin is T typed) result.Add(typed);
            else problems.Add($"{prefix}.plugins.{point}: plugin \"{pluginName}\" does not extend {point} plugin");
        }
        return result;
    }

    public Status RunPreFilterPlugins(CycleState state, V1Pod pod, IReadOnlyList<NodeInfo> nodes)
    {
        foreach (var plugin in PreFilterPlugins)
        {
            var status = Safely(plugin, () => plugin.PreFilter(state, pod, nodes));
            if (status.IsSkip)
            {
                state.SkipFilterPlugins.Add(plugin.Name);
                continue;
            }
            if (!status.IsSuccess) return status.WithPlugin(plugin.Name);
        }
        return Status.Success;
    }

    /// <summary>Runs Filter plugins in order and stops at the first that rejects the node (its reason is the node's).</summary>
    public Status RunFilterPlugins(CycleState state, V1Pod pod, NodeInfo nodeInfo)
    {
        // The hot path (nodes × plugins per pod): a plain loop, no closures, Success is a shared instance.
        var plugins = FilterPlugins;
        for (var i = 0; i < plugins.Count; i++)
        {
            var plugin = plugins[i];
            if (state.SkipFilterPlugins.Count > 0 && state.SkipFilterPlugins.Contains(plugin.Name)) continue;
            Status status;
            try
            {
                status = plugin.Filter(state, pod, nodeInfo);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                status = Status.AsError(new InvalidOperationException($"running plugin {plugin.Name}: {ex.Message}", ex));
            }
            if (!status.IsSuccess) return status.WithPlugin(plugin.Name);
        }
        return Status.Success;
    }

    public async Task<(PostFilterResult? Result, Status Status)> RunPostFilterPluginsAsync(CycleState state, V1Pod pod, NodeToStatus statuses,
        CancellationToken cancellationToken)
    {
        var reasons = new List<string>();
        foreach (var plugin in PostFilterPlugins)
        {
            var (result, status) = await plugin.PostFilterAsync(state, pod, statuses, cancellationToken);
            if (status.IsSuccess) return (result, status);
            if (status.Code == StatusCode.Error) return (null, status.WithPlugin(plugin.Name));
            reasons.AddRange(status.Reasons);
        }
        return (null, Status.Unschedulable([.. reasons]));
    }

    public Status RunPreFilterExtensionAddPod(CycleState state, V1Pod podToSchedule, PodInfo podToAdd, NodeInfo nodeInfo)
    {
        foreach (var plugin in PreFilterPlugins)
        {
            if (plugin.PreFilterExtensions is not { } ext || state.SkipFilterPlugins.Contains(plugin.Name)) continue;
            var status = ext.AddPod(state, podToSchedule, podToAdd, nodeInfo);
            if (!status.IsSuccess) return status.WithPlugin(plugin.Name);
        }
        return Status.Success;
    }

    public Status RunPreFilterExtensionRemovePod(CycleState state, V1Pod podToSchedule, PodInfo podToRemove, NodeInfo nodeInfo)
    {
        foreach (var plugin in PreFilterPlugins)
        {
            if (plugin.PreFilterExtensions is not { } ext || state.SkipFilterPlugins.Contains(plugin.Name)) continue;
            var status = ext.RemovePod(state, podToSchedule, podToRemove, nodeInfo);
            if (!status.IsSuccess) return status.WithPlugin(plugin.Name);
        }
        return Status.Success;
    }

    public Status RunPreScorePlugins(CycleState state, V1Pod pod, IReadOnlyList<NodeInfo> nodes)
    {
        foreach (var plugin in PreScorePlugins)
        {
            var status = Safely(plugin, () => plugin.PreScore(state, pod, nodes));
            if (status.IsSkip)
            {
                state.SkipScorePlugins.Add(plugin.Name);
                continue;
            }
            if (!status.IsSuccess) return status.WithPlugin(plugin.Name);
        }
        return Status.Success;
    }

    /// <summary>
    /// Score → NormalizeScore → × weight, summed per node. Returns the totals, index-aligned with
    /// <paramref name="nodes"/>, or an Error status.
    /// </summary>
    public (long[] Totals, Status Status) RunScorePlugins(CycleState state, V1Pod pod, IReadOnlyList<NodeInfo> nodes)
    {
        var totals = new long[nodes.Count];
        var scores = new NodeScore[nodes.Count];
        foreach (var plugin in ScorePlugins)
        {
            if (state.SkipScorePlugins.Contains(plugin.Name)) continue;
            for (var i = 0; i < nodes.Count; i++)
            {
                var (score, status) = plugin.Score(state, pod, nodes[i]);
                if (!status.IsSuccess) return (totals, status.WithPlugin(plugin.Name));
                scores[i] = new NodeScore(nodes[i].Name, score);
            }
            if (plugin.ScoreExtensions is { } ext)
            {
                var status = ext.NormalizeScore(state, pod, scores);
                if (!status.IsSuccess) return (totals, status.WithPlugin(plugin.Name));
            }
            var weight = ScoreWeight(plugin.Name);
            for (var i = 0; i < nodes.Count; i++)
            {
                if (scores[i].Score is < 0 or > IScorePlugin.MaxNodeScore)
                {
                    return (totals, Status.AsError($"plugin \"{plugin.Name}\" returns an invalid score {scores[i].Score}, it should in the range of [0, {IScorePlugin.MaxNodeScore}] after normalizing"));
                }
                totals[i] += scores[i].Score * weight;
            }
        }
        return (totals, Status.Success);
    }

    /// <summary>Runs Reserve in order; on failure the caller runs Unreserve for all (in reverse), as upstream.</summary>
    public Status RunReservePluginsReserve(CycleState state, V1Pod pod, string nodeName)
    {
        foreach (var plugin in ReservePlugins)
        {
            var status = plugin.Reserve(state, pod, nodeName);
            if (!status.IsSuccess) return status.WithPlugin(plugin.Name);
        }
        return Status.Success;
    }

    public void RunReservePluginsUnreserve(CycleState state, V1Pod pod, string nodeName)
    {
        for (var i = ReservePlugins.Count - 1; i >= 0; i--) ReservePlugins[i].Unreserve(state, pod, nodeName);
    }

    /// <summary>Runs Permit; if any plugin says Wait, the pod is parked as a <see cref="WaitingPod"/> and Wait is returned.</summary>
    public Status RunPermitPlugins(CycleState state, V1Pod pod, string nodeName)
    {
        var waitingFor = new List<(string Plugin, TimeSpan Timeout)>();
        foreach (var plugin in PermitPlugins)
        {
            var (status, timeout) = plugin.Permit(state, pod, nodeName);
            if (status.Code == StatusCode.Wait) waitingFor.Add((plugin.Name, timeout));
            else if (!status.IsSuccess) return status.WithPlugin(plugin.Name);
        }
        if (waitingFor.Count == 0) return Status.Success;
        var waiting = new WaitingPod(pod, waitingFor.Select(w => w.Plugin));
        _waitingPods[pod.Metadata.Uid ?? pod.Metadata.Name] = waiting;
        var shortest = waitingFor.Min(w => w.Timeout);
        _ = Task.Delay(shortest).ContinueWith(_ => waiting.Reject(waitingFor[0].Plugin, $"rejected due to timeout after waiting {shortest.TotalSeconds:0}s at plugin {waitingFor[0].Plugin}"), TaskScheduler.Default);
        return Status.New(StatusCode.Wait);
    }

    /// <summary>In the binding cycle: waits until a pod that Permit parked is allowed or rejected.</summary>
    public async Task<Status> WaitOnPermitAsync(V1Pod pod)
    {
        var uid = pod.Metadata.Uid ?? pod.Metadata.Name;
        if (!_waitingPods.TryGetValue(uid, out var waiting)) return Status.Success;
        try { return await waiting.Result; }
        finally { _waitingPods.TryRemove(uid, out _); }
    }

    public WaitingPod? GetWaitingPod(string uid) => _waitingPods.GetValueOrDefault(uid);

    public async Task<Status> RunPreBindPluginsAsync(CycleState state, V1Pod pod, string nodeName, CancellationToken cancellationToken)
    {
        foreach (var plugin in PreBindPlugins)
        {
            var status = await plugin.PreBindAsync(state, pod, nodeName, cancellationToken);
            if (!status.IsSuccess) return status.WithPlugin(plugin.Name);
        }
        return Status.Success;
    }

    /// <summary>Binders are tried in order until one does not Skip.</summary>
    public async Task<Status> RunBindPluginsAsync(CycleState state, V1Pod pod, string nodeName, CancellationToken cancellationToken)
    {
        foreach (var plugin in BindPlugins)
        {
            var status = await plugin.BindAsync(state, pod, nodeName, cancellationToken);
            if (status.IsSkip) continue;
            return status.WithPlugin(plugin.Name);
        }
        return Status.Skip;
    }

    public void RunPostBindPlugins(CycleState state, V1Pod pod, string nodeName)
    {
        foreach (var plugin in PostBindPlugins) plugin.PostBind(state, pod, nodeName);
    }

    /// <summary>The events each plugin registered (for the queue: which events may help a pod these plugins rejected).</summary>
    public IReadOnlyDictionary<string, IReadOnlyList<ClusterEvent>> EventsToRegister() =>
        _plugins.Values.OfType<IEnqueueExtensions>().ToDictionary(p => ((IPlugin)p).Name, p => p.EventsToRegister(), StringComparer.Ordinal);

    // A plugin bug (an exception) becomes an Error status for this pod, never a crashed scheduler.
    private static Status Safely(IPlugin plugin, Func<Status> call)
    {
        try
        {
            return call();
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            return Status.AsError(new InvalidOperationException($"running plugin {plugin.Name}: {ex.Message}", ex));
        }
    }
}
