using System.CommandLine;
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
