namespace MiniKube.Scheduler.Framework;

/// <summary>
/// Why each node was rejected in one cycle (upstream <c>NodeToStatus</c>). Nodes Filter never looked at (PreFilter
/// rejected the pod outright) share <see cref="AbsentNodesStatus"/>.
/// </summary>
public sealed class NodeToStatus
{
    private readonly Dictionary<string, Status> _statuses = new(StringComparer.Ordinal);

    public Status AbsentNodesStatus { get; set; } = Status.UnschedulableAndUnresolvable();

    public int Count => _statuses.Count;

    public void Set(string nodeName, Status status) => _statuses[nodeName] = status;

    public Status Get(string nodeName) => _statuses.TryGetValue(nodeName, out var status) ? status : AbsentNodesStatus;

    public IEnumerable<KeyValuePair<string, Status>> Explicit => _statuses;
}
