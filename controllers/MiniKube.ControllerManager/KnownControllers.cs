namespace MiniKube.ControllerManager;

/// <summary>
/// Every controller minikube-controller-manager can run, by the names kube-controller-manager uses (upstream:
/// <c>NewControllerDescriptors</c>). Adding a controller is one class in its own folder plus one line here.
/// </summary>
public static class KnownControllers
{
    public static IReadOnlyList<ControllerDescriptor> All { get; } =
    [
        new("daemonset-controller", ["daemonset"], c => new DaemonSet.DaemonSetController(c), o => o.ConcurrentDaemonSetSyncs),
        new("job-controller", ["job"], c => new Job.JobController(c), o => o.ConcurrentJobSyncs),
        new("statefulset-controller", ["statefulset"], c => new StatefulSet.StatefulSetController(c), o => o.ConcurrentStatefulSetSyncs),
    ];

    /// <summary>
    /// Applies <c>--controllers</c> as upstream does: "*" turns on every controller, "name" turns one on, "-name"
    /// turns one off (and wins over "*").
    /// </summary>
    public static IReadOnlyList<ControllerDescriptor> Select(IReadOnlyList<string> selection)
    {
        var all = selection.Contains("*");
        return [.. All.Where(d =>
        {
            var names = d.Aliases.Prepend(d.Name).ToArray();
            if (selection.Any(s => s.StartsWith('-') && names.Contains(s[1..]))) return false;
            return all || selection.Any(names.Contains);
        })];
    }

    /// <summary>The names in <c>--controllers</c> that are not controllers we know, one problem each.</summary>
    public static IReadOnlyList<string> ValidateSelection(IReadOnlyList<string> selection)
    {
        var known = All.SelectMany(d => d.Aliases.Prepend(d.Name)).ToHashSet();
        return [.. selection
            .Where(s => s != "*" && !known.Contains(s.TrimStart('-')))
            .Select(s => $"--controllers: \"{s}\" is not a known controller; known: {string.Join(", ", All.Select(d => d.Name))}")];
    }
}
