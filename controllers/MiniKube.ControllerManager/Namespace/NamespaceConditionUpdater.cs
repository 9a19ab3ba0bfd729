using k8s.Models;

namespace MiniKube.ControllerManager.Namespace;

/// <summary>
/// The status conditions a Terminating namespace carries while it is emptied (upstream: namespaceConditionUpdater),
/// so <c>kubectl describe namespace</c> says why it is stuck: discovery failed, deleting failed, content or
/// finalizers remain. Each condition is True with a reason when something is wrong, else False with the "ok" text.
/// Concept: https://kubernetes.io/docs/concepts/overview/working-with-objects/namespaces/#deleting-a-namespace
/// </summary>
public sealed class NamespaceConditionUpdater
{
    public const string NamespaceDeletionDiscoveryFailure = "NamespaceDeletionDiscoveryFailure";
    public const string NamespaceDeletionGroupVersionParsingFailure = "NamespaceDeletionGroupVersionParsingFailure";
    public const string NamespaceDeletionContentFailure = "NamespaceDeletionContentFailure";
    public const string NamespaceContentRemaining = "NamespaceContentRemaining";
    public const string NamespaceFinalizersRemaining = "NamespaceFinalizersRemaining";

    private static readonly (string Type, string Reason, string Message)[] Ok =
    [
        (NamespaceDeletionDiscoveryFailure, "ResourcesDiscovered", "All resources successfully discovered"),
        (NamespaceDeletionGroupVersionParsingFailure, "ParsedGroupVersions", "All legacy kube types successfully parsed"),
        (NamespaceDeletionContentFailure, "ContentDeleted", "All content successfully deleted, may be waiting on finalization"),
        (NamespaceContentRemaining, "ContentRemoved", "All content successfully removed"),
        (NamespaceFinalizersRemaining, "ContentHasNoFinalizers", "All content-preserving finalizers finished"),
    ];

    private readonly Dictionary<string, (string Reason, string Message)> _problems = [];

    public void DiscoveryFailed(IReadOnlyCollection<string> groups) =>
        _problems[NamespaceDeletionDiscoveryFailure] = ("DiscoveryFailed", $"Discovery failed for some groups, {groups.Count} failing: {string.Join(", ", groups)}");

    public void ContentDeletionFailed(IReadOnlyCollection<string> errors) =>
        _problems[NamespaceDeletionContentFailure] = ("ContentDeletionFailed", $"Failed to delete all resource types, {errors.Count} remaining: {string.Join(", ", errors)}");

    public void ContentRemaining(IEnumerable<string> remaining) =>
        _problems[NamespaceContentRemaining] = ("SomeResourcesRemain", $"Some resources are remaining: {string.Join(", ", remaining)}");

    public void FinalizersRemaining(IEnumerable<string> finalizers) =>
        _problems[NamespaceFinalizersRemaining] = ("SomeFinalizersRemain", $"Some content in the namespace has finalizers remaining: {string.Join(", ", finalizers)}");

    /// <summary>Writes the five conditions into <paramref name="status"/>; true if anything changed.</summary>
    public bool Apply(V1NamespaceStatus status)
    {
        var changed = false;
        var conditions = status.Conditions?.ToList() ?? [];
        foreach (var (type, okReason, okMessage) in Ok)
        {
            var (state, reason, message) = _problems.TryGetValue(type, out var problem) ? ("True", problem.Reason, problem.Message) : ("False", okReason, okMessage);
            var index = conditions.FindIndex(c => c.Type == type);
            var existing = index < 0 ? null : conditions[index];
            if (existing is not null && existing.Status == state && existing.Reason == reason && existing.Message == message) continue;
            var condition = new V1NamespaceCondition
            {
                Type = type,
                Status = state,
                Reason = reason,
                Message = message,
                // The transition time moves only when the status flips, as for every condition.
                LastTransitionTime = existing is not null && existing.Status == state ? existing.LastTransitionTime : DateTime.UtcNow,
            };
            if (index < 0) conditions.Add(condition);
            else conditions[index] = condition;
            changed = true;
        }
        status.Conditions = conditions;
        return changed;
    }
}
