using System.CommandLine;
using Grpc.Core;
using MiniKube.Cri.V1;

namespace MiniKube.Cli.Commands.Crictl;

/// <summary><c>crictl inspectp POD-ID…</c>: a pod sandbox's status (PodSandboxStatus, verbose: state, IP, the runtime's info).</summary>
public static class PodSandboxStatusCommand
{
    public static Command Create(GlobalOptions globals)
    {
        var ids = new Argument<string[]>("POD-ID") { Arity = ArgumentArity.OneOrMore, Description = "Pod sandboxes." };
        var output = new Option<string>("--output", "-o") { Description = "Output format, One of: json|yaml", DefaultValueFactory = _ => "json" };
        var command = new Command("inspectp", "Display the status of one or more pods") { ids, output };
        CrictlCommand.SetAction(command, globals, async (cri, parse, cancellationToken) =>
        {
            foreach (var id in parse.GetValue(ids)!)
            {
                try
                {
                    var status = await cri.Runtime.PodSandboxStatusAsync(new PodSandboxStatusRequest { PodSandboxId = id, Verbose = true }, cancellationToken: cancellationToken);
                    await Console.Out.WriteAsync(CriOutput.Format(CriOutput.StatusWithInfo(status.Status, status.Info), parse.GetValue(output)!));
                }
                catch (RpcException ex) { throw CrictlCommand.Wrap($"getting the pod sandbox status for \"{id}\"", ex); }
            }
            return 0;
        });
        return command;
    }
}
