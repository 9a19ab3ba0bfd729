using System.CommandLine;
using System.Globalization;
using System.Text.Json.Nodes;
using MiniKube.Cli.Client;
using MiniKube.Cli.Discovery;
using MiniKube.Cli.Printing;

namespace MiniKube.Cli.Commands;

/// <summary>
/// <c>minictl get</c>: lists or fetches objects and prints them as the server's table (default, <c>-o wide</c>), as
/// YAML or JSON, or as <c>type/name</c> (<c>-o name</c>); <c>-w</c> keeps watching and prints each change as a row.
/// Concept: https://kubernetes.io/docs/reference/kubectl/generated/kubectl_get/
/// </summary>
public sealed class GetCommand
{
    private static readonly string[] OutputFormats = ["json", "name", "wide", "yaml"];

    private readonly CliContext _context;
    private readonly DynamicClient _client;
    private readonly Settings _settings;

    private GetCommand(CliContext context, Settings settings)
    {
        _context = context;
        _client = new DynamicClient(context.Client);
        _settings = settings;
    }

    /// <summary>The flags of <c>get</c>, with kubectl's names.</summary>
    private sealed record Settings(string[] Args, string Output, bool Watch, bool AllNamespaces, string? LabelSelector, string? FieldSelector,
        bool NoHeaders, bool IgnoreNotFound);

    public static Command Create(GlobalOptions globals)
    {
        var args = new Argument<string[]>("TYPE[.VERSION][.GROUP] [NAME...] | TYPE/NAME...")
        {
            Description = "What to get: a type (pods, po, deploy, deployments.apps, all), optionally names; or type/name pairs.",
            Arity = ArgumentArity.ZeroOrMore,
        };
        var output = new Option<string>("--output", "-o") { Description = "Output format: json, yaml, wide or name (default: the server's table)." };
        var watch = new Option<bool>("--watch", "-w") { Description = "After listing the objects, watch for changes and print each one as a row." };
        var allNamespaces = new Option<bool>("--all-namespaces", "-A") { Description = "List objects in every namespace, with a NAMESPACE column." };
        var selector = new Option<string>("--selector", "-l") { Description = "Label selector to filter on, e.g. -l app=web,tier!=db." };
        var fieldSelector = new Option<string>("--field-selector") { Description = "Field selector to filter on, e.g. --field-selector status.phase=Running." };
        var noHeaders = new Option<bool>("--no-headers") { Description = "Print table rows without the header line." };
        var ignoreNotFound = new Option<bool>("--ignore-not-found") { Description = "Treat a named object that does not exist as success." };

        var command = new Command("get", "Display one or many resources")
        {
            args, output, watch, allNamespaces, selector, fieldSelector, noHeaders, ignoreNotFound,
        };
        CommandRunner.SetAction(command, globals, (context, parse, cancellationToken) =>
        {
            var settings = new Settings(parse.GetValue(args) ?? [], parse.GetValue(output) ?? "", parse.GetValue(watch),
                parse.GetValue(allNamespaces), parse.GetValue(selector), parse.GetValue(fieldSelector), parse.GetValue(noHeaders),
                parse.GetValue(ignoreNotFound));
            return new GetCommand(context, settings).RunAsync(cancellationToken);
        });
        return command;
    }

    private async Task<int> RunAsync(CancellationToken cancellationToken)
    {
        if (_settings.Output.Length > 0 && !OutputFormats.Contains(_settings.Output))
        {
            throw new CliException($"unable to match a printer suitable for the output format \"{_settings.Output}\", " +
                $"allowed formats are: {string.Join(",", OutputFormats)}");
        }
        var mapper = await _context.MapperAsync(cancellationToken);
        var requests = ResourceArgs.Parse(_settings.Args, mapper);
        if (requests.Count == 0)
        {
            throw new CliException("You must specify the type of resource to get. Use \"minictl get all\" or a type such as pods, deployments, events.");
        }
        if (_settings.Watch) return await WatchAsync(requests, cancellationToken);
        return _settings.Output is "" or "wide"
            ? await PrintTablesAsync(requests, cancellationToken)
            : await PrintObjectsAsync(requests, cancellationToken);
    }

    /// <summary>A null namespace means every namespace (-A); cluster-scoped types ignore it anyway.</summary>
    private string? Namespace => _settings.AllNamespaces ? null : _context.Namespace;

    private ListOptions ListOptionsFor(ApiResource resource) =>
        // Full objects in the rows let us sort events by when they were last seen.
        new(_settings.LabelSelector, _settings.FieldSelector, IncludeObject: IsEvent(resource));

    private static bool IsEvent(ApiResource resource) => resource.Kind == "Event";

    /// <summary>
    /// Human-readable output: one table per resource type, NAME prefixed with the type when several types are printed
    /// (<c>pod/web-1</c>, <c>deployment.apps/web</c>), a blank line between tables.
    /// </summary>
    private async Task<int> PrintTablesAsync(IReadOnlyList<ResourceRequest> requests, CancellationToken cancellationToken)
    {
        // Fetch everything first: whether names get a type prefix depends on how many types actually came back.
        var errors = new List<Exception>();
        var tables = new List<(ApiResource Resource, JsonObject Table)>();
        foreach (var request in requests)
        {
            try
            {
                tables.Add((request.Resource, await FetchTableAsync(request, cancellationToken)));
            }
            catch (ApiException ex) when (ex.IsNotFound && _settings.IgnoreNotFound && request.Name is not null)
            {
                // --ignore-not-found: a missing object is not an error.
            }
            catch (ApiException ex)
            {
                errors.Add(ex);
            }
        }
        var withKind = tables.Select(t => t.Resource).Distinct().Count() > 1;

        TablePrinter? printer = null;
        ApiResource? lastResource = null;
        var wroteAnything = false;
        var separatorDue = false;
        void WriteRendered()
        {
            var text = printer?.Render() ?? "";
            if (text.Length == 0) return;
            if (separatorDue) _context.Out.Write('\n');
            separatorDue = false;
            _context.Out.Write(text);
            wroteAnything = true;
        }

        foreach (var (resource, table) in tables)
        {
            if (resource != lastResource)
            {
                WriteRendered();
                separatorDue = lastResource is not null && !_settings.NoHeaders && wroteAnything;
                printer = new TablePrinter(new TablePrintOptions(
                    Wide: _settings.Output == "wide",
                    WithNamespace: _settings.AllNamespaces && resource.Namespaced,
                    KindPrefix: withKind ? resource.KindDotGroup : null,
                    NoHeaders: _settings.NoHeaders));
                lastResource = resource;
            }
            printer!.Add(table);
        }
        WriteRendered();

        if (!wroteAnything && errors.Count == 0 && !_settings.IgnoreNotFound)
        {
            var allNamespaced = !_settings.AllNamespaces && requests.All(r => r.Resource.Namespaced);
            _context.Err.WriteLine(allNamespaced ? $"No resources found in {_context.Namespace} namespace." : "No resources found");
        }
        return await ReportAsync(errors);
    }

    private async Task<JsonObject> FetchTableAsync(ResourceRequest request, CancellationToken cancellationToken)
    {
        var table = request.Name is null
            ? await _client.ListAsync(request.Resource, Namespace, ListOptionsFor(request.Resource), ApiClient.TableAccept, cancellationToken)
            : await _client.GetAsync(request.Resource, Namespace, request.Name, ApiClient.TableAccept, cancellationToken);
        if ((string?)table["kind"] != "Table") table = TableWithoutServerSupport(table);
        if (IsEvent(request.Resource)) SortRowsByLastSeen(table);
        return table;
    }

    /// <summary>
    /// <c>-o yaml|json|name</c>: the objects themselves. One named object prints as itself; anything else is wrapped in a
    /// <c>v1 List</c>, whose items get back the apiVersion and kind that list items leave out.
    /// </summary>
    private async Task<int> PrintObjectsAsync(IReadOnlyList<ResourceRequest> requests, CancellationToken cancellationToken)
    {
        var errors = new List<Exception>();
        var items = new List<(ApiResource Resource, JsonObject Object)>();
        foreach (var request in requests)
        {
            try
            {
                if (request.Name is not null)
                {
                    items.Add((request.Resource, await _client.GetAsync(request.Resource, Namespace, request.Name, ApiClient.JsonAccept, cancellationToken)));
                    continue;
                }
                var list = await _client.ListAsync(request.Resource, Namespace, ListOptionsFor(request.Resource) with { IncludeObject = false },
                    ApiClient.JsonAccept, cancellationToken);
                foreach (var item in (list["items"] as JsonArray ?? []).OfType<JsonObject>())
                {
                    item["apiVersion"] ??= request.Resource.GroupVersion;
                    item["kind"] ??= request.Resource.Kind;
                    items.Add((request.Resource, item));
                }
            }
            catch (ApiException ex) when (ex.IsNotFound && _settings.IgnoreNotFound && request.Name is not null)
            {
                // --ignore-not-found: a missing object is not an error.
            }
            catch (ApiException ex)
            {
                errors.Add(ex);
            }
        }

        if (_settings.Output == "name")
        {
            foreach (var (resource, obj) in items) _context.Out.WriteLine(NameOf(resource, obj));
            return await ReportAsync(errors);
        }
        var singleItem = requests.Count == 1 && requests[0].Name is not null;
        JsonNode document = singleItem && items.Count == 1
            ? WithoutManagedFields(items[0].Object)
            : new JsonObject
            {
                ["apiVersion"] = "v1",
                ["items"] = new JsonArray([.. items.Select(i => (JsonNode)WithoutManagedFields(i.Object))]),
                ["kind"] = "List",
                ["metadata"] = new JsonObject { ["resourceVersion"] = "" },
            };
        if (!singleItem || items.Count == 1) _context.Out.Write(Print(document));
        return await ReportAsync(errors);
    }

    /// <summary>
    /// <c>-w</c>: list once, print, then watch from the list's resourceVersion and print every change as it arrives.
    /// Tables from the watch stream have the same columns, so their rows line up under the first header.
    /// </summary>
    private async Task<int> WatchAsync(IReadOnlyList<ResourceRequest> requests, CancellationToken cancellationToken)
    {
        if (requests.Select(r => r.Resource).Distinct().Count() > 1)
        {
            throw new CliException("watch is only supported on individual resources and resource collections - more than 1 resource was found");
        }
        var resource = requests[0].Resource;
        var names = requests.Where(r => r.Name is not null).Select(r => r.Name!).ToList();
        if (names.Count > 1) throw new CliException("watch is only supported on individual resources and resource collections - more than 1 resource was found");
        // A watch on one object is a watch on the collection filtered to its name, as client-go does it.
        var fieldSelector = names.Count == 1
            ? string.Join(",", new[] { $"metadata.name={names[0]}", _settings.FieldSelector }.Where(s => !string.IsNullOrEmpty(s)))
            : _settings.FieldSelector;
        var options = new ListOptions(_settings.LabelSelector, fieldSelector);
        var asTable = _settings.Output is "" or "wide";
        var accept = asTable ? ApiClient.TableAccept : ApiClient.JsonAccept;

        var list = await _client.ListAsync(resource, Namespace, options, accept, cancellationToken);
        var printer = new TablePrinter(new TablePrintOptions(
            Wide: _settings.Output == "wide", WithNamespace: _settings.AllNamespaces && resource.Namespaced, NoHeaders: _settings.NoHeaders));
        if (asTable)
        {
            printer.Add((string?)list["kind"] == "Table" ? list : TableWithoutServerSupport(list));
            await WriteAndFlushAsync(printer.Render());
        }
        else
        {
            foreach (var item in (list["items"] as JsonArray ?? []).OfType<JsonObject>())
            {
                item["apiVersion"] ??= resource.GroupVersion;
                item["kind"] ??= resource.Kind;
                await WriteAndFlushAsync(PrintWatched(resource, item));
            }
        }

        var resourceVersion = (string?)list["metadata"]?["resourceVersion"] ?? "";
        try
        {
            await foreach (var change in _client.WatchAsync(resource, Namespace, options, resourceVersion, accept, cancellationToken))
            {
                if (change.Type == "BOOKMARK") continue; // a bookmark only moves the resourceVersion on; nothing to print
                if (asTable)
                {
                    printer.Add((string?)change.Object["kind"] == "Table" ? change.Object : TableWithoutServerSupport(change.Object));
                    await WriteAndFlushAsync(printer.Render());
                }
                else
                {
                    await WriteAndFlushAsync(PrintWatched(resource, change.Object));
                }
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // Ctrl+C is how a watch normally ends.
        }
        return 0;
    }

    private async Task WriteAndFlushAsync(string text)
    {
        await _context.Out.WriteAsync(text);
        await _context.Out.FlushAsync();
    }

    // With -w -o yaml each object is its own YAML document; with -o json, one JSON object after the other.
    private string PrintWatched(ApiResource resource, JsonObject obj) => _settings.Output switch
    {
        "name" => NameOf(resource, obj) + "\n",
        "yaml" => "---\n" + YamlPrinter.Print(WithoutManagedFields(obj)),
        _ => JsonPrinter.Print(WithoutManagedFields(obj)),
    };

    private string Print(JsonNode document) => _settings.Output == "yaml" ? YamlPrinter.Print(document) : JsonPrinter.Print(document);

    private static string NameOf(ApiResource resource, JsonObject obj) => $"{resource.KindDotGroup}/{(string?)obj["metadata"]?["name"]}";

    /// <summary>kubectl hides metadata.managedFields (server-side apply's bookkeeping) unless asked; so do we.</summary>
    private static JsonObject WithoutManagedFields(JsonObject obj)
    {
        var copy = (JsonObject)obj.DeepClone();
        (copy["metadata"] as JsonObject)?.Remove("managedFields");
        return copy;
    }

    private async Task<int> ReportAsync(List<Exception> errors)
    {
        foreach (var error in errors) await _context.Err.WriteAsync(ErrorPrinter.Format(error, _context.Verbosity));
        return errors.Count == 0 ? 0 : 1;
    }

    /// <summary>
    /// Events, oldest first by the time they were last seen.
    /// Upstream difference: <c>kubectl get events</c> keeps the server's order unless given
    /// <c>--sort-by=.lastTimestamp</c> (<c>kubectl events</c> sorts by default); minictl always sorts them so the
    /// story of a rollout reads top to bottom.
    /// </summary>
    private static void SortRowsByLastSeen(JsonObject table)
    {
        if (table["rows"] is not JsonArray rows) return;
        var sorted = rows.OrderBy(row => LastSeen(row?["object"])).Select(row => row?.DeepClone()).ToList();
        rows.Clear();
        foreach (var row in sorted) rows.Add(row);
    }

    private static DateTime LastSeen(JsonNode? evt)
    {
        var candidates = new[]
        {
            evt?["lastTimestamp"], evt?["series"]?["lastObservedTime"], evt?["eventTime"], evt?["deprecatedLastTimestamp"],
            evt?["firstTimestamp"], evt?["metadata"]?["creationTimestamp"],
        };
        foreach (var candidate in candidates)
        {
            if ((string?)candidate is { } text && DateTime.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal, out var time))
            {
                return time;
            }
        }
        return DateTime.MinValue;
    }

    /// <summary>
    /// A server that ignores the Table Accept header sends plain objects; then, like kubectl, we can only show
    /// NAME and AGE.
    /// </summary>
    private static JsonObject TableWithoutServerSupport(JsonObject answer)
    {
        var objects = answer["items"] is JsonArray items ? items.OfType<JsonObject>().ToList() : [answer];
        var rows = new JsonArray();
        foreach (var obj in objects)
        {
            var created = (string?)obj["metadata"]?["creationTimestamp"];
            var age = DateTime.TryParse(created, CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal, out var time)
                ? HumanDuration.Since(time)
                : "<unknown>";
            rows.Add(new JsonObject
            {
                ["cells"] = new JsonArray((string?)obj["metadata"]?["name"], age),
                ["object"] = new JsonObject { ["metadata"] = obj["metadata"]?.DeepClone() },
            });
        }
        return new JsonObject
        {
            ["kind"] = "Table",
            ["columnDefinitions"] = new JsonArray(
                new JsonObject { ["name"] = "Name", ["type"] = "string", ["format"] = "name", ["priority"] = 0 },
                new JsonObject { ["name"] = "Age", ["type"] = "string", ["format"] = "", ["priority"] = 0 }),
            ["rows"] = rows,
            ["metadata"] = answer["metadata"]?.DeepClone(),
        };
    }
}
