using k8s.Models;
using MiniKube.Scheduler.Framework;

namespace MiniKube.Scheduler.Queue;

/// <summary>
/// The pods waiting to be scheduled (upstream <c>PriorityQueue</c>), in three places:
/// <list type="bullet">
/// <item><b>activeQ</b>: ready now, ordered by the QueueSort plugin (PrioritySort: priority, then time queued).</item>
/// <item><b>backoffQ</b>: failed recently; each waits 1s, doubling per attempt up to 10s, then goes back to activeQ.</item>
/// <item><b>unschedulablePods</b>: did not fit anywhere; they stay until a cluster event that could help them
/// (a node added, a pod deleted, …, as registered by the plugins that rejected them) moves them back, or 5 minutes
/// pass.</item>
/// </list>
/// Concept: https://kubernetes.io/docs/concepts/scheduling-eviction/scheduling-framework/#scheduling-cycle-binding-cycle
/// Upstream difference: no QueueingHint functions; an event moves a pod when the event kind matches one a rejecting
/// plugin registered. An event that arrives while a pod is being scheduled is remembered with upstream's older
/// "moveRequestCycle" rule: that pod then goes to backoffQ instead of unschedulablePods.
/// </summary>
public sealed class SchedulingQueue : IDisposable
{
    /// <summary>Upstream podMaxInUnschedulablePodsDuration: an unschedulable pod is retried at least this often.</summary>
    public static readonly TimeSpan PodMaxInUnschedulablePodsDuration = TimeSpan.FromMinutes(5);

    private readonly Lock _lock = new();
    private readonly SemaphoreSlim _signal = new(0);
    private readonly PriorityQueue<QueuedPodInfo, QueuedPodInfo> _activeQ;
    private readonly Dictionary<string, QueuedPodInfo> _active = new(StringComparer.Ordinal);
    private readonly PriorityQueue<QueuedPodInfo, DateTime> _backoffQ = new();
    private readonly Dictionary<string, QueuedPodInfo> _backoff = new(StringComparer.Ordinal);
    private readonly Dictionary<string, QueuedPodInfo> _unschedulable = new(StringComparer.Ordinal);
    private readonly Func<string, IReadOnlyList<ClusterEvent>> _eventsOfPlugin;
    private readonly TimeProvider _time;
    private long _schedulingCycle;
    private long _moveRequestCycle = -1;

    /// <param name="less">The QueueSort plugin's Less.</param>
    /// <param name="eventsOfPlugin">The events a plugin registered (IEnqueueExtensions), by plugin name.</param>
    public SchedulingQueue(Func<QueuedPodInfo, QueuedPodInfo, bool> less, Func<string, IReadOnlyList<ClusterEvent>> eventsOfPlugin,
        TimeSpan? podInitialBackoff = null, TimeSpan? podMaxBackoff = null, TimeProvider? timeProvider = null)
    {
        _activeQ = new PriorityQueue<QueuedPodInfo, QueuedPodInfo>(Comparer<QueuedPodInfo>.Create((a, b) => less(a, b) ? -1 : less(b, a) ? 1 : 0));
        _eventsOfPlugin = eventsOfPlugin;
        PodInitialBackoff = podInitialBackoff ?? TimeSpan.FromSeconds(1);
        PodMaxBackoff = podMaxBackoff ?? TimeSpan.FromSeconds(10);
        _time = timeProvider ?? TimeProvider.System;
    }

    public TimeSpan PodInitialBackoff { get; }
    public TimeSpan PodMaxBackoff { get; }

    /// <summary>How many times Pop has handed out a pod; a failed pod is requeued with the cycle it was popped in.</summary>
    public long SchedulingCycle
    {
        get { lock (_lock) return _schedulingCycle; }
    }

    public (int Active, int Backoff, int Unschedulable) Counts
    {
        get { lock (_lock) return (_active.Count, _backoff.Count, _unschedulable.Count); }
    }

    private DateTime Now => _time.GetUtcNow().UtcDateTime;

    /// <summary>A new pending pod (from the informer): straight to activeQ.</summary>
    public void Add(V1Pod pod)
    {
        lock (_lock)
        {
            var uid = Uid(pod);
            if (_active.ContainsKey(uid) || _backoff.ContainsKey(uid) || _unschedulable.ContainsKey(uid)) return;
            PushActiveLocked(new QueuedPodInfo(new PodInfo(pod), Now));
        }
    }

    /// <summary>
    /// The pending pod changed. In activeQ/backoffQ it is updated in place; an unschedulable pod is moved out, since
    /// its own change (new tolerations, smaller requests) may be what it needed.
    /// </summary>
    public void Update(V1Pod pod)
    {
        lock (_lock)
        {
            var uid = Uid(pod);
            if (_active.TryGetValue(uid, out var qpi) || _backoff.TryGetValue(uid, out qpi))
            {
                qpi.PodInfo = new PodInfo(pod);
                return;
            }
            if (_unschedulable.Remove(uid, out qpi))
            {
                qpi.PodInfo = new PodInfo(pod);
                MoveLocked(qpi);
                return;
            }
        }
        // Not queued at all (e.g. it is being scheduled right now): the failure path requeues it.
    }

    public void Delete(V1Pod pod)
    {
        lock (_lock)
        {
            var uid = Uid(pod);
            _active.Remove(uid);
            _backoff.Remove(uid);
            _unschedulable.Remove(uid);
        }
    }

    /// <summary>Waits for the next pod to schedule: the head of activeQ (highest priority, then oldest).</summary>
    public async Task<QueuedPodInfo> PopAsync(CancellationToken cancellationToken)
    {
        while (true)
        {
            await _signal.WaitAsync(cancellationToken);
            lock (_lock)
            {
                if (!_activeQ.TryDequeue(out var qpi, out _)) continue;
                var uid = qpi.PodInfo.Uid;
                // Entries replaced or deleted since they were pushed are skipped (lazy deletion from the heap).
                if (!_active.TryGetValue(uid, out var current) || !ReferenceEquals(current, qpi)) continue;
                _active.Remove(uid);
                qpi.Attempts++;
                _schedulingCycle++;
                return qpi;
            }
        }
    }

    /// <summary>
    /// The pod did not fit (or failed). Normally it waits in unschedulablePods for a helpful event; if such an event
    /// came while it was being scheduled (or it failed with an error), it goes to backoffQ at once.
    /// </summary>
    public void AddUnschedulableIfNotPresent(QueuedPodInfo qpi, long podSchedulingCycle)
    {
        lock (_lock)
        {
            var uid = qpi.PodInfo.Uid;
            if (_active.ContainsKey(uid) || _backoff.ContainsKey(uid) || _unschedulable.ContainsKey(uid)) return;
            qpi.Timestamp = Now;
            if (qpi.LastFailureWasError || _moveRequestCycle >= podSchedulingCycle || qpi.UnschedulablePlugins.Count == 0) PushBackoffLocked(qpi);
            else _unschedulable[uid] = qpi;
        }
    }

    /// <summary>
    /// A cluster event happened: every unschedulable pod that a plugin rejected, where that plugin registered this
    /// kind of event, is moved to backoffQ (still backing off) or activeQ.
    /// </summary>
    public void MoveAllToActiveOrBackoffQueue(ClusterEvent clusterEvent)
    {
        lock (_lock)
        {
            foreach (var (uid, qpi) in _unschedulable.ToList())
            {
                if (!clusterEvent.Equals(ClusterEvent.UnschedulableTimeout) && !PodMatchesEvent(qpi, clusterEvent)) continue;
                _unschedulable.Remove(uid);
                MoveLocked(qpi);
            }
            _moveRequestCycle = _schedulingCycle;
        }
    }

    /// <summary>Run every second: pods whose back-off is over go to activeQ (upstream flushBackoffQCompleted).</summary>
    public void FlushBackoffQCompleted()
    {
        lock (_lock)
        {
            var now = Now;
            while (_backoffQ.TryPeek(out var qpi, out var expiry) && expiry <= now)
            {
                _backoffQ.Dequeue();
                if (!_backoff.TryGetValue(qpi.PodInfo.Uid, out var current) || !ReferenceEquals(current, qpi)) continue;
                _backoff.Remove(qpi.PodInfo.Uid);
                PushActiveLocked(qpi);
            }
        }
    }

    /// <summary>Run every 30 seconds: pods unschedulable for 5 minutes are retried anyway (upstream flushUnschedulablePodsLeftover).</summary>
    public void FlushUnschedulablePodsLeftover()
    {
        lock (_lock)
        {
            var now = Now;
            foreach (var (uid, qpi) in _unschedulable.ToList())
            {
                if (now - qpi.Timestamp <= PodMaxInUnschedulablePodsDuration) continue;
                _unschedulable.Remove(uid);
                MoveLocked(qpi);
            }
        }
    }

    /// <summary>1s × 2^(attempts-1), at most 10s (podInitialBackoffSeconds, podMaxBackoffSeconds).</summary>
    public TimeSpan BackoffDuration(QueuedPodInfo qpi)
    {
        var duration = PodInitialBackoff;
        for (var i = 1; i < qpi.Attempts; i++)
        {
            duration *= 2;
            if (duration >= PodMaxBackoff) return PodMaxBackoff;
        }
        return duration;
    }

    public bool IsInUnschedulable(string uid)
    {
        lock (_lock) return _unschedulable.ContainsKey(uid);
    }

    public bool IsInBackoff(string uid)
    {
        lock (_lock) return _backoff.ContainsKey(uid);
    }

    private bool PodMatchesEvent(QueuedPodInfo qpi, ClusterEvent incoming)
    {
        foreach (var plugin in qpi.UnschedulablePlugins)
        {
            foreach (var registered in _eventsOfPlugin(plugin)) if (registered.Matches(incoming)) return true;
        }
        return false;
    }

    private void MoveLocked(QueuedPodInfo qpi)
    {
        if (qpi.Timestamp + BackoffDuration(qpi) > Now) PushBackoffLocked(qpi);
        else PushActiveLocked(qpi);
    }

    private void PushActiveLocked(QueuedPodInfo qpi)
    {
        _active[qpi.PodInfo.Uid] = qpi;
        _activeQ.Enqueue(qpi, qpi);
        _signal.Release();
    }

    private void PushBackoffLocked(QueuedPodInfo qpi)
    {
        _backoff[qpi.PodInfo.Uid] = qpi;
        _backoffQ.Enqueue(qpi, qpi.Timestamp + BackoffDuration(qpi));
    }

    public void Dispose() => _signal.Dispose();

    private static string Uid(V1Pod pod) => pod.Metadata.Uid ?? $"{pod.Metadata.NamespaceProperty}/{pod.Metadata.Name}";
}
