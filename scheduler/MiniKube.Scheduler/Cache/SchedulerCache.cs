using k8s.Models;
using MiniKube.Scheduler.Framework;
using MiniKube.Scheduler.Plugins.ImageLocality;

namespace MiniKube.Scheduler.Cache;

/// <summary>
/// The scheduler's own view of nodes and the pods on them (upstream <c>cacheImpl</c>). Informers feed it bound pods
/// and nodes; the scheduler adds a pod here ("assumes" it on its node) the moment it decides, before the binding
/// call returns, so the next decision already sees the node's resources as taken and parallel bindings never
/// overcommit a node. When the informer then sees the pod bound, the assumption is confirmed; if binding fails
/// the pod is forgotten; and an assumed pod whose binding finished but never shows up expires after a TTL.
/// Concept: https://kubernetes.io/docs/concepts/scheduling-eviction/kube-scheduler/
/// </summary>
public sealed class SchedulerCache(TimeSpan assumedPodTtl, TimeProvider? timeProvider = null)
{
    private readonly Lock _lock = new();
    private readonly Dictionary<string, NodeInfo> _nodes = new(StringComparer.Ordinal);
    private readonly Dictionary<string, PodState> _pods = new(StringComparer.Ordinal);
    private readonly HashSet<string> _assumed = new(StringComparer.Ordinal);
    private readonly TimeProvider _time = timeProvider ?? TimeProvider.System;
    private bool _nodeSetChanged;

    public int NodeCount
    {
        get { lock (_lock) return _nodes.Values.Count(n => n.Node is not null); }
    }

    public int AssumedPodCount
    {
        get { lock (_lock) return _assumed.Count; }
    }

    public void AddOrUpdateNode(V1Node node)
    {
        lock (_lock)
        {
            if (!_nodes.TryGetValue(node.Metadata.Name, out var info))
            {
                info = new NodeInfo();
                _nodes[node.Metadata.Name] = info;
            }
            if (info.Node is null) _nodeSetChanged = true;
            info.SetNode(node);
            info.SetImageStates(ImageStates(node));
        }
    }

    public void RemoveNode(string name)
    {
        lock (_lock)
        {
            if (!_nodes.TryGetValue(name, out var info)) return;
            // Pods still on it wait for their own delete events; the node itself leaves the snapshot now.
            if (info.Pods.Count == 0) _nodes.Remove(name);
            else info.RemoveNode();
            _nodeSetChanged = true;
        }
    }

    /// <summary>The scheduler decided: count the pod on <paramref name="pod"/>.spec.nodeName now, before binding.</summary>
    public void AssumePod(PodInfo pod)
    {
        lock (_lock)
        {
            if (_pods.ContainsKey(pod.Uid)) throw new InvalidOperationException($"pod {pod.Key} ({pod.Uid}) is in the cache, so can't be assumed");
            AddPodLocked(pod);
            _pods[pod.Uid] = new PodState(pod);
            _assumed.Add(pod.Uid);
        }
    }

    /// <summary>The binding call returned: from now on the assumption may expire if the informer never confirms it.</summary>
    public void FinishBinding(string uid)
    {
        lock (_lock)
        {
            if (_assumed.Contains(uid) && _pods.TryGetValue(uid, out var state)) state.Deadline = _time.GetUtcNow() + assumedPodTtl;
        }
    }

    /// <summary>Binding failed: take the assumed pod off its node again.</summary>
    public void ForgetPod(string uid)
    {
        lock (_lock)
        {
            if (!_assumed.Remove(uid) || !_pods.Remove(uid, out var state)) return;
            RemovePodLocked(state.PodInfo);
        }
    }

    /// <summary>A bound pod seen by the informer: confirms an assumed one, or adds it.</summary>
    public void AddPod(V1Pod pod)
    {
        var info = new PodInfo(pod);
        lock (_lock)
        {
            if (_pods.TryGetValue(info.Uid, out var state))
            {
                // Confirmed: replace the assumed copy with what the API server says (the node could even differ).
                RemovePodLocked(state.PodInfo);
                _assumed.Remove(info.Uid);
            }
            AddPodLocked(info);
            _pods[info.Uid] = new PodState(info);
        }
    }

    public void UpdatePod(V1Pod pod) => AddPod(pod);

    public void RemovePod(V1Pod pod)
    {
        lock (_lock)
        {
            var uid = pod.Metadata.Uid ?? "";
            if (!_pods.Remove(uid, out var state)) return;
            _assumed.Remove(uid);
            RemovePodLocked(state.PodInfo);
        }
    }

    public bool IsAssumed(string uid)
    {
        lock (_lock) return _assumed.Contains(uid);
    }

    /// <summary>Drops assumed pods whose binding finished more than the TTL ago without the informer confirming them.</summary>
    public IReadOnlyList<string> CleanupExpiredAssumedPods()
    {
        var expired = new List<string>();
        lock (_lock)
        {
            var now = _time.GetUtcNow();
            foreach (var uid in _assumed)
            {
                if (_pods[uid].Deadline is { } deadline && deadline < now) expired.Add(uid);
            }
            foreach (var uid in expired)
            {
                _assumed.Remove(uid);
                if (_pods.Remove(uid, out var state)) RemovePodLocked(state.PodInfo);
            }
        }
        return expired;
    }

    /// <summary>
    /// Brings <paramref name="snapshot"/> up to date (upstream <c>UpdateSnapshot</c>): only NodeInfos whose generation
    /// is newer than the snapshot's are copied, so a cycle after one binding copies one node, not all of them.
    /// </summary>
    public void UpdateSnapshot(Snapshot snapshot)
    {
        lock (_lock)
        {
            var changed = false;
            var maxGeneration = snapshot.Generation;
            foreach (var (name, info) in _nodes)
            {
                if (info.Generation <= snapshot.Generation) continue;
                maxGeneration = Math.Max(maxGeneration, info.Generation);
                changed = true;
                if (info.Node is null) snapshot.NodeInfoMap.Remove(name);
                else snapshot.NodeInfoMap[name] = info.Clone();
            }
            if (_nodeSetChanged)
            {
                foreach (var name in snapshot.NodeInfoMap.Keys.Where(n => !_nodes.TryGetValue(n, out var i) || i.Node is null).ToList())
                {
                    snapshot.NodeInfoMap.Remove(name);
                }
                // Node order is fixed (by name) so that Filter's round-robin start index means the same node each time.
                snapshot.NodeInfoList = [.. snapshot.NodeInfoMap.Values.OrderBy(n => n.Name, StringComparer.Ordinal)];
                _nodeSetChanged = false;
                changed = true;
            }
            else if (changed)
            {
                var list = snapshot.NodeInfoList;
                for (var i = 0; i < list.Count; i++) list[i] = snapshot.NodeInfoMap[list[i].Name];
            }
            if (changed)
            {
                snapshot.HavePodsWithAffinityList.Clear();
                snapshot.HavePodsWithRequiredAntiAffinityList.Clear();
                foreach (var n in snapshot.NodeInfoList)
                {
                    if (n.PodsWithAffinity.Count > 0) snapshot.HavePodsWithAffinityList.Add(n);
                    if (n.PodsWithRequiredAntiAffinity.Count > 0) snapshot.HavePodsWithRequiredAntiAffinityList.Add(n);
                }
            }
            snapshot.Generation = maxGeneration;
        }
    }

    private void AddPodLocked(PodInfo pod)
    {
        var nodeName = pod.Pod.Spec.NodeName ?? "";
        if (!_nodes.TryGetValue(nodeName, out var info))
        {
            // The pod's node is not known yet (its add event may come later): keep the pod on a placeholder.
            info = new NodeInfo();
            _nodes[nodeName] = info;
        }
        info.AddPod(pod);
    }

    private void RemovePodLocked(PodInfo pod)
    {
        var nodeName = pod.Pod.Spec.NodeName ?? "";
        if (!_nodes.TryGetValue(nodeName, out var info)) return;
        info.RemovePod(pod.Uid);
        if (info.Node is null && info.Pods.Count == 0) _nodes.Remove(nodeName);
    }

    // Upstream difference: NumNodes (how many nodes share an image) is counted when the node is added, not kept
    // up to date as other nodes come and go.
    private Dictionary<string, ImageStateSummary> ImageStates(V1Node node)
    {
        var states = new Dictionary<string, ImageStateSummary>(StringComparer.Ordinal);
        foreach (var image in node.Status?.Images ?? [])
        {
            foreach (var name in image.Names ?? [])
            {
                var normalized = ImageLocality.NormalizedImageName(name);
                var numNodes = 1 + _nodes.Values.Count(n => n.Node != node && n.ImageStates.ContainsKey(normalized));
                states[normalized] = new ImageStateSummary(image.SizeBytes ?? 0, numNodes);
            }
        }
        return states;
    }

    private sealed class PodState(PodInfo podInfo)
    {
        public PodInfo PodInfo { get; } = podInfo;
        public DateTimeOffset? Deadline { get; set; }
    }
}
