using MiniKube.Cli.Client;

namespace MiniKube.Cli.Discovery;

/// <summary>
/// Turns what the user typed into a resource type, as client-go's RESTMapper and kubectl's shortcut expander do:
/// <c>po</c>, <c>pod</c>, <c>pods</c>, <c>Pod</c>, <c>deploy</c>, <c>deployments.apps</c>, <c>deployments.v1.apps</c>
/// all name a resource, and the <c>apiVersion</c> + <c>kind</c> of a manifest name one too. Everything comes from
/// discovery, so a type the server adds later works without changing minictl.
/// Concept: https://kubernetes.io/docs/reference/kubectl/#resource-types
/// </summary>
public sealed class RestMapper(IReadOnlyList<ApiResource> resources)
{
    public IReadOnlyList<ApiResource> Resources { get; } = resources;

    /// <summary>The resource a command-line word names; throws the error kubectl prints for an unknown type.</summary>
    public ApiResource ResourceFor(string typed)
    {
        var word = typed.Trim().ToLowerInvariant();
        // "deployments.apps" names the group; "deployments.v1.apps" names the version too.
        var (name, version, group) = SplitQualifiedName(word);
        var candidates = Resources.Where(r =>
            (group is null || r.Group == group) &&
            (version is null ? r.IsPreferredVersion : r.Version == version));
        // Upstream resolves a plain name through its group priority list; discovery order (core first) plays that part.
        return candidates.FirstOrDefault(r => Matches(r, name))
            ?? (version is not null ? ResourceForGroup(word) : null)
            ?? throw new CliException($"the server doesn't have a resource type \"{typed}\"");
    }

    /// <summary>The resource for a manifest's <c>apiVersion</c> and <c>kind</c>, or null when the server has none.</summary>
    public ApiResource? ResourceForKind(string apiVersion, string kind)
    {
        var slash = apiVersion.IndexOf('/', StringComparison.Ordinal);
        var (group, version) = slash < 0 ? ("", apiVersion) : (apiVersion[..slash], apiVersion[(slash + 1)..]);
        return Resources.FirstOrDefault(r => r.Group == group && r.Version == version && r.Kind == kind);
    }

    /// <summary>The resources in a category, e.g. <c>all</c> for <c>get all</c> (preferred versions only, as kubectl).</summary>
    public IReadOnlyList<ApiResource> Category(string category) =>
        [.. Resources.Where(r => r.IsPreferredVersion && r.Categories.Contains(category))];

    public bool IsCategory(string word) => Resources.Any(r => r.Categories.Contains(word.ToLowerInvariant()));

    // "a.b.c" may be resource.version.group ("deployments.v1.apps") or resource.group ("ingresses.networking.k8s.io").
    private (string Name, string? Version, string? Group) SplitQualifiedName(string word)
    {
        var parts = word.Split('.', 3);
        if (parts.Length == 1) return (word, null, null);
        if (parts.Length == 3 && Resources.Any(r => r.Version == parts[1] && r.Group == parts[2])) return (parts[0], parts[1], parts[2]);
        return (parts[0], null, word[(parts[0].Length + 1)..]);
    }

    // Retry "a.b.c" as resource "a" in group "b.c", for groups whose name starts like a version.
    private ApiResource? ResourceForGroup(string word)
    {
        var dot = word.IndexOf('.', StringComparison.Ordinal);
        var (name, group) = (word[..dot], word[(dot + 1)..]);
        return Resources.FirstOrDefault(r => r.Group == group && r.IsPreferredVersion && Matches(r, name));
    }

    private static bool Matches(ApiResource resource, string name) =>
        resource.Resource == name ||
        resource.SingularName == name ||
        resource.Kind.Equals(name, StringComparison.OrdinalIgnoreCase) ||
        resource.ShortNames.Contains(name);
}
