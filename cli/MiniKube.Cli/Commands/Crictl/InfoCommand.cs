using System.CommandLine;
using MiniKube.Cri.V1;

namespace MiniKube.Cli.Commands.Crictl;

/// <summary><c>crictl info</c>: the runtime's conditions (RuntimeReady, NetworkReady) and its verbose info (the Status RPC).</summary>
public static class InfoCommand
{
    public static Command Create(GlobalOptions globals)
    {
        var output = new Option<string>("--output", "-o") { Description = "Output format, One of: json|yaml", DefaultValueFactory = _ => "json" };
        var command = new Command("info", "Display information of the container runtime") { output };
        CrictlCommand.SetAction(command, globals, async (cri, parse, cancellationToken) =>
        {
            var status = await cri.Runtime.StatusAsync(new StatusRequest { Verbose = true }, cancellationToken: cancellationToken);
            await Console.Out.WriteAsync(CriOutput.Format(CriOutput.StatusWithInfo(status.Status, status.Info), parse.GetValue(output)!));
            return 0;
        });
        return command;
    }
}
