using System.CommandLine;
using System.Text.Json.Nodes;
using MiniKube.Cli.Client;
using MiniKube.Cli.Discovery;

namespace MiniKube.Cli.Commands;

/// <summary>
/// <c>minictl delete</c>: deletes objects named on the command line (<c>delete deploy web</c>, <c>delete pod/solo</c>),
/// selected by label (<c>-l app=web</c>, <c>--all</c>), or described in files (<c>-f</c>). Like kubectl, it then
/// waits until each object is really gone: finalizers or graceful termination can keep it for a while.
/// Concept: https://kubernetes.io/docs/concepts/overview/working-with-objects/#object-management
/// </summary>
public static class DeleteCommand
{
    private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(200);

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
            var mapper = await context.MapperAsync(cancellationToken);
            var client = new DynamicClient(context.Client);
            var errors = new List<Exception>();
            var targets = await TargetsAsync(context, parse, files, parse.GetValue(args) ?? [], parse.GetValue(selector), parse.GetValue(all),
                mapper, client, errors, cancellationToken);

            var deleted = new List<(ApiResource Resource, string? Namespace, string Name)>();
            foreach (var (resource, ns, name, source) in targets)
            {
                try
                {
                    await client.DeleteAsync(resource, ns, name, cancellationToken);
                    // Upstream difference: kubectl 1.33 adds "from <namespace> namespace" to this line.
                    await context.Out.WriteLineAsync($"{resource.KindDotGroup} \"{name}\" deleted");
                    deleted.Add((resource, ns, name));
                }
                catch (ApiException ex) when (ex.IsNotFound && parse.GetValue(ignoreNotFound))
                {
                }
                catch (ApiException ex)
                {
                    errors.Add(source is null ? ex : ex.WithContext($"error when deleting \"{source}\""));
                }
            }
            if (parse.GetValue(wait))
            {
                foreach (var (resource, ns, name) in deleted) await WaitUntilGoneAsync(client, resource, ns, name, cancellationToken);
            }
            foreach (var error in errors) await context.Err.WriteAsync(ErrorPrinter.Format(error, context.Verbosity));
            return errors.Count == 0 ? 0 : 1;
        });
        return command;
    }

    /// <summary>The objects to delete, each with the file it came from (null for command-line arguments).</summary>
    private static async Task<List<(ApiResource Resource, string? Namespace, string Name, string? Source)>> TargetsAsync(CliContext context,
        ParseResult parse, FilenameOptions files, string[] args, string? selector, bool all, Discovery.RestMapper mapper, DynamicClient client,
        List<Exception> errors, CancellationToken cancellationToken)
    {
        var targets = new List<(ApiResource, string?, string, string?)>();
        if (files.Paths(parse).Count > 0)
        {
            if (args.Length > 0) throw new CliException("cannot specify both resource arguments and -f");
            foreach (var manifest in files.Read(parse, context))
            {
                try
                {
                    var target = ResolvedManifest.Resolve(manifest, mapper, context);
                    targets.Add((target.Resource, target.Namespace, manifest.Name, manifest.Source));
                }
                catch (CliException ex)
                {
                    errors.Add(ex);
                }
            }
            return targets;
        }

        var requests = ResourceArgs.Parse(args, mapper);
        if (requests.Count == 0) throw new CliException("You must provide one or more resources by argument or filename.");
        foreach (var request in requests)
        {
            var ns = request.Resource.Namespaced ? context.Namespace : null;
            if (request.Name is not null)
            {
                targets.Add((request.Resource, ns, request.Name, null));
                continue;
            }
            // A type without names needs --all or -l: deleting a whole collection by accident is too easy otherwise.
            if (!all && string.IsNullOrEmpty(selector))
            {
                throw new CliException("resource(s) were provided, but no name was specified");
            }
            var list = await client.ListAsync(request.Resource, ns, new ListOptions(selector), ApiClient.JsonAccept, cancellationToken);
            foreach (var item in (list["items"] as JsonArray ?? []).OfType<JsonObject>())
            {
                targets.Add((request.Resource, ns, (string?)item["metadata"]?["name"] ?? "", null));
            }
        }
        if (targets.Count == 0 && errors.Count == 0) await context.Err.WriteLineAsync("No resources found");
        return targets;
    }

    /// <summary>
    /// Polls until the object is gone (404).
    /// Upstream difference: kubectl waits with a watch filtered to the object's name; polling is simpler to follow.
    /// </summary>
    private static async Task WaitUntilGoneAsync(DynamicClient client, ApiResource resource, string? ns, string name, CancellationToken cancellationToken)
    {
        while (true)
        {
            try
            {
                await client.GetAsync(resource, ns, name, ApiClient.JsonAccept, cancellationToken);
            }
            catch (ApiException ex) when (ex.IsNotFound)
            {
                return;
            }
            await Task.Delay(PollInterval, cancellationToken);
        }
    }
}
