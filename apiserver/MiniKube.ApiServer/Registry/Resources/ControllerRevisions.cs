using k8s.Models;
using static MiniKube.ApiServer.Registry.TableColumn;

namespace MiniKube.ApiServer.Registry.Resources;

/// <summary>
/// ControllerRevisions: immutable snapshots of a StatefulSet's or DaemonSet's pod template, one per revision, which
/// their controllers label pods with (controller-revision-hash) and which <c>kubectl rollout history</c> and
/// <c>kubectl rollout undo</c> read.
/// Concept: https://kubernetes.io/docs/reference/kubernetes-api/workload-resources/controller-revision-v1/
/// </summary>
public static class ControllerRevisions
{
    public static ResourceDefinition Definition { get; } = new()
    {
        Group = "apps",
        Kind = "ControllerRevision",
        Plural = "controllerrevisions",
        Namespaced = true,
        ModelType = typeof(V1ControllerRevision),
        ListModelType = typeof(V1ControllerRevisionList),
        Columns =
        [
            NameColumn(),
            Text("Controller", "Controller of the object", For<V1ControllerRevision>(Controller)),
            Integer("Revision", "Revision indicates the revision of the state represented by Data.", ForInt<V1ControllerRevision>(r => r.Revision ?? 0)),
            AgeColumn(),
        ],
    };

    // As kubectl prints it: the controlling owner as "<kind>.<group>/<name>", e.g. "statefulset.apps/web".
    private static string Controller(V1ControllerRevision revision)
    {
        if (revision.Metadata?.OwnerReferences?.FirstOrDefault(r => r.Controller == true) is not { } owner) return "<none>";
        var slash = owner.ApiVersion?.IndexOf('/', StringComparison.Ordinal) ?? -1;
        var group = slash < 0 ? "" : owner.ApiVersion![..slash];
        var kind = owner.Kind.ToLowerInvariant();
        return (group.Length == 0 ? kind : $"{kind}.{group}") + "/" + owner.Name;
    }
}
