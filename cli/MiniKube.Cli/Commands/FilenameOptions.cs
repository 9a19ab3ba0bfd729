using System.CommandLine;
using MiniKube.Cli.Client;
using MiniKube.Cli.Discovery;
using MiniKube.Cli.Manifests;

namespace MiniKube.Cli.Commands;

/// <summary>
/// <c>-f FILE|DIR|-</c> (repeatable) and <c>-R</c>: where apply, create and delete read their objects.
/// Concept: https://kubernetes.io/docs/concepts/overview/working-with-objects/object-management/
/// </summary>
public sealed class FilenameOptions
{
    public FilenameOptions(string purpose)
    {
        Filenames = new Option<string[]>("--filename", "-f")
        {
            Description = $"The files that contain the objects {purpose}: a file, a directory of .yaml/.yml/.json files, or - for stdin.",
            AllowMultipleArgumentsPerToken = false,
        };
        Recursive = new Option<bool>("--recursive", "-R") { Description = "Process the directories given with -f recursively." };
    }

    public Option<string[]> Filenames { get; }

    public Option<bool> Recursive { get; }

    public void AddTo(Command command)
    {
        command.Options.Add(Filenames);
        command.Options.Add(Recursive);
    }

    /// <summary>The paths given (kubectl also accepts a comma-separated list in one -f).</summary>
    public IReadOnlyList<string> Paths(ParseResult parse) =>
        [.. (parse.GetValue(Filenames) ?? []).SelectMany(f => f.Split(',', StringSplitOptions.RemoveEmptyEntries))];

    public IReadOnlyList<Manifest> Read(ParseResult parse, CliContext context) =>
        ManifestReader.Read(Paths(parse), parse.GetValue(Recursive), context.In);
}

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
