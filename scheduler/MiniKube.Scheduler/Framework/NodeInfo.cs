using k8s.Models;

namespace MiniKube.Scheduler.Framework;

/// <summary>
/// Everything the scheduler knows about one node, with the sums precomputed (upstream framework <c>NodeInfo</c>):
/// the Node, the pods on it (bound and assumed), what they request in total, the host ports they use, and the
/// images the node has. Filter plugins compare a pod against these sums instead of walking the node's pods, so a
/// Filter call costs the same however busy the node is.
/// <see cref="Generation"/> grows on every change; the snapshot copies only the nodes that changed since the last
/// cycle.
/// Concept: https://kubernetes.io/docs/concepts/scheduling-eviction/kube-scheduler/
/// </summary>
public sealed class NodeInfo
{
    private static long s_generation;

    public NodeInfo(V1Node? node = null)
    {
        Generation = NextGeneration();
        if (node is not null) SetNode(node);
    }

    public V1Node? Node { get; private set; }

    public string Name => Node?.Metadata.Name ?? "";

    public List<PodInfo> Pods { get; private set; } = [];

    /// <summary>The pods with any (anti-)affinity: InterPodAffinity looks only at these.</summary>
    public List<PodInfo> PodsWithAffinity { get; private set; } = [];

    /// <summary>The pods with required anti-affinity, which may forbid a new pod from joining them.</summary>
    public List<PodInfo> PodsWithRequiredAntiAffinity { get; private set; } = [];

    /// <summary>What the pods here (bound and assumed) request in total.</summary>
    public Resource Requested { get; private set; } = new();

    /// <summary>Same, with defaults for pods that request nothing (scoring uses this so that such pods still spread).</summary>
    public Resource NonZeroRequested { get; private set; } = new();

    /// <summary>The node's status.allocatable.</summary>
    public Resource Allocatable { get; private set; } = new();

    public HashSet<HostPort> UsedPorts { get; private set; } = [];

    /// <summary>Images present on the node (status.images), by every name they go by.</summary>
    public Dictionary<string, ImageStateSummary> ImageStates { get; private set; } = new(StringComparer.Ordinal);

    public long Generation { get; private set; }

    public static long NextGeneration() => Interlocked.Increment(ref s_generation);

    public void SetNode(V1Node node)
    {
        Node = node;
        Allocatable = Resource.From(node.Status?.Allocatable);
        Generation = NextGeneration();
    }

    /// <summary>Forgets the Node object but keeps the pods (their delete events may still be on the way).</summary>
    public void RemoveNode()
    {
        Node = null;
        Generation = NextGeneration();
    }

    public void AddPod(PodInfo pod)
    {
        Pods.Add(pod);
        if (pod.HasAffinity) PodsWithAffinity.Add(pod);
        if (pod.RequiredAntiAffinityTerms.Count > 0) PodsWithRequiredAntiAffinity.Add(pod);
        Update(pod, +1);
    }

    /// <summary>Removes the pod with <paramref name="uid"/>; false when it is not here.</summary>
    public bool RemovePod(string uid)
    {
        var index = Pods.FindIndex(p => p.Uid == uid);
        if (index < 0) return false;
        var pod = Pods[index];
        Pods.RemoveAt(index);
        PodsWithAffinity.RemoveAll(p => p.Uid == uid);
        PodsWithRequiredAntiAffinity.RemoveAll(p => p.Uid == uid);
        Update(pod, -1);
        return true;
    }

    private void Update(PodInfo pod, int sign)
    {
        Requested.Add(pod.Request, sign);
        // The pod itself counts against the node's "pods" capacity.
        Requested.AllowedPodNumber += sign;
        NonZeroRequested.Add(pod.NonZeroRequest, sign);
        NonZeroRequested.AllowedPodNumber += sign;
        foreach (var port in pod.HostPorts)
        {
            if (sign > 0) UsedPorts.Add(port);
            else UsedPorts.Remove(port);
        }
        Generation = NextGeneration();
    }

    /// <summary>
    /// A copy for a snapshot or a preemption what-if: the lists and sums are copied (cheap: a few pods per node),
    /// the pods and the Node themselves are shared (nobody modifies them).
    /// </summary>
    public NodeInfo Clone() => new(null)
    {
        Node = Node,
        Pods = [.. Pods],
        PodsWithAffinity = [.. PodsWithAffinity],
        PodsWithRequiredAntiAffinity = [.. PodsWithRequiredAntiAffinity],
        Requested = Requested.Clone(),
        NonZeroRequested = NonZeroRequested.Clone(),
        Allocatable = Allocatable.Clone(),
        UsedPorts = [.. UsedPorts],
        ImageStates = ImageStates,
        Generation = Generation,
    };

    /// <summary>Used by the cache when the node's images (or how many nodes share them) change.</summary>
    public void SetImageStates(Dictionary<string, ImageStateSummary> states)
    {
        ImageStates = states;
        Generation = NextGeneration();
    }

    public override string ToString() => $"{Name}: {Pods.Count} pods, requested {Requested}, allocatable {Allocatable}";
}

/// <summary>An image on a node: its size, and on how many nodes it is (ImageLocality prefers images many nodes lack less).</summary>
public sealed record ImageStateSummary(long Size, int NumNodes);
