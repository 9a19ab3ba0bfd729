using k8s;
using k8s.Models;
using MiniKube.ApiMachinery.Client;
using MiniKube.ControllerManager.Pods;

namespace MiniKube.ControllerManager.Tests.Deployment;

/// <summary>
/// Watches a namespace's pods and checks a rule at every step the API server reports (each watch event, in
/// resourceVersion order), not just at the end: "never more than replicas+maxSurge pods", "no new pod while an old
/// one still exists". A rule returns a message when it is broken; every broken step is kept for the assertion.
/// </summary>
public sealed class PodWatcher : IAsyncDisposable
{
    private readonly Informer<V1Pod> _informer;
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _run;
    private readonly Lock _lock = new();
    private readonly List<Func<IReadOnlyList<V1Pod>, string?>> _rules = [];
    private readonly List<string> _violations = [];

    public PodWatcher(Kubernetes client, string ns)
    {
        _informer = new Informer<V1Pod>(client, ns);
        _informer.AddEventHandler(new ResourceEventHandler<V1Pod> { OnAdd = _ => Check(), OnUpdate = (_, _) => Check(), OnDelete = _ => Check() });
        _run = Task.Run(() => _informer.RunAsync(_stop.Token));
    }

    public int Steps { get; private set; }

    public IReadOnlyList<string> Violations
    {
        get { lock (_lock) return [.. _violations]; }
    }

    public Task WaitForCacheSyncAsync() => _informer.WaitForCacheSyncAsync(CancellationToken.None);

    /// <summary>Checks <paramref name="rule"/> now and after every later event.</summary>
    public void Add(Func<IReadOnlyList<V1Pod>, string?> rule)
    {
        lock (_lock) _rules.Add(rule);
        Check();
    }

    /// <summary>Pods that count: not finished and not terminating.</summary>
    public static List<V1Pod> Active(IEnumerable<V1Pod> pods) => [.. pods.Where(PodConditions.IsPodActive)];

    private void Check()
    {
        var pods = _informer.Indexer.List();
        lock (_lock)
        {
            Steps++;
            foreach (var rule in _rules)
            {
                if (rule(pods) is { } violation) _violations.Add($"step {Steps}: {violation}");
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        try { await _run; } catch (OperationCanceledException) { }
        _stop.Dispose();
    }
}
