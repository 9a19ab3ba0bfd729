using System.CommandLine;
using MiniKube.Cli.Client;

namespace MiniKube.Cli.Commands;

/// <summary>
/// <c>minictl create -f</c>: imperative object management with files. Each object is POSTed as it is; one that
/// already exists is an error (409 AlreadyExists), unlike <c>apply</c>, which would update it.
/// Concept: https://kubernetes.io/docs/concepts/overview/working-with-objects/object-management/#imperative-object-configuration
/// </summary>
public static class CreateCommand
{
    /// <summary>Who owns the fields of created objects, in managedFields (kubectl uses "kubectl-create").</summary>
    public const string FieldManager = "minictl-create";

    public static Command Create(GlobalOptions globals)
    {
        var files = new FilenameOptions("to create");
        var command = new Command("create", "Create a resource from a file or from stdin");
        files.AddTo(command);

        CommandRunner.SetAction(command, globals, async (context, parse, cancellationToken) =>
        {
            var manifests = files.Read(parse, context);
            if (manifests.Count == 0) throw new CliException("no objects passed to create");
            var mapper = await context.MapperAsync(cancellationToken);
            var client = new DynamicClient(context.Client);
            var errors = new List<Exception>();
            foreach (var manifest in manifests)
            {
                try
                {
                    var target = ResolvedManifest.Resolve(manifest, mapper, context);
                    var created = await client.CreateAsync(target.Resource, target.Namespace, manifest.Object, FieldManager, cancellationToken);
                    // The name comes from the answer: with metadata.generateName the server picks it.
                    await context.Out.WriteLineAsync($"{target.Resource.KindDotGroup}/{(string?)created["metadata"]?["name"]} created");
                }
                catch (ApiException ex)
                {
                    errors.Add(ex.WithContext($"error when creating \"{manifest.Source}\""));
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
}
