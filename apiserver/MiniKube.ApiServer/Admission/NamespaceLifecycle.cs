using MiniKube.ApiMachinery.Errors;
using MiniKube.ApiServer.Pipeline;
using MiniKube.ApiServer.Registry;
using MiniKube.ApiServer.Registry.Resources;

namespace MiniKube.ApiServer.Admission;

/// <summary>
/// NamespaceLifecycle: refuses to create objects in a namespace that does not exist or is being deleted, and
/// refuses to delete the namespaces the system needs (default, kube-system, kube-public).
/// Concept: https://kubernetes.io/docs/reference/access-authn-authz/admission-controllers/#namespacelifecycle
/// </summary>
public sealed class NamespaceLifecycle(RegistryStore store) : IValidatingAdmissionPlugin
{
    public const string PluginName = "NamespaceLifecycle";

    private static readonly HashSet<string> Immortal = ["default", "kube-system", "kube-public"];

    public string Name => PluginName;

    public bool Handles(AdmissionOperation operation) => operation is AdmissionOperation.Create or AdmissionOperation.Delete;

    public async Task ValidateAsync(ApiRequest request, CancellationToken cancellationToken)
    {
        var resource = request.Resource!;
        if (request.Operation == AdmissionOperation.Delete)
        {
            if (resource == Namespaces.Definition && Immortal.Contains(request.Info.Name))
            {
                throw new StatusException(StatusErrors.Forbidden(
                    $"namespaces \"{request.Info.Name}\" is forbidden: this namespace may not be deleted", "namespaces"));
            }
            return;
        }
        if (!resource.Namespaced || request.Object?.Metadata?.NamespaceProperty is not { Length: > 0 } ns) return;
        var found = await store.GetAsync(Namespaces.Definition, null, ns, cancellationToken);
        if (found is null) throw new StatusException(StatusErrors.NotFound("", "namespaces", ns));
        if (found.Metadata.DeletionTimestamp is not null && resource != Events.Definition)
        {
            throw new StatusException(StatusErrors.Forbidden(
                $"{StatusErrors.Qualified(resource.Group, resource.Plural)} \"{request.Object.Metadata.Name}\" is forbidden: unable to create new content in namespace {ns} because it is being terminated",
                resource.Plural));
        }
    }
}
