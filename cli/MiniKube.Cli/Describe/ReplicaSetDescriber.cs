using System.Text.Json.Nodes;
using k8s;
using k8s.Models;
using MiniKube.Cli.Client;

namespace MiniKube.Cli.Describe;

/// <summary>
/// <c>describe replicaset</c>: how many replicas it has against how many it wants, the phases of its Pods, its pod
/// template, and the Events of the ReplicaSet controller creating and deleting Pods (SuccessfulCreate…).
/// Concept: https://kubernetes.io/docs/concepts/workloads/controllers/replicaset/
/// </summary>
public sealed class ReplicaSetDescriber : IDescriber
{
    public async Task<string> DescribeAsync(ApiClient client, JsonObject obj, CancellationToken cancellationToken)
    {
        var replicaSet = KubernetesJson.Deserialize<V1ReplicaSet>(obj.ToJsonString());
        var meta = replicaSet.Metadata;
        var selector = ContainerSection.SelectorText(replicaSet.Spec.Selector);
        var pods = await PodsOfAsync(client, replicaSet, selector, cancellationToken);
        var events = await EventsSection.SearchAsync(client, meta.NamespaceProperty, EventsSection.InvolvedObject(meta, "ReplicaSet"), cancellationToken);

        var w = new DescribeWriter();
        w.Line(0, $"Name:\t{meta.Name}");
        w.Line(0, $"Namespace:\t{meta.NamespaceProperty}");
        w.Line(0, $"Selector:\t{selector}");
        w.LabelsMultiline("Labels", meta.Labels);
        w.AnnotationsMultiline("Annotations", meta.Annotations);
        if (meta.OwnerReferences?.FirstOrDefault(o => o.Controller == true) is { } owner) w.Line(0, $"Controlled By:\t{owner.Kind}/{owner.Name}");
        w.Line(0, $"Replicas:\t{replicaSet.Status?.Replicas ?? 0} current / {replicaSet.Spec.Replicas ?? 1} desired");
        w.Line(0, $"Pods Status:\t{Count(pods, "Running")} Running / {Count(pods, "Pending")} Waiting / " +
            $"{Count(pods, "Succeeded")} Succeeded / {Count(pods, "Failed")} Failed");
        ContainerSection.WritePodTemplate(w, replicaSet.Spec.Template);
        if (replicaSet.Status?.Conditions is { Count: > 0 } conditions)
        {
            w.Line(0, "Conditions:");
            w.Line(1, "Type\tStatus\tReason");
            w.Line(1, "----\t------\t------");
            foreach (var condition in conditions) w.Line(1, $"{condition.Type} \t{condition.Status}\t{condition.Reason}");
        }
        EventsSection.Write(w, events);
        return w.ToString();
    }

    private static int Count(List<V1Pod> pods, string phase) => pods.Count(p => p.Status?.Phase == phase);

    // The Pods this ReplicaSet owns: selected by its labels, kept if their controller ownerReference is this ReplicaSet.
    private static async Task<List<V1Pod>> PodsOfAsync(ApiClient client, V1ReplicaSet replicaSet, string selector, CancellationToken cancellationToken)
    {
        var ns = Uri.EscapeDataString(replicaSet.Metadata.NamespaceProperty ?? "default");
        var list = await client.GetAsync($"/api/v1/namespaces/{ns}/pods?labelSelector={Uri.EscapeDataString(selector)}&limit=500",
            ApiClient.JsonAccept, cancellationToken);
        var pods = KubernetesJson.Deserialize<V1PodList>(list.ToJsonString()).Items ?? [];
        return [.. pods.Where(p => p.Metadata.OwnerReferences?.Any(o => o.Controller == true && o.Uid == replicaSet.Metadata.Uid) == true)];
    }
}
