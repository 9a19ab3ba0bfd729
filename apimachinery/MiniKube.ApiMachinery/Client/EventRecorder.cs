using System.Globalization;
using System.Text.Json.Nodes;
using k8s;
using k8s.Models;

namespace MiniKube.ApiMachinery.Client;

/// <summary>
/// Writes core/v1 Events about objects, like client-go's <c>record.EventRecorder</c> (with its EventCorrelator):
/// the story <c>kubectl get events</c> and <c>kubectl describe</c> tell ("Scheduled", "SuccessfulCreate", "BackOff").
/// Repeats of the same event (same object, type, reason and message) do not pile up: the first is created, later ones
/// increase its <c>count</c> and move its <c>lastTimestamp</c>, which is why describe shows "x5 over 2m".
/// Events are best-effort: a failure to write one is reported to <see cref="WriteError"/> and never thrown, so it
/// cannot fail the controller's sync.
/// Concept: https://kubernetes.io/docs/reference/kubernetes-api/cluster-resources/event-v1/
/// Upstream difference: client-go writes from a background broadcaster, rate-limits per object (spam filter) and
/// also folds events that differ only in message ("combined from similar events"); we write inline, only
/// aggregate exact repeats, and keep the last 4096 distinct events in memory (client-go's LRU size).
/// </summary>
public sealed class EventRecorder : IDisposable
{
    private const int MaxCachedEvents = 4096;

    private readonly IKubernetes _client;
    private readonly V1EventSource _source;
    private readonly TimeProvider _timeProvider;
    // Serializes writes, so two repeats never race to create the same Event twice.
    private readonly SemaphoreSlim _writeLock = new(1, 1);
    private readonly Dictionary<string, Corev1Event> _seen = [];

    /// <param name="component">Who reports, e.g. "default-scheduler" or "replicaset-controller" (upstream names).</param>
    /// <param name="host">The node, for node-local reporters such as the kubelet.</param>
    public EventRecorder(IKubernetes client, string component, string? host = null, TimeProvider? timeProvider = null)
    {
        _client = client;
        _source = new V1EventSource { Component = component, Host = host };
        _timeProvider = timeProvider ?? TimeProvider.System;
    }

    /// <summary>Called when an Event could not be written (for logging); the caller's work goes on.</summary>
    public event Action<Exception>? WriteError;

    /// <summary>Records that <paramref name="reason"/> happened to <paramref name="obj"/>.</summary>
    /// <param name="type"><see cref="EventType.Normal"/> or <see cref="EventType.Warning"/>.</param>
    /// <param name="reason">A short UpperCamelCase upstream reason, e.g. "SuccessfulCreate".</param>
    public async Task EventAsync(IKubernetesObject<V1ObjectMeta> obj, string type, string reason, string message,
        CancellationToken cancellationToken = default)
    {
        var involved = new V1ObjectReference
        {
            ApiVersion = obj.ApiVersion,
            Kind = obj.Kind,
            Name = obj.Metadata.Name,
            NamespaceProperty = obj.Metadata.NamespaceProperty,
            Uid = obj.Metadata.Uid,
            ResourceVersion = obj.Metadata.ResourceVersion,
        };
        // Events about cluster-scoped objects (nodes) live in "default", as upstream.
        var ns = string.IsNullOrEmpty(involved.NamespaceProperty) ? "default" : involved.NamespaceProperty;
        // Same fields as client-go's getEventKey: everything that makes two events "the same", minus the time.
        var key = string.Join("\n", _source.Component, _source.Host, involved.Kind, involved.NamespaceProperty, involved.Name, involved.Uid,
            involved.ApiVersion, type, reason, message);
        var now = _timeProvider.GetUtcNow().UtcDateTime;

        await _writeLock.WaitAsync(cancellationToken);
        try
        {
            if (_seen.TryGetValue(key, out var previous) && await TryIncrementAsync(previous, now, cancellationToken) is { } updated)
            {
                _seen[key] = updated;
                return;
            }
            var created = await _client.CoreV1.CreateNamespacedEventAsync(new Corev1Event
            {
                // Upstream names events "<object>.<hex nanoseconds>", unique and sortable by time.
                Metadata = new V1ObjectMeta { Name = $"{involved.Name}.{UnixNanoseconds(now):x}", NamespaceProperty = ns },
                InvolvedObject = involved,
                Type = type,
                Reason = reason,
                Message = message,
                Source = _source,
                ReportingComponent = _source.Component,
                ReportingInstance = _source.Host ?? "",
                FirstTimestamp = now,
                LastTimestamp = now,
                Count = 1,
            }, ns, cancellationToken: cancellationToken);
            if (_seen.Count >= MaxCachedEvents) _seen.Clear();
            _seen[key] = created;
        }
        catch (Exception ex) when (!cancellationToken.IsCancellationRequested)
        {
            WriteError?.Invoke(ex);
        }
        finally
        {
            _writeLock.Release();
        }
    }

    // PATCH the existing Event with count+1 and the new lastTimestamp. Null when it is gone (events expire after an
    // hour by default, or someone deleted it): then a new one is created, as upstream does.
    private async Task<Corev1Event?> TryIncrementAsync(Corev1Event previous, DateTime now, CancellationToken cancellationToken)
    {
        var patch = new JsonObject
        {
            ["count"] = (previous.Count ?? 1) + 1,
            ["lastTimestamp"] = now.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture),
        };
        try
        {
            return await _client.CoreV1.PatchNamespacedEventAsync(new V1Patch(patch.ToJsonString(), V1Patch.PatchType.MergePatch),
                previous.Metadata.Name, previous.Metadata.NamespaceProperty, cancellationToken: cancellationToken);
        }
        catch (k8s.Autorest.HttpOperationException ex) when (ex.Response.StatusCode == System.Net.HttpStatusCode.NotFound)
        {
            return null;
        }
    }

    public void Dispose() => _writeLock.Dispose();

    private static long UnixNanoseconds(DateTime utc) => (utc - DateTime.UnixEpoch).Ticks * 100;
}
