namespace MiniKube.Scheduler.Framework;

/// <summary>
/// The frozen view of the cluster one scheduling cycle works on (upstream cache <c>Snapshot</c>): a NodeInfo copy per
/// node, in a fixed order. Plugins read only this, so the informers changing the cache meanwhile cannot make a
/// decision inconsistent. The cache refreshes it in place before each cycle, copying only the nodes whose
/// generation moved (see SchedulerCache.UpdateSnapshot), so a cycle does not copy 1,000 nodes to place one pod.
/// </summary>
public sealed class Snapshot
{
    public Snapshot()
    {
    }

    /// <summary>A snapshot of the given nodes, for tests and for preemption's what-if runs.</summary>
    public Snapshot(IEnumerable<NodeInfo> nodes)
    {
        foreach (var node in nodes) NodeInfoMap[node.Name] = node;
        NodeInfoList = [.. NodeInfoMap.Values];
        HavePodsWithAffinityList = [.. NodeInfoList.Where(n => n.PodsWithAffinity.Count > 0)];
        HavePodsWithRequiredAntiAffinityList = [.. NodeInfoList.Where(n => n.PodsWithRequiredAntiAffinity.Count > 0)];
    }

    /// <summary>Node name → its NodeInfo copy.</summary>
    public Dictionary<string, NodeInfo> NodeInfoMap { get; } = new(StringComparer.Ordinal);

    /// <summary>All nodes in the order Filter walks them.</summary>
    public List<NodeInfo> NodeInfoList { get; internal set; } = [];

    /// <summary>Only the nodes with pods that have (anti-)affinity: InterPodAffinity's PreFilter walks these, not all nodes.</summary>
    public List<NodeInfo> HavePodsWithAffinityList { get; internal set; } = [];

    public List<NodeInfo> HavePodsWithRequiredAntiAffinityList { get; internal set; } = [];

    /// <summary>The highest NodeInfo generation copied in.</summary>
    public long Generation { get; internal set; }

    public NodeInfo? Get(string nodeName) => NodeInfoMap.GetValueOrDefault(nodeName);

    public int NumNodes => NodeInfoList.Count;
}
