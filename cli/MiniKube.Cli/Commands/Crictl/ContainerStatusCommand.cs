using System.CommandLine;
using Grpc.Core;
using MiniKube.Cri.V1;

namespace MiniKube.Cli.Commands.Crictl;

/// <summary><c>crictl inspect CONTAINER-ID…</c>: a container's status (ContainerStatus, verbose: state, exit code, reason, the runtime's info).</summary>
public static class ContainerStatusCommand
{
    public static Command Create(GlobalOptions globals)
    {
        var ids = new Argument<string[]>("CONTAINER-ID") { Arity = ArgumentArity.OneOrMore, Description = "Containers." };
        var output = new Option<string>("--output", "-o") { Description = "Output format, One of: json|yaml", DefaultValueFactory = _ => "json" };
        var command = new Command("inspect", "Display the status of one or more containers") { ids, output };
        CrictlCommand.SetAction(command, globals, async (cri, parse, cancellationToken) =>
        {
            foreach (var id in parse.GetValue(ids)!)
            {
                try
                {
                    var status = await cri.Runtime.ContainerStatusAsync(new ContainerStatusRequest { ContainerId = id, Verbose = true }, cancellationToken: cancellationToken);
                    await Console.Out.WriteAsync(CriOutput.Format(CriOutput.StatusWithInfo(status.Status, status.Info), parse.GetValue(output)!));
                }
                catch (RpcException ex) { throw CrictlCommand.Wrap($"getting the status of the container \"{id}\"", ex); }
            }
            return 0;
        });
        return command;
    }
}
