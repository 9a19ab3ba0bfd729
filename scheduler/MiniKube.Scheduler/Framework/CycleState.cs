namespace MiniKube.Scheduler.Framework;

/// <summary>
/// Scratch space for one scheduling cycle of one pod (upstream <c>CycleState</c>): PreFilter computes something once
/// (the pod's requests, its affinity terms) and writes it here under its plugin's key, and Filter/Score read it for
/// every node. A new CycleState is made for every attempt, so nothing leaks from one pod to the next.
/// Concept: https://kubernetes.io/docs/concepts/scheduling-eviction/scheduling-framework/
/// </summary>
public sealed class CycleState
{
    private readonly Dictionary<string, IStateData> _data = new(StringComparer.Ordinal);

    /// <summary>Plugins whose PreFilter said Skip: their Filter is not called for this pod.</summary>
    public HashSet<string> SkipFilterPlugins { get; } = new(StringComparer.Ordinal);

    /// <summary>Plugins whose PreScore said Skip: their Score is not called for this pod.</summary>
    public HashSet<string> SkipScorePlugins { get; } = new(StringComparer.Ordinal);

    public void Write(string key, IStateData value) => _data[key] = value;

    public bool TryRead<T>(string key, out T value) where T : class, IStateData
    {
        if (_data.TryGetValue(key, out var found) && found is T typed)
        {
            value = typed;
            return true;
        }
        value = null!;
        return false;
    }

    /// <summary>Reads what a PreFilter/PreScore wrote; a missing entry is a scheduler bug, reported as an Error status.</summary>
    public T Read<T>(string key) where T : class, IStateData =>
        TryRead<T>(key, out var value) ? value : throw new InvalidOperationException($"error reading \"{key}\" from cycleState: not found");

    /// <summary>A deep copy, for preemption's what-if runs (they add and remove pods in the copy's state).</summary>
    public CycleState Clone()
    {
        var copy = new CycleState();
        foreach (var (key, value) in _data) copy._data[key] = value.Copy();
        copy.SkipFilterPlugins.UnionWith(SkipFilterPlugins);
        copy.SkipScorePlugins.UnionWith(SkipScorePlugins);
        return copy;
    }
}

/// <summary>One plugin's entry in the <see cref="CycleState"/>.</summary>
public interface IStateData
{
    IStateData Copy();
}
