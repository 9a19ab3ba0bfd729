using System.CommandLine;
using System.Net;
using MiniKube.Cli.Client;

namespace MiniKube.Cli.Commands;

/// <summary>
/// <c>minictl apply -f</c>: declarative object management. The files describe the desired objects; apply creates
/// the missing ones and updates the others, and prints what happened to each: <c>deployment.apps/web created</c>,
/// <c>configured</c> or <c>unchanged</c>.
/// <para>
/// We use <b>server-side apply</b> (a PATCH of type <c>application/apply-patch+yaml</c>, field manager
/// <c>minictl</c>): the API server merges our fields into the live object and records which manager owns each
/// field. Upstream difference: kubectl's default is client-side apply (it keeps the last applied file in the
/// <c>kubectl.kubernetes.io/last-applied-configuration</c> annotation and computes a strategic merge patch itself);
/// server-side apply gives the same result, with the merge logic where it belongs, in the server. As with
/// <c>kubectl apply --server-side</c>, a field another manager owns is a conflict unless <c>--force-conflicts</c>.
/// </para>
/// Concept: https://kubernetes.io/docs/reference/using-api/server-side-apply/
/// </summary>
public static class ApplyCommand
{
    public const string DefaultFieldManager = "minictl";

    public static Command Create(GlobalOptions globals)
    {
        var files = new FilenameOptions("to apply");
        var serverSide = new Option<bool>("--server-side")
        {
            Description = "Accepted for kubectl compatibility: minictl always applies server-side.",
        };
        var forceConflicts = new Option<bool>("--force-conflicts")
        {
            Description = "Take ownership of fields that another field manager owns instead of failing with a conflict.",
        };
        var fieldManager = new Option<string>("--field-manager")
        {
            Description = "Name of the manager that owns the applied fields.",
            DefaultValueFactory = _ => DefaultFieldManager,
        };
        var command = new Command("apply", "Apply a configuration to a resource by file name or stdin") { serverSide, forceConflicts, fieldManager };
        files.AddTo(command);

        CommandRunner.SetAction(command, globals, async (context, parse, cancellationToken) =>
        {
            var manifests = files.Read(parse, context);
            if (manifests.Count == 0) throw new CliException("no objects passed to apply");
            var mapper = await context.MapperAsync(cancellationToken);
            var client = new DynamicClient(context.Client);
            var errors = new List<Exception>();
            foreach (var manifest in manifests)
            {
                try
                {
                    var target = ResolvedManifest.Resolve(manifest, mapper, context);
                    var result = await ApplyOneAsync(client, target, parse.GetValue(fieldManager)!, parse.GetValue(forceConflicts), cancellationToken);
                    await context.Out.WriteLineAsync($"{target.Resource.KindDotGroup}/{manifest.Name} {result}");
                }
                catch (ApiException ex) when (ex.Reason == "Conflict" && ex.Status.Details?.Causes is { Count: > 0 })
                {
                    errors.Add(new CliException(ex.Message + ConflictAdvice));
                }
                catch (ApiException ex)
                {
                    errors.Add(ex.WithContext($"error when applying \"{manifest.Source}\""));
                }
                catch (CliException ex)
                {
                    errors.Add(ex);
                }
            }
            foreach (var error in errors) await context.Err.WriteAsync(ErrorPrinter.Format(error, context.Verbosity));
            return errors.Count == 0 ? 0 : 1;
        });
        return command;
    }

    /// <summary>
    /// Applies one object and says what happened. The GET before the PATCH tells "configured" from "unchanged":
    /// the API server skips writes that change nothing, so an unchanged object keeps its resourceVersion.
    /// </summary>
    private static async Task<string> ApplyOneAsync(DynamicClient client, ResolvedManifest target, string fieldManager, bool force,
        CancellationToken cancellationToken)
    {
        var name = target.Manifest.Name;
        if (name.Length == 0) throw new CliException($"error when applying \"{target.Manifest.Source}\": resource name may not be empty");
        string? before = null;
        try
        {
            var live = await client.GetAsync(target.Resource, target.Namespace, name, ApiClient.JsonAccept, cancellationToken);
            before = (string?)live["metadata"]?["resourceVersion"];
        }
        catch (ApiException ex) when (ex.IsNotFound)
        {
            // Not there yet: the apply will create it.
        }
        var (code, applied) = await client.ApplyAsync(target.Resource, target.Namespace, name, target.Manifest.Object, fieldManager, force, cancellationToken);
        if (code == HttpStatusCode.Created || before is null) return "created";
        return (string?)applied["metadata"]?["resourceVersion"] == before ? "unchanged" : "configured";
    }

    private const string ConflictAdvice = """

        Other field managers own the fields listed above. To resolve the conflict, either:
        * re-run with --force-conflicts to take ownership of these fields, or
        * remove these fields from your file so that their current managers keep them, or
        * set them to the values they have now, to share ownership with the other managers.
        See https://kubernetes.io/docs/reference/using-api/server-side-apply/#conflicts
        """;
}
