using System.CommandLine;
using System.Text.Json.Nodes;
using MiniKube.Cli.Client;
using MiniKube.Cli.Describe;

namespace MiniKube.Cli.Commands;

/// <summary>
/// <c>minictl describe</c>: a readable page per object with its main fields and the Events about it. A name that
/// matches no object exactly describes every object whose name starts with it (<c>describe pod web</c> shows all
/// of web's pods), as kubectl does.
/// Concept: https://kubernetes.io/docs/reference/kubectl/generated/kubectl_describe/
/// </summary>
public static class DescribeCommand
{
    public static Command Create(GlobalOptions globals)
    {
        var args = new Argument<string[]>("TYPE [NAME_PREFIX...] | TYPE/NAME...")
        {
            Description = "What to describe: a type (every object of it), a type and names or name prefixes, or type/name pairs.",
            Arity = ArgumentArity.OneOrMore,
        };
        var selector = new Option<string>("--selector", "-l") { Description = "Describe the objects that match this label selector." };
        var allNamespaces = new Option<bool>("--all-namespaces", "-A") { Description = "Describe matching objects in every namespace." };
        var command = new Command("describe", "Show details of a specific resource or group of resources") { args, selector, allNamespaces };

        CommandRunner.SetAction(command, globals, async (context, parse, cancellationToken) =>
        {
            var mapper = await context.MapperAsync(cancellationToken);
            var client = new DynamicClient(context.Client);
            var requests = ResourceArgs.Parse(parse.GetValue(args) ?? [], mapper);
            var ns = parse.GetValue(allNamespaces) ? null : context.Namespace;
            var errors = new List<Exception>();
            var first = true;
            foreach (var request in requests)
            {
                IReadOnlyList<JsonObject> objects;
                try
                {
                    objects = await FindAsync(client, request, ns, parse.GetValue(selector), cancellationToken);
                }
                catch (ApiException ex)
                {
                    errors.Add(ex);
                    continue;
                }
                foreach (var obj in objects)
                {
                    var page = await Describers.For(request.Resource).DescribeAsync(context.Client, obj, cancellationToken);
                    await context.Out.WriteAsync(first ? page : "\n\n" + page);
                    first = false;
                }
            }
            if (first && errors.Count == 0)
            {
                await context.Err.WriteLineAsync(ns is null ? "No resources found" : $"No resources found in {ns} namespace.");
            }
            foreach (var error in errors) await context.Err.WriteAsync(ErrorPrinter.Format(error, context.Verbosity));
            return errors.Count == 0 ? 0 : 1;
        });
        return command;
    }

    /// <summary>The named object; failing that, the objects whose names start with the name; or the whole (selected) list.</summary>
    private static async Task<IReadOnlyList<JsonObject>> FindAsync(DynamicClient client, ResourceRequest request, string? ns, string? selector,
        CancellationToken cancellationToken)
    {
        var objectNamespace = request.Resource.Namespaced ? ns : null;
        ApiException? notFound = null;
        if (request.Name is not null)
        {
            try
            {
                return [await client.GetAsync(request.Resource, objectNamespace, request.Name, ApiClient.JsonAccept, cancellationToken)];
            }
            catch (ApiException ex) when (ex.IsNotFound)
            {
                notFound = ex;
            }
        }
        var list = await client.ListAsync(request.Resource, objectNamespace, new ListOptions(selector), ApiClient.JsonAccept, cancellationToken);
        var items = (list["items"] as JsonArray ?? []).OfType<JsonObject>()
            .Where(item => request.Name is null || ((string?)item["metadata"]?["name"] ?? "").StartsWith(request.Name, StringComparison.Ordinal))
            .ToList();
        if (items.Count == 0 && notFound is not null) throw notFound;
        return items;
    }
}
