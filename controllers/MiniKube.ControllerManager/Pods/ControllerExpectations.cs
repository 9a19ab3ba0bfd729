namespace MiniKube.ControllerManager.Pods;

/// <summary>
/// What a controller has asked the API server to do and not yet seen come back through its informer (upstream:
/// <c>UIDTrackingControllerExpectations</c> in pkg/controller). The cache lags behind the server: right after creating
/// three pods, a second sync would still see the old count and create three more. So before creating, the controller
/// records "expect 3 creations"; each pod add the informer delivers lowers it; until it reaches zero, syncs only
/// update status. Deletions are tracked by pod key, because a graceful delete shows up first as an update
/// (deletionTimestamp set) and later as a delete, and must be counted once.
/// An expectation older than <see cref="ExpectationsTimeout"/> counts as met, so a lost watch event cannot wedge a
/// controller forever. A restarted controller manager starts with no expectations and a freshly listed cache, which
/// already holds every pod the previous one created: so a restart never creates duplicates.
/// Used by the ReplicaSet, ReplicationController, DaemonSet and Job controllers.
/// Concept: https://kubernetes.io/docs/concepts/architecture/controller/
/// </summary>
public sealed class ControllerExpectations(TimeProvider? timeProvider = null)
{
    public static readonly TimeSpan ExpectationsTimeout = TimeSpan.FromMinutes(5);

    private readonly TimeProvider _time = timeProvider ?? TimeProvider.System;
    private readonly Lock _lock = new();
    private readonly Dictionary<string, Expectation> _expectations = [];

    /// <summary>True when the controller may act on <paramref name="key"/>: nothing pending, or pending too long.</summary>
    public bool SatisfiedExpectations(string key)
    {
        lock (_lock)
        {
            if (!_expectations.TryGetValue(key, out var e)) return true;
            return e is { Adds: <= 0, Deletes: <= 0 } || _time.GetUtcNow() - e.Timestamp > ExpectationsTimeout;
        }
    }

    /// <summary>
    /// Replaces what is expected for <paramref name="key"/> with <paramref name="adds"/> creations and the deletion of
    /// the pods <paramref name="deleteKeys"/> (namespace/name), at once: a controller that creates and deletes in one
    /// sync (a DaemonSet) must wait for both.
    /// </summary>
    public void SetExpectations(string key, int adds, IReadOnlyCollection<string> deleteKeys)
    {
        lock (_lock)
        {
            var e = new Expectation { Adds = adds, Deletes = deleteKeys.Count, Timestamp = _time.GetUtcNow() };
            e.DeleteKeys.UnionWith(deleteKeys);
            _expectations[key] = e;
        }
    }

    public void ExpectCreations(string key, int adds) => SetExpectations(key, adds, []);

    public void ExpectDeletions(string key, IReadOnlyCollection<string> podKeys) => SetExpectations(key, 0, podKeys);

    /// <summary>The informer delivered a pod this controller created (or a creation was given up).</summary>
    public void CreationObserved(string key)
    {
        lock (_lock)
        {
            if (_expectations.TryGetValue(key, out var e)) e.Adds--;
        }
    }

    /// <summary>
    /// The informer showed <paramref name="podKey"/> going away (or its deletion failed and will not be seen);
    /// counted once however often it is reported.
    /// </summary>
    public void DeletionObserved(string key, string podKey)
    {
        lock (_lock)
        {
            if (_expectations.TryGetValue(key, out var e) && e.DeleteKeys.Remove(podKey)) e.Deletes--;
        }
    }

    /// <summary>The object is gone: forget what was expected for it.</summary>
    public void DeleteExpectations(string key)
    {
        lock (_lock) _expectations.Remove(key);
    }

    private sealed class Expectation
    {
        public int Adds { get; set; }
        public int Deletes { get; set; }
        public DateTimeOffset Timestamp { get; init; }
        public HashSet<string> DeleteKeys { get; } = [];
    }
}
