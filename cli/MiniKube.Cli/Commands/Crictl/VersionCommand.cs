using System.CommandLine;
using MiniKube.Cri.V1;

namespace MiniKube.Cli.Commands.Crictl;

/// <summary><c>crictl version</c>: the runtime's name and version and the CRI version it speaks (the Version RPC).</summary>
public static class VersionCommand
{
    public static Command Create(GlobalOptions globals)
    {
        var command = new Command("version", "Display runtime version information");
        CrictlCommand.SetAction(command, globals, async (cri, parse, cancellationToken) =>
        {
            var version = await cri.Runtime.VersionAsync(new VersionRequest { Version = "v1" }, cancellationToken: cancellationToken);
            await Console.Out.WriteAsync(
                $"Version:  {version.Version}\nRuntimeName:  {version.RuntimeName}\nRuntimeVersion:  {version.RuntimeVersion}\nRuntimeApiVersion:  {version.RuntimeApiVersion}\n");
            return 0;
        });
        return command;
    }
}
