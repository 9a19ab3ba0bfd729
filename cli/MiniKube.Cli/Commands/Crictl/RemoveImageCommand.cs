using System.CommandLine;
using Grpc.Core;
using MiniKube.Cli.Client;
using MiniKube.Cri.V1;

namespace MiniKube.Cli.Commands.Crictl;

/// <summary>
/// <c>crictl rmi IMAGE…</c>: removes images (RemoveImage) and prints <c>Deleted: name</c> for each name the image had;
/// <c>-a</c> removes every image. The runtime refuses an image a container still uses.
/// Concept: https://kubernetes.io/docs/concepts/architecture/garbage-collection/#containers-images
/// </summary>
public static class RemoveImageCommand
{
    public static Command Create(GlobalOptions globals)
    {
        var ids = new Argument<string[]>("IMAGE-ID") { Arity = ArgumentArity.ZeroOrMore, Description = "Images to remove, by id, tag or digest." };
        var all = new Option<bool>("--all", "-a") { Description = "Remove all images" };
        var command = new Command("rmi", "Remove one or more images") { ids, all };
        CrictlCommand.SetAction(command, globals, async (cri, parse, cancellationToken) =>
        {
            var targets = parse.GetValue(ids)!.ToList();
            if (parse.GetValue(all))
                targets = [.. (await cri.Images.ListImagesAsync(new ListImagesRequest(), cancellationToken: cancellationToken)).Images.Select(i => i.Id)];
            else if (targets.Count == 0) throw new CliException("No IDs provided or nothing to remove");
            var failed = false;
            foreach (var target in targets)
            {
                try
                {
                    var status = await cri.Images.ImageStatusAsync(new ImageStatusRequest { Image = new ImageSpec { Image = target } }, cancellationToken: cancellationToken);
                    if (status.Image is null) throw new CliException($"no such image {target}");
                    await cri.Images.RemoveImageAsync(new RemoveImageRequest { Image = new ImageSpec { Image = status.Image.Id } }, cancellationToken: cancellationToken);
                    foreach (var name in status.Image.RepoTags.Count > 0 ? status.Image.RepoTags : [status.Image.Id]) await Console.Out.WriteLineAsync($"Deleted: {name}");
                }
                catch (Exception ex) when (ex is RpcException or CliException)
                {
                    failed = true;
                    var message = ex is RpcException rpc ? $"error of removing image \"{target}\": {CrictlCommand.RpcError(rpc)}" : ex.Message;
                    await Console.Error.WriteAsync(ErrorPrinter.Format(new CliException(message), 0));
                }
            }
            return failed ? 1 : 0;
        });
        return command;
    }
}
