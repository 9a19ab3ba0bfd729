using System.Text.Json.Nodes;
using k8s;
using k8s.Models;
using MiniKube.Cli.Client;

namespace MiniKube.Cli.Describe;

/// <summary>
/// <c>describe deployment</c>: desired versus actual replicas, the rollout strategy, the pod template, conditions, and
/// which ReplicaSet is the new one (the rollout's target) and which are old, as kubectl's deployment describer shows.
/// Concept: https://kubernetes.io/docs/concepts/workloads/controllers/deployment/
/// </summary>
public sealed class DeploymentDescriber : IDescriber
{
    public async Task<string> DescribeAsync(ApiClient client, JsonObject obj, CancellationToken cancellationToken)
    {
        var deployment = KubernetesJson.Deserialize<V1Deployment>(obj.ToJsonString());
        var meta = deployment.Metadata;
        var selector = ContainerSection.SelectorText(deployment.Spec.Selector);
        var replicaSets = await ReplicaSetsOfAsync(client, deployment, selector, cancellationToken);
        var events = await EventsSection.SearchAsync(client, meta.NamespaceProperty, EventsSection.InvolvedObject(meta, "Deployment"), cancellationToken);

        var spec = deployment.Spec;
        var status = deployment.Status ?? new V1DeploymentStatus();
        var w = new DescribeWriter();
        w.Line(0, $"Name:\t{meta.Name}");
        w.Line(0, $"Namespace:\t{meta.NamespaceProperty}");
        w.Line(0, $"CreationTimestamp:\t{DescribeWriter.Time(meta.CreationTimestamp)}");
        w.LabelsMultiline("Labels", meta.Labels);
        w.AnnotationsMultiline("Annotations", meta.Annotations);
        w.Line(0, $"Selector:\t{selector}");
        w.Line(0, $"Replicas:\t{spec.Replicas ?? 1} desired | {status.UpdatedReplicas ?? 0} updated | {status.Replicas ?? 0} total | " +
            $"{status.AvailableReplicas ?? 0} available | {status.UnavailableReplicas ?? 0} unavailable");
        w.Line(0, $"StrategyType:\t{spec.Strategy?.Type}");
        w.Line(0, $"MinReadySeconds:\t{spec.MinReadySeconds ?? 0}");
        if (spec.Strategy?.RollingUpdate is { } rollingUpdate)
        {
            w.Line(0, $"RollingUpdateStrategy:\t{rollingUpdate.MaxUnavailable} max unavailable, {rollingUpdate.MaxSurge} max surge");
        }
        ContainerSection.WritePodTemplate(w, spec.Template);
        if (status.Conditions is { Count: > 0 } conditions)
        {
            w.Line(0, "Conditions:");
            w.Line(1, "Type\tStatus\tReason");
            w.Line(1, "----\t------\t------");
            foreach (var condition in conditions) w.Line(1, $"{condition.Type} \t{condition.Status}\t{condition.Reason}");
        }
        var newReplicaSet = replicaSets.FirstOrDefault(rs => SameTemplate(rs, deployment));
        // Old ReplicaSets still worth showing are the ones that still have replicas to scale down.
        var oldReplicaSets = replicaSets.Where(rs => rs != newReplicaSet && (rs.Spec.Replicas ?? 0) != 0).ToList();
        // kubectl 1.33 leaves both lines out while the Deployment has no ReplicaSet at all.
        if (newReplicaSet is not null || oldReplicaSets.Count > 0)
        {
            w.Line(0, $"OldReplicaSets:\t{ReplicaSetList(oldReplicaSets)}");
            w.Line(0, $"NewReplicaSet:\t{ReplicaSetList(newReplicaSet is null ? [] : [newReplicaSet])}");
        }
        EventsSection.Write(w, events);
        return w.ToString();
    }

    // The ReplicaSets this Deployment controls: listed by its selector, then kept only if their controller
    // ownerReference points at this Deployment's uid (another Deployment could use an overlapping selector).
    private static async Task<List<V1ReplicaSet>> ReplicaSetsOfAsync(ApiClient client, V1Deployment deployment, string selector,
        CancellationToken cancellationToken)
    {
        var ns = Uri.EscapeDataString(deployment.Metadata.NamespaceProperty ?? "default");
        var list = await client.GetAsync($"/apis/apps/v1/namespaces/{ns}/replicasets?labelSelector={Uri.EscapeDataString(selector)}&limit=500",
            ApiClient.JsonAccept, cancellationToken);
        var replicaSets = KubernetesJson.Deserialize<V1ReplicaSetList>(list.ToJsonString()).Items ?? [];
        return [.. replicaSets.Where(rs => rs.Metadata.OwnerReferences?.Any(o => o.Controller == true && o.Uid == deployment.Metadata.Uid) == true)];
    }

    // The new ReplicaSet is the one whose pod template equals the Deployment's, ignoring the pod-template-hash label
    // the Deployment controller adds to it.
    private static bool SameTemplate(V1ReplicaSet replicaSet, V1Deployment deployment)
    {
        var fromReplicaSet = JsonNode.Parse(KubernetesJson.Serialize(replicaSet.Spec.Template));
        var fromDeployment = JsonNode.Parse(KubernetesJson.Serialize(deployment.Spec.Template));
        foreach (var template in new[] { fromReplicaSet, fromDeployment })
        {
            if (template?["metadata"]?["labels"] is JsonObject labels)
            {
                labels.Remove("pod-template-hash");
                if (labels.Count == 0) ((JsonObject)template["metadata"]!).Remove("labels");
            }
        }
        return JsonNode.DeepEquals(fromReplicaSet, fromDeployment);
    }

    private static string ReplicaSetList(IEnumerable<V1ReplicaSet> replicaSets)
    {
        var text = string.Join(", ", replicaSets.Select(rs => $"{rs.Metadata.Name} ({rs.Status?.Replicas ?? 0}/{rs.Spec.Replicas ?? 0} replicas created)"));
        return text.Length == 0 ? DescribeWriter.None : text;
    }
}
