using MiniKube.Cli.Client;
using MiniKube.Cli.Discovery;

namespace MiniKube.Cli.Commands;

/// <summary>
/// Reads the arguments of <c>get</c>, <c>describe</c> and <c>delete</c> the way kubectl's resource builder does:
/// <c>TYPE[,TYPE…] [NAME…]</c> (<c>get pods,deploy</c>, <c>get po web-1 web-2</c>), <c>TYPE/NAME …</c>
/// (<c>get deploy/web pod/solo</c>), and categories such as <c>all</c>.
/// Concept: https://kubernetes.io/docs/reference/kubectl/#syntax
/// </summary>
public static class ResourceArgs
{
    public static IReadOnlyList<ResourceRequest> Parse(IReadOnlyList<string> args, RestMapper mapper)
    {
        if (args.Count == 0) return [];
        if (args.Any(a => a.Contains('/', StringComparison.Ordinal)))
        {
            if (args.Any(a => !a.Contains('/', StringComparison.Ordinal)))
            {
                throw new CliException("there is no need to specify a resource type as a separate argument when passing arguments in " +
                    "resource/name form (e.g. 'minictl get resource/<resource_name>' instead of 'minictl get resource resource/<resource_name>'");
            }
            return [.. args.Select(a =>
            {
                var slash = a.IndexOf('/', StringComparison.Ordinal);
                var name = a[(slash + 1)..];
                if (name.Length == 0) throw new CliException($"arguments in resource/name form must have a single resource and name: \"{a}\"");
                return new ResourceRequest(mapper.ResourceFor(a[..slash]), name);
            })];
        }

        var types = TypesOf(args[0], mapper);
        var names = args.Skip(1).ToList();
        if (names.Count == 0) return [.. types.Select(t => new ResourceRequest(t, null))];
        return [.. types.SelectMany(t => names.Select(n => new ResourceRequest(t, n)))];
    }

    /// <summary>"pods,deploy" or "all": the resource types, in the order given, each once.</summary>
    private static List<ApiResource> TypesOf(string list, RestMapper mapper)
    {
        var types = new List<ApiResource>();
        foreach (var word in list.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            // A category (all) stands for every resource that lists it; a real type of the same name would win.
            var expanded = mapper.IsCategory(word) && !IsType(word, mapper) ? mapper.Category(word.ToLowerInvariant()) : [mapper.ResourceFor(word)];
            foreach (var type in expanded)
            {
                if (!types.Contains(type)) types.Add(type);
            }
        }
        return types;
    }

    private static bool IsType(string word, RestMapper mapper)
    {
        try
        {
            mapper.ResourceFor(word);
            return true;
        }
        catch (CliException)
        {
            return false;
        }
    }
}
