using k8s;
using k8s.Models;
using static MiniKube.ApiServer.Registry.TableColumn;

namespace MiniKube.ApiServer.Registry.Resources;

/// <summary>
/// PersistentVolumeClaims: a Pod's request for storage, bound to a PersistentVolume.
/// Concept: https://kubernetes.io/docs/concepts/storage/persistent-volumes/
/// </summary>
public static class PersistentVolumeClaims
{
    public static ResourceDefinition Definition { get; } = new()
    {
        Group = "",
        Kind = "PersistentVolumeClaim",
        Plural = "persistentvolumeclaims",
        Namespaced = true,
        ModelType = typeof(V1PersistentVolumeClaim),
        ListModelType = typeof(V1PersistentVolumeClaimList),
        ShortNames = ["pvc"],
        Subresources = ["status"],
        Columns =
        [
            NameColumn(),
            Text("Status", "Phase represents the current phase of PersistentVolumeClaim.", For<V1PersistentVolumeClaim>(c => c.Status?.Phase ?? "Pending")),
            Text("Volume", "VolumeName is the binding reference to the PersistentVolume backing this claim.", For<V1PersistentVolumeClaim>(c => c.Spec?.VolumeName ?? "")),
            Text("Capacity", "Capacity represents the actual resources of the underlying volume.",
                For<V1PersistentVolumeClaim>(c => c.Status?.Capacity is { } cap && cap.TryGetValue("storage", out var q) ? q.ToString() : "")),
            Text("Access Modes", "AccessModes contains the desired access modes the volume should have.",
                For<V1PersistentVolumeClaim>(c => string.Join(",", (c.Status?.AccessModes ?? []).Select(m => m switch { "ReadWriteOnce" => "RWO", "ReadOnlyMany" => "ROX", "ReadWriteMany" => "RWX", "ReadWriteOncePod" => "RWOP", _ => m })))),
            Text("StorageClass", "StorageClassName is the name of the StorageClass required by the claim.", For<V1PersistentVolumeClaim>(c => c.Spec?.StorageClassName ?? "<unset>")),
            Text("VolumeAttributesClass", "VolumeAttributesClassName may be used to set the VolumeAttributesClass used by this claim.",
                For<V1PersistentVolumeClaim>(c => c.Spec?.VolumeAttributesClassName ?? "<unset>")),
            AgeColumn(),
            Text("VolumeMode", "VolumeMode defines what type of volume is required by the claim.", For<V1PersistentVolumeClaim>(c => c.Spec?.VolumeMode ?? "Filesystem"), 1),
        ],
    };
}
