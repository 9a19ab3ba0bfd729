using System.Text.Json.Nodes;
using k8s;
using k8s.Models;
using MiniKube.ApiMachinery.Errors;
using MiniKube.ApiServer.Patch;
using MiniKube.ApiServer.Pipeline;
using MiniKube.ApiServer.Registry;

namespace MiniKube.ApiServer.Endpoints;

public sealed partial class ResourceHandler
{
    /// <summary>
    /// POST pods/&lt;name&gt;/binding: how the scheduler assigns a Pod to a Node. Sets spec.nodeName exactly once
    /// (a second binding is a 409), records the PodScheduled condition and clears status.nominatedNodeName: a bound
    /// pod's nomination (from preemption) is spent, and kube-apiserver clears it here since 1.34 (KEP-5278).
    /// Concept: https://kubernetes.io/docs/concepts/scheduling-eviction/kube-scheduler/#kube-scheduler-implementation
    /// </summary>
    private async Task BindAsync(HttpContext context, RequestInfo info, ResourceDefinition resource, string ns)
    {
        var body = await RequestBody.ReadBytesAsync(context);
        var json = RequestBody.DecodeObject(body, RequestBody.MediaType(context), "Binding");
        V1Binding binding;
        try
        {
            binding = KubernetesJson.Deserialize<V1Binding>(json.ToJsonString());
        }
        catch (System.Text.Json.JsonException ex)
        {
            throw new StatusException(StatusErrors.BadRequest($"the object provided is unrecognized (must be of type Binding): {ex.Message}"));
        }
        if (binding.Target?.Name is not { Length: > 0 } node)
        {
            throw new StatusException(StatusErrors.Invalid("", "Binding", info.Name, [FieldError.Required("target.name")]));
        }
        await pipeline.RunAsync(new ApiRequest { Info = info, Resource = resource }, context.RequestAborted);
        var current = await store.GetExistingAsync(resource, ns, info.Name, context.RequestAborted);
        var pod = (V1Pod)ObjectCodec.Clone(current);
        if (pod.Metadata.DeletionTimestamp is not null)
        {
            throw new StatusException(StatusErrors.Conflict("", "pods", info.Name, "pod is being deleted, cannot be assigned to a host"));
        }
        if (!string.IsNullOrEmpty(pod.Spec.NodeName))
        {
            throw new StatusException(StatusErrors.Conflict("", "pods/binding", info.Name, $"pod {info.Name} is already assigned to node \"{pod.Spec.NodeName}\""));
        }
        pod.Spec.NodeName = node;
        pod.Status ??= new V1PodStatus();
        pod.Status.NominatedNodeName = null;
        pod.Status.Conditions = (pod.Status.Conditions ?? []).Where(c => c.Type != "PodScheduled").Append(new V1PodCondition
        {
            Type = "PodScheduled",
            Status = "True",
            LastTransitionTime = DateTime.UtcNow.Truncate(),
        }).ToList();
        if (!IsDryRun(context)) await store.UpdateAsync(resource, pod, Revision(current), context.RequestAborted);
        Log.Bound(logger, Key(pod), node);
        await ResponseWriter.WriteObjectAsync(context, StatusErrors.Success("", "pods", info.Name, null), 201);
    }

    /// <summary>GET …/scale: the autoscaling/v1 Scale view of a workload (kubectl scale reads and writes this).</summary>
    private async Task GetScaleAsync(HttpContext context, ResourceDefinition resource, string ns, string name)
    {
        var current = await store.GetExistingAsync(resource, ns, name, context.RequestAborted);
        await ResponseWriter.WriteObjectAsync(context, ToScale(current), 200);
    }

    private async Task UpdateScaleAsync(HttpContext context, RequestInfo info, ResourceDefinition resource, string ns)
    {
        var body = await RequestBody.ReadBytesAsync(context);
        var json = RequestBody.DecodeObject(body, RequestBody.MediaType(context), "Scale");
        await ApplyScaleAsync(context, info, resource, ns, _ => json);
    }

    private Task PatchScaleAsync(HttpContext context, RequestInfo info, ResourceDefinition resource, string ns, JsonNode patch, string patchType) =>
        ApplyScaleAsync(context, info, resource, ns, scale => patchType switch
        {
            JsonPatchType => ApplyOrInvalid(resource, info.Name, () => JsonPatch.Apply(scale, patch)),
            _ => ApplyOrInvalid(resource, info.Name, () => JsonMergePatch.Apply(scale, patch)),
        });

    /// <summary>Reads the Scale, lets <paramref name="change"/> produce the wanted one, and writes spec.replicas back.</summary>
    private async Task ApplyScaleAsync(HttpContext context, RequestInfo info, ResourceDefinition resource, string ns, Func<JsonObject, JsonObject> change)
    {
        var current = await store.GetExistingAsync(resource, ns, info.Name, context.RequestAborted);
        var wanted = change(ToJson(ToScale(current)));
        if (wanted["metadata"]?["resourceVersion"]?.GetValue<string>() is { Length: > 0 } rv && rv != current.Metadata.ResourceVersion)
        {
            throw new StatusException(StatusErrors.Conflict(resource.Group, resource.Plural, info.Name));
        }
        var replicas = wanted["spec"]?["replicas"]?.GetValue<int>() ?? 0;
        if (replicas < 0)
        {
            throw new StatusException(StatusErrors.Invalid("autoscaling", "Scale", info.Name, [FieldError.Invalid("spec.replicas", replicas, "must be greater than or equal to 0")]));
        }
        var obj = ObjectCodec.Clone(current);
        var spec = obj.GetType().GetProperty("Spec")!.GetValue(obj)!;
        spec.GetType().GetProperty("Replicas")!.SetValue(spec, replicas);
        var updated = await UpdateObjectAsync(context, info with { Subresource = "" }, resource, obj, current, null, IsDryRun(context));
        await ResponseWriter.WriteObjectAsync(context, ToScale(updated), 200);
    }

    private static V1Scale ToScale(IKubernetesObject<V1ObjectMeta> obj)
    {
        // Every scalable workload has spec.replicas, spec.selector and status.replicas; read them by name.
        var spec = obj.GetType().GetProperty("Spec")?.GetValue(obj);
        var status = obj.GetType().GetProperty("Status")?.GetValue(obj);
        var selector = spec?.GetType().GetProperty("Selector")?.GetValue(spec) as V1LabelSelector;
        var specReplicas = spec?.GetType().GetProperty("Replicas")?.GetValue(spec) as int?;
        var statusReplicas = status?.GetType().GetProperty("Replicas")?.GetValue(status) as int?;
        return new V1Scale
        {
            ApiVersion = "autoscaling/v1",
            Kind = "Scale",
            Metadata = new V1ObjectMeta
            {
                Name = obj.Metadata.Name,
                NamespaceProperty = obj.Metadata.NamespaceProperty,
                Uid = obj.Metadata.Uid,
                ResourceVersion = obj.Metadata.ResourceVersion,
                CreationTimestamp = obj.Metadata.CreationTimestamp,
            },
            Spec = new V1ScaleSpec { Replicas = specReplicas ?? 1 },
            Status = new V1ScaleStatus
            {
                Replicas = statusReplicas ?? 0,
                Selector = selector is null ? null : Registry.Resources.WorkloadColumns.Format(selector).Replace("<none>", "", StringComparison.Ordinal),
            },
        };
    }
}
