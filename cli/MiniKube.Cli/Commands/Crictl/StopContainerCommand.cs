using System.CommandLine;
using Grpc.Core;
using MiniKube.Cri.V1;

namespace MiniKube.Cli.Commands.Crictl;

/// <summary>
/// <c>crictl stop [-t SECONDS] CONTAINER-ID…</c>: stops running containers (StopContainer: the stop signal, then
/// SIGKILL after the timeout) and prints each id.
/// Concept: https://kubernetes.io/docs/concepts/workloads/pods/pod-lifecycle/#pod-termination
/// </summary>
public static class StopContainerCommand
{
    public static Command Create(GlobalOptions globals)
    {
        var ids = new Argument<string[]>("CONTAINER-ID") { Arity = ArgumentArity.OneOrMore, Description = "Containers to stop." };
        var timeout = new Option<long>("--timeout", "-t") { Description = "Seconds to wait to kill the container after a graceful stop is requested" };
        var command = new Command("stop", "Stop one or more running containers") { ids, timeout };
        CrictlCommand.SetAction(command, globals, async (cri, parse, cancellationToken) =>
        {
            foreach (var id in parse.GetValue(ids)!)
            {
                try { await cri.Runtime.StopContainerAsync(new StopContainerRequest { ContainerId = id, Timeout = parse.GetValue(timeout) }, cancellationToken: cancellationToken); }
                catch (RpcException ex) { throw CrictlCommand.Wrap($"stopping the container \"{id}\"", ex); }
                await Console.Out.WriteLineAsync(id);
            }
            return 0;
        });
        return command;
    }
}
