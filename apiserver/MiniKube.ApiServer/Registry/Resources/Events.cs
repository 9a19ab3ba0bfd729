using k8s;
using k8s.Models;
using MiniKube.ApiMachinery.Errors;
using static MiniKube.ApiServer.Registry.TableColumn;

namespace MiniKube.ApiServer.Registry.Resources;

/// <summary>
/// Events: what happened to an object (Scheduled, Pulled, Started…), written by every component so that
/// <c>kubectl get events</c> and <c>kubectl describe</c> tell the story.
/// Concept: https://kubernetes.io/docs/reference/kubernetes-api/cluster-resources/event-v1/
/// </summary>
public static class Events
{
    public static ResourceDefinition Definition { get; } = new()
    {
        Group = "",
        Kind = "Event",
        Plural = "events",
        Namespaced = true,
        ModelType = typeof(Corev1Event),
        ListModelType = typeof(Corev1EventList),
        ShortNames = ["ev"],
        Strategy = new EventStrategy(),
        Columns =
        [
            Text("Last Seen", "Time when this Event was last observed.", For<Corev1Event>(e => HumanDuration.Since(LastSeen(e), DateTime.UtcNow))),
            Text("Type", "Type of this event (Normal, Warning), new types could be added in the future.", For<Corev1Event>(e => e.Type ?? "")),
            Text("Reason", "This should be a short, machine understandable string that gives the reason for this event being generated.",
                For<Corev1Event>(e => e.Reason ?? "")),
            Text("Object", "The object that this event is about.",
                For<Corev1Event>(e => $"{e.InvolvedObject?.Kind?.ToLowerInvariant()}/{e.InvolvedObject?.Name}")),
            Text("Subobject", "The subobject that this event is about.", For<Corev1Event>(e => e.InvolvedObject?.FieldPath ?? ""), 1),
            Text("Source", "The component reporting this event. Should be a short machine understandable string.", For<Corev1Event>(Source), 1),
            Text("Message", "A human-readable description of the status of this operation.", For<Corev1Event>(e => e.Message ?? "")),
            Text("First Seen", "The time at which the event was first recorded.",
                For<Corev1Event>(e => HumanDuration.Since(e.FirstTimestamp ?? e.EventTime ?? e.Metadata.CreationTimestamp, DateTime.UtcNow)), 1),
            Integer("Count", "The number of times this event has occurred.", ForInt<Corev1Event>(e => e.Count ?? 1), 1),
            Text("Name", "Name must be unique within a namespace.", For<Corev1Event>(e => e.Metadata.Name), 1),
        ],
        SelectableFields = new Dictionary<string, Func<IKubernetesObject<V1ObjectMeta>, string?>>
        {
            ["involvedObject.kind"] = o => (o as Corev1Event)?.InvolvedObject?.Kind,
            ["involvedObject.namespace"] = o => (o as Corev1Event)?.InvolvedObject?.NamespaceProperty,
            ["involvedObject.name"] = o => (o as Corev1Event)?.InvolvedObject?.Name,
            ["involvedObject.uid"] = o => (o as Corev1Event)?.InvolvedObject?.Uid,
            ["involvedObject.apiVersion"] = o => (o as Corev1Event)?.InvolvedObject?.ApiVersion,
            ["involvedObject.resourceVersion"] = o => (o as Corev1Event)?.InvolvedObject?.ResourceVersion,
            ["involvedObject.fieldPath"] = o => (o as Corev1Event)?.InvolvedObject?.FieldPath,
            ["reason"] = o => (o as Corev1Event)?.Reason,
            ["reportingComponent"] = o => (o as Corev1Event)?.ReportingComponent ?? "",
            ["source"] = o => (o as Corev1Event)?.Source?.Component,
            ["type"] = o => (o as Corev1Event)?.Type,
        },
    };

    public static DateTime? LastSeen(Corev1Event e) =>
        e.Series?.LastObservedTime ?? e.LastTimestamp ?? e.EventTime ?? e.Metadata.CreationTimestamp;

    private static string Source(Corev1Event e)
    {
        var component = e.Source?.Component ?? e.ReportingComponent ?? "";
        var host = e.Source?.Host ?? e.ReportingInstance;
        return string.IsNullOrEmpty(host) ? component : $"{component}, {host}";
    }

    private sealed class EventStrategy : ResourceStrategy
    {
        public override IEnumerable<FieldError> Validate(IKubernetesObject<V1ObjectMeta> obj)
        {
            var e = (Corev1Event)obj;
            if (e.InvolvedObject is null) yield return FieldError.Required("involvedObject");
            else if (!string.IsNullOrEmpty(e.InvolvedObject.NamespaceProperty) && e.InvolvedObject.NamespaceProperty != e.Metadata.NamespaceProperty)
            {
                yield return FieldError.Invalid("involvedObject.namespace", e.InvolvedObject.NamespaceProperty, "does not match event.namespace");
            }
        }
    }
}
