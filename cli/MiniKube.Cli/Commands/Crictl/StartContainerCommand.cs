using System.CommandLine;
using Grpc.Core;
using MiniKube.Cri.V1;

namespace MiniKube.Cli.Commands.Crictl;

/// <summary><c>crictl start CONTAINER-ID…</c>: starts created containers (StartContainer) and prints each id.</summary>
public static class StartContainerCommand
{
    public static Command Create(GlobalOptions globals)
    {
        var ids = new Argument<string[]>("CONTAINER-ID") { Arity = ArgumentArity.OneOrMore, Description = "Containers to start." };
        var command = new Command("start", "Start one or more created containers") { ids };
        CrictlCommand.SetAction(command, globals, async (cri, parse, cancellationToken) =>
        {
            foreach (var id in parse.GetValue(ids)!)
            {
                try { await cri.Runtime.StartContainerAsync(new StartContainerRequest { ContainerId = id }, cancellationToken: cancellationToken); }
                catch (RpcException ex) { throw CrictlCommand.Wrap($"starting the container \"{id}\"", ex); }
                await Console.Out.WriteLineAsync(id);
            }
            return 0;
        });
        return command;
    }
}
