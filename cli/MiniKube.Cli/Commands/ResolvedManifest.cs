using MiniKube.Cli.Client;
using MiniKube.Cli.Discovery;
using MiniKube.Cli.Manifests;

namespace MiniKube.Cli.Commands;

/// <summary>A manifest matched to its resource type and the namespace it goes to (null for cluster-scoped types).</summary>
public sealed record ResolvedManifest(Manifest Manifest, ApiResource Resource, string? Namespace)
{
    /// <summary>
    /// Finds the resource type of a manifest's apiVersion/kind and its namespace: the one in the file, else
    /// <c>-n</c> / the context's. A file naming another namespace than an explicit <c>-n</c> is refused, as kubectl does.
    /// </summary>
    public static ResolvedManifest Resolve(Manifest manifest, RestMapper mapper, CliContext context)
    {
        var resource = mapper.ResourceForKind(manifest.ApiVersion, manifest.Kind)
            ?? throw new CliException($"resource mapping not found for name: \"{manifest.Name}\" namespace: \"{manifest.Namespace}\" " +
                $"from \"{manifest.Source}\": no matches for kind \"{manifest.Kind}\" in version \"{manifest.ApiVersion}\"\n" +
                "ensure CRDs are installed first");
        if (!resource.Namespaced) return new ResolvedManifest(manifest, resource, null);
        if (manifest.Namespace is { } inFile && context.NamespaceIsExplicit && inFile != context.Namespace)
        {
            throw new CliException($"the namespace from the provided object \"{inFile}\" does not match the namespace \"{context.Namespace}\". " +
                $"You must pass '--namespace={inFile}' to perform this operation.");
        }
        return new ResolvedManifest(manifest, resource, manifest.Namespace ?? context.Namespace);
    }
}
