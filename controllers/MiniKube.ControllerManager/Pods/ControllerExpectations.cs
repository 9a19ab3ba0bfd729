using System.Collections.Concurrent;

namespace MiniKube.ControllerManager.Pods;

/// <summary>
/// What a controller has asked the API server for and not yet seen in its cache (upstream:
/// <c>ControllerExpectations</c> in pkg/controller). After creating two pods, the next sync may run before the
/// informer has delivered them; counting them as missing would create two more. So a sync that finds expectations
/// unsatisfied only reports status, and the pod handlers count creations and deletions off as they arrive. An
/// expectation older than five minutes is treated as satisfied, so a lost watch event cannot stall a controller.
/// Concept: https://kubernetes.io/docs/concepts/architecture/controller/
/// </summary>
public sealed class ControllerExpectations
{
    private static readonly TimeSpan ExpectationsTimeout = TimeSpan.FromMinutes(5);
    private readonly ConcurrentDictionary<string, Expectation> _expectations = new();

    public void ExpectCreations(string key, int adds) => Set(key, adds, 0);

    public void ExpectDeletions(string key, int deletes) => Set(key, 0, deletes);

    /// <summary>One expected creation was not going to happen (the create failed).</summary>
    public void CreationObserved(string key) => Lower(key, adds: 1, deletes: 0);

    public void DeletionObserved(string key) => Lower(key, adds: 0, deletes: 1);

    public bool SatisfiedExpectations(string key) =>
        !_expectations.TryGetValue(key, out var e) || (e.Adds <= 0 && e.Deletes <= 0) || DateTime.UtcNow - e.Since > ExpectationsTimeout;

    /// <summary>Forgets the key (its owner was deleted).</summary>
    public void DeleteExpectations(string key) => _expectations.TryRemove(key, out _);

    private void Set(string key, int adds, int deletes) => _expectations[key] = new Expectation(adds, deletes, DateTime.UtcNow);

    private void Lower(string key, int adds, int deletes)
    {
        while (_expectations.TryGetValue(key, out var e))
        {
            if (_expectations.TryUpdate(key, e with { Adds = e.Adds - adds, Deletes = e.Deletes - deletes }, e)) return;
        }
    }

    private sealed record Expectation(int Adds, int Deletes, DateTime Since);
}
