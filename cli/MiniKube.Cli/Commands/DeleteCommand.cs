using System.CommandLine;
using System.Text.Json.Nodes;
using MiniKube.Cli.Client;
using MiniKube.Cli.Discovery;
using MiniKube.Cli.Manifests;

namespace MiniKube.Cli.Commands;

/// <summary>
/// <c>minictl delete</c>: deletes objects named on the command line (<c>delete deploy web</c>, <c>delete pod/solo</c>),
/// selected by label (<c>-l app=web</c>, <c>--all</c>), or described in files (<c>-f</c>). Like kubectl, it then
/// waits until each object is really gone: finalizers or graceful termination can keep it for a while.
/// Concept: https://kubernetes.io/docs/concepts/overview/working-with-objects/#object-management
/// </summary>
public sealed class DeleteCommand
{
    private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(200);

    private readonly CliContext _context;
    private readonly DynamicClient _client;
    private readonly Settings _settings;

    private DeleteCommand(CliContext context, Settings settings)
    {
        _context = context;
        _client = new DynamicClient(context.Client);
        _settings = settings;
    }

    /// <summary>The flags of <c>delete</c>, with kubectl's names.</summary>
    private sealed record Settings(string[] Args, bool FromFiles, string? LabelSelector, bool All, bool IgnoreNotFound, bool Wait);

    /// <summary>One object to delete, and the file it came from (null for command-line arguments).</summary>
    private sealed record Target(ApiResource Resource, string? Namespace, string Name, string? Source);

    public static Command Create(GlobalOptions globals)
    {
        var files = new FilenameOptions("to delete");
        var args = new Argument<string[]>("TYPE [NAME...] | TYPE/NAME...")
        {
            Description = "What to delete: a type and names, or type/name pairs.",
            Arity = ArgumentArity.ZeroOrMore,
        };
        var selector = new Option<string>("--selector", "-l") { Description = "Delete the objects of the given type that match this label selector." };
        var all = new Option<bool>("--all") { Description = "Delete every object of the given type in the namespace." };
        var ignoreNotFound = new Option<bool>("--ignore-not-found") { Description = "Treat an object that does not exist as deleted." };
        var wait = new Option<bool>("--wait")
        {
            Description = "Wait until the objects are gone before returning (finalizers can keep an object for a while).",
            DefaultValueFactory = _ => true,
        };
        var command = new Command("delete", "Delete resources by file names, stdin, resources and names, or by resources and label selector")
        {
            args, selector, all, ignoreNotFound, wait,
        };
        files.AddTo(command);

        CommandRunner.SetAction(command, globals, async (context, parse, cancellationToken) =>
        {
            var settings = new Settings(parse.GetValue(args) ?? [], files.Paths(parse).Count > 0, parse.GetValue(selector), parse.GetValue(all),
                parse.GetValue(ignoreNotFound), parse.GetValue(wait));
            var delete = new DeleteCommand(context, settings);
            var errors = new List<Exception>();
            var targets = settings.FromFiles
                ? await delete.TargetsFromFilesAsync(files.Read(parse, context), errors, cancellationToken)
                : await delete.TargetsFromArgsAsync(cancellationToken);
            return await delete.RunAsync(targets, errors, cancellationToken);
        });
        return command;
    }

    private async Task<int> RunAsync(List<Target> targets, List<Exception> errors, CancellationToken cancellationToken)
    {
        var deleted = new List<Target>();
        foreach (var target in targets)
        {
            try
            {
                await _client.DeleteAsync(target.Resource, target.Namespace, target.Name, cancellationToken);
                await _context.Out.WriteLineAsync($"{target.Resource.KindDotGroup} \"{target.Name}\" deleted");
                deleted.Add(target);
            }
            catch (ApiException ex) when (ex.IsNotFound && _settings.IgnoreNotFound)
            {
                // --ignore-not-found: a missing object is not an error.
            }
            catch (ApiException ex)
            {
                errors.Add(target.Source is null ? ex : ex.WithContext($"error when deleting \"{target.Source}\""));
            }
        }
        if (_settings.Wait)
        {
            foreach (var target in deleted) await WaitUntilGoneAsync(target, cancellationToken);
        }
        foreach (var error in errors) await _context.Err.WriteAsync(ErrorPrinter.Format(error, _context.Verbosity));
        return errors.Count == 0 ? 0 : 1;
    }

    private async Task<List<Target>> TargetsFromFilesAsync(IReadOnlyList<Manifest> manifests, List<Exception> errors, CancellationToken cancellationToken)
    {
        if (_settings.Args.Length > 0) throw new CliException("cannot specify both resource arguments and -f");
        var mapper = await _context.MapperAsync(cancellationToken);
        var targets = new List<Target>();
        foreach (var manifest in manifests)
        {
            try
            {
                var resolved = ResolvedManifest.Resolve(manifest, mapper, _context);
                targets.Add(new Target(resolved.Resource, resolved.Namespace, manifest.Name, manifest.Source));
            }
            catch (CliException ex)
            {
                errors.Add(ex);
            }
        }
        return targets;
    }

    private async Task<List<Target>> TargetsFromArgsAsync(CancellationToken cancellationToken)
    {
        var requests = ResourceArgs.Parse(_settings.Args, await _context.MapperAsync(cancellationToken));
        if (requests.Count == 0) throw new CliException("You must provide one or more resources by argument or filename.");
        var targets = new List<Target>();
        foreach (var request in requests)
        {
            var ns = request.Resource.Namespaced ? _context.Namespace : null;
            if (request.Name is not null)
            {
                targets.Add(new Target(request.Resource, ns, request.Name, null));
                continue;
            }
            // A type without names needs --all or -l: deleting a whole collection by accident is too easy otherwise.
            if (!_settings.All && string.IsNullOrEmpty(_settings.LabelSelector))
            {
                throw new CliException("resource(s) were provided, but no name was specified");
            }
            var list = await _client.ListAsync(request.Resource, ns, new ListOptions(_settings.LabelSelector), ApiClient.JsonAccept, cancellationToken);
            foreach (var item in (list["items"] as JsonArray ?? []).OfType<JsonObject>())
            {
                targets.Add(new Target(request.Resource, ns, (string?)item["metadata"]?["name"] ?? "", null));
            }
        }
        if (targets.Count == 0) await _context.Err.WriteLineAsync("No resources found");
        return targets;
    }

    /// <summary>
    /// Polls until the object is gone (404).
    /// Upstream difference: kubectl waits with a watch filtered to the object's name; polling is simpler to follow.
    /// </summary>
    private async Task WaitUntilGoneAsync(Target target, CancellationToken cancellationToken)
    {
        while (true)
        {
            try
            {
                await _client.GetAsync(target.Resource, target.Namespace, target.Name, ApiClient.JsonAccept, cancellationToken);
            }
            catch (ApiException ex) when (ex.IsNotFound)
            {
                return;
            }
            await Task.Delay(PollInterval, cancellationToken);
        }
    }
}
