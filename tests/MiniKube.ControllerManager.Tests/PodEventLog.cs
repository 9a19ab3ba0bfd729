using k8s;
using k8s.Models;
using MiniKube.ApiMachinery.Client;
using MiniKube.Testing;

namespace MiniKube.ControllerManager.Tests;

/// <summary>
/// Watches the Pods of one namespace from before a test acts and keeps every change in order, so a test can check
/// the order a controller did things in ("web-1 appeared only after web-0 was Ready") from what the API server
/// streamed, not from polling.
/// </summary>
internal sealed class PodEventLog : IAsyncDisposable
{
    private readonly Lock _lock = new();
    private readonly List<Entry> _entries = [];
    private readonly Informer<V1Pod> _informer;
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _run;

    private PodEventLog(Kubernetes client, string ns)
    {
        _informer = new Informer<V1Pod>(client, ns);
        _informer.AddEventHandler(new ResourceEventHandler<V1Pod>
        {
            OnAdd = pod => Record("ADDED", pod),
            OnUpdate = (_, pod) => Record("MODIFIED", pod),
            OnDelete = pod => Record("DELETED", pod),
        });
        _run = Task.Run(() => _informer.RunAsync(_stop.Token));
    }

    public static async Task<PodEventLog> StartAsync(Kubernetes client, string ns)
    {
        var log = new PodEventLog(client, ns);
        await log._informer.WaitForCacheSyncAsync(CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(30));
        return log;
    }

    public sealed record Entry(string Type, string Name, bool Ready, V1Pod Pod);

    public IReadOnlyList<Entry> Entries
    {
        get { lock (_lock) return [.. _entries]; }
    }

    /// <summary>The pods the cache holds now.</summary>
    public IReadOnlyList<V1Pod> Pods => _informer.Indexer.List();

    /// <summary>The position of the first entry matching <paramref name="match"/>, or -1.</summary>
    public int IndexOf(Func<Entry, bool> match)
    {
        var entries = Entries;
        for (var i = 0; i < entries.Count; i++) if (match(entries[i])) return i;
        return -1;
    }

    private void Record(string type, V1Pod pod)
    {
        var ready = pod.Status?.Conditions?.Any(c => c.Type == "Ready" && c.Status == "True") == true;
        lock (_lock) _entries.Add(new Entry(type, pod.Metadata.Name, ready, pod));
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        try { await _run; } catch (OperationCanceledException) { }
        _stop.Dispose();
    }
}

/// <summary>The Events a controller recorded in a namespace, as `kubectl get events` lists them.</summary>
internal static class EventsIn
{
    public static async Task<IReadOnlyList<Corev1Event>> ListAsync(Kubernetes client, string ns) =>
        (await client.CoreV1.ListNamespacedEventAsync(ns)).Items.ToList();

    /// <summary>Waits until an Event with this reason and message exists (Events are written after the action).</summary>
    public static Task<Corev1Event> WaitForAsync(Kubernetes client, string ns, string reason, string message, string? type = null) =>
        Eventually.UntilAsync(async () => (await ListAsync(client, ns))
                .FirstOrDefault(e => e.Reason == reason && e.Message == message && (type is null || e.Type == type)),
            TimeSpan.FromSeconds(30), $"Event {reason} \"{message}\" in {ns}");
}
