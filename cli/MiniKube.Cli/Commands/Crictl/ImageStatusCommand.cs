using System.CommandLine;
using MiniKube.Cli.Client;
using MiniKube.Cri.V1;

namespace MiniKube.Cli.Commands.Crictl;

/// <summary><c>crictl inspecti IMAGE…</c>: an image's status (ImageStatus, verbose) as JSON or YAML.</summary>
public static class ImageStatusCommand
{
    public static Command Create(GlobalOptions globals)
    {
        var ids = new Argument<string[]>("IMAGE-ID") { Arity = ArgumentArity.OneOrMore, Description = "Images, by id, tag or digest." };
        var output = new Option<string>("--output", "-o") { Description = "Output format, One of: json|yaml", DefaultValueFactory = _ => "json" };
        var command = new Command("inspecti", "Return the status of one or more images") { ids, output };
        CrictlCommand.SetAction(command, globals, async (cri, parse, cancellationToken) =>
        {
            foreach (var id in parse.GetValue(ids)!)
            {
                var status = await cri.Images.ImageStatusAsync(new ImageStatusRequest { Image = new ImageSpec { Image = id }, Verbose = true }, cancellationToken: cancellationToken);
                if (status.Image is null) throw new CliException($"no such image \"{id}\" present");
                await Console.Out.WriteAsync(CriOutput.Format(CriOutput.StatusWithInfo(status.Image, status.Info), parse.GetValue(output)!));
            }
            return 0;
        });
        return command;
    }
}
