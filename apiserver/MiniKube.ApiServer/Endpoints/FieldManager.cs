using System.Text.Json.Nodes;
using k8s;
using k8s.Models;
using MiniKube.ApiServer.Patch;
using MiniKube.ApiServer.Registry;

namespace MiniKube.ApiServer.Endpoints;

/// <summary>
/// Keeps <c>metadata.managedFields</c> up to date on every write, so server-side apply knows who owns which field.
/// The field-set logic lives in <see cref="ManagedFields"/> and <see cref="ServerSideApply"/>; this class only
/// converts between the typed objects the handlers use and the JSON those work on.
/// Concept: https://kubernetes.io/docs/reference/using-api/server-side-apply/#field-management
/// </summary>
public static class FieldManager
{
    public static IKubernetesObject<V1ObjectMeta> RecordUpdate(ResourceDefinition resource, IKubernetesObject<V1ObjectMeta>? old,
        IKubernetesObject<V1ObjectMeta> updated, string manager)
    {
        var result = ManagedFields.RecordUpdate(old is null ? null : ToJson(old), ToJson(updated), manager, resource.GroupVersion,
            DateTimeOffset.UtcNow, resource.ModelType);
        // Only metadata.managedFields changed: read back just that list, not the whole object.
        var managedFields = result["metadata"]?["managedFields"];
        updated.Metadata.ManagedFields = managedFields is null ? null : KubernetesJson.Deserialize<List<V1ManagedFieldsEntry>>(managedFields.ToJsonString());
        return updated;
    }

    private static JsonObject ToJson(IKubernetesObject<V1ObjectMeta> obj) => (JsonObject)JsonNode.Parse(ObjectCodec.Serialize(obj))!;
}
