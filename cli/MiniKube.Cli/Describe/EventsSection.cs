using k8s;
using k8s.Models;
using MiniKube.ApiMachinery.Fields;
using MiniKube.Cli.Client;
using MiniKube.Cli.Printing;

namespace MiniKube.Cli.Describe;

/// <summary>
/// The "Events:" table at the end of a <c>describe</c> page. Events are separate objects that point at the object
/// they are about (<c>involvedObject</c>), so describe lists them with a field selector on that reference, e.g.
/// <c>involvedObject.name=web,involvedObject.namespace=default,involvedObject.kind=Deployment,involvedObject.uid=…</c>.
/// Concept: https://kubernetes.io/docs/reference/kubernetes-api/cluster-resources/event-v1/
/// </summary>
public static class EventsSection
{
    /// <summary>Events about one object. A null namespace searches every namespace (for cluster-scoped objects).</summary>
    public static async Task<IList<Corev1Event>> SearchAsync(ApiClient client, string? ns, IEnumerable<FieldRequirement> involvedObject,
        CancellationToken cancellationToken)
    {
        var selector = string.Join(",", involvedObject);
        var path = ns is null ? "/api/v1/events" : $"/api/v1/namespaces/{Uri.EscapeDataString(ns)}/events";
        var list = await client.GetAsync($"{path}?fieldSelector={Uri.EscapeDataString(selector)}&limit=500", ApiClient.JsonAccept, cancellationToken);
        return KubernetesJson.Deserialize<Corev1EventList>(list.ToJsonString()).Items ?? [];
    }

    /// <summary>The selector terms that identify an object as an event's involvedObject; kind is optional (pods leave it out).</summary>
    public static IEnumerable<FieldRequirement> InvolvedObject(V1ObjectMeta metadata, string? kind)
    {
        yield return new FieldRequirement("involvedObject.name", metadata.Name, Negated: false);
        yield return new FieldRequirement("involvedObject.namespace", metadata.NamespaceProperty ?? "", Negated: false);
        if (kind is not null) yield return new FieldRequirement("involvedObject.kind", kind, Negated: false);
        yield return new FieldRequirement("involvedObject.uid", metadata.Uid ?? "", Negated: false);
    }

    public static void Write(DescribeWriter w, IList<Corev1Event> events)
    {
        if (events.Count == 0)
        {
            w.Line(0, "Events:\t<none>");
            return;
        }
        w.Line(0, "Events:");
        w.Line(1, "Type\tReason\tAge\tFrom\tMessage");
        w.Line(1, "----\t------\t----\t----\t-------");
        // Oldest first, so the story reads top to bottom.
        foreach (var e in events.OrderBy(LastSeen))
        {
            var first = e.EventTime ?? e.FirstTimestamp;
            var age = e.Series is { } series
                ? $"{HumanDuration.Since(series.LastObservedTime)} (x{series.Count} over {HumanDuration.Since(first)})"
                : e.Count > 1
                    ? $"{HumanDuration.Since(e.LastTimestamp)} (x{e.Count} over {HumanDuration.Since(first)})"
                    : HumanDuration.Since(first);
            var from = string.IsNullOrEmpty(e.Source?.Component) ? e.ReportingComponent : e.Source.Component;
            w.Line(1, $"{e.Type}\t{e.Reason}\t{age}\t{from}\t{e.Message?.Trim()}");
        }
    }

    /// <summary>When an event was last seen: lastTimestamp, else eventTime, else its creation (newer events fill only some).</summary>
    public static DateTime LastSeen(Corev1Event e) =>
        e.LastTimestamp ?? e.Series?.LastObservedTime ?? e.EventTime ?? e.FirstTimestamp ?? e.Metadata?.CreationTimestamp ?? DateTime.MinValue;
}
