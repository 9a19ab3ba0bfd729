using System.CommandLine;
using Grpc.Core;
using MiniKube.Cli.Client;
using MiniKube.Cri.V1;

namespace MiniKube.Cli.Commands.Crictl;

/// <summary><c>crictl stopp POD-ID…</c>: stops pod sandboxes (StopPodSandbox: every container, the pause process, the network).</summary>
public static class StopPodSandboxCommand
{
    public static Command Create(GlobalOptions globals)
    {
        var ids = new Argument<string[]>("POD-ID") { Arity = ArgumentArity.OneOrMore, Description = "Pod sandboxes to stop." };
        var command = new Command("stopp", "Stop one or more running pods") { ids };
        CrictlCommand.SetAction(command, globals, async (cri, parse, cancellationToken) =>
        {
            foreach (var id in parse.GetValue(ids)!)
            {
                try { await cri.Runtime.StopPodSandboxAsync(new StopPodSandboxRequest { PodSandboxId = id }, cancellationToken: cancellationToken); }
                catch (RpcException ex) { throw CrictlCommand.Wrap($"stopping the pod sandbox \"{id}\"", ex); }
                await Console.Out.WriteLineAsync($"Stopped sandbox {id}");
            }
            return 0;
        });
        return command;
    }
}
