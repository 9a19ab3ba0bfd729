using System.CommandLine;
using Grpc.Core;
using MiniKube.Cli.Client;
using MiniKube.Cri.V1;

namespace MiniKube.Cli.Commands.Crictl;

/// <summary>
/// <c>crictl rm CONTAINER-ID…</c>: removes containers (RemoveContainer) and prints each id. Like crictl, a running
/// container is refused unless <c>-f</c> stops it first; <c>-a</c> removes every container.
/// </summary>
public static class RemoveContainerCommand
{
    public static Command Create(GlobalOptions globals)
    {
        var ids = new Argument<string[]>("CONTAINER-ID") { Arity = ArgumentArity.ZeroOrMore, Description = "Containers to remove." };
        var force = new Option<bool>("--force", "-f") { Description = "Force removal of the container, disregarding if running" };
        var all = new Option<bool>("--all", "-a") { Description = "Remove all containers" };
        var command = new Command("rm", "Remove one or more containers") { ids, force, all };
        CrictlCommand.SetAction(command, globals, async (cri, parse, cancellationToken) =>
        {
            var targets = parse.GetValue(ids)!.ToList();
            if (parse.GetValue(all))
                targets = [.. (await cri.Runtime.ListContainersAsync(new ListContainersRequest(), cancellationToken: cancellationToken)).Containers.Select(c => c.Id)];
            else if (targets.Count == 0) throw new CliException("ID cannot be empty");
            foreach (var id in targets)
            {
                try
                {
                    var status = await cri.Runtime.ContainerStatusAsync(new ContainerStatusRequest { ContainerId = id }, cancellationToken: cancellationToken);
                    if (status.Status.State == ContainerState.ContainerRunning)
                    {
                        if (!parse.GetValue(force)) throw new CliException($"container \"{id}\" is running, please stop it first");
                        await cri.Runtime.StopContainerAsync(new StopContainerRequest { ContainerId = id }, cancellationToken: cancellationToken);
                    }
                    await cri.Runtime.RemoveContainerAsync(new RemoveContainerRequest { ContainerId = id }, cancellationToken: cancellationToken);
                }
                catch (RpcException ex) { throw CrictlCommand.Wrap($"removing container \"{id}\"", ex); }
                await Console.Out.WriteLineAsync(id);
            }
            return 0;
        });
        return command;
    }
}
