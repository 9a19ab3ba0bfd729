namespace MiniKube.Scheduler.Framework;

/// <summary>
/// A scheduler plugin (upstream framework <c>Plugin</c>). A plugin implements only the extension points it needs,
/// one small interface each (<see cref="IFilterPlugin"/>, <see cref="IScorePlugin"/>, …), and is named in
/// KubeSchedulerConfiguration by <see cref="Name"/>.
/// Concept: https://kubernetes.io/docs/concepts/scheduling-eviction/scheduling-framework/
/// </summary>
public interface IPlugin
{
    string Name { get; }
}
