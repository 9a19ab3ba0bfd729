using System.CommandLine;
using Grpc.Core;
using MiniKube.Cli.Client;
using MiniKube.Cri.V1;

namespace MiniKube.Cli.Commands.Crictl;

/// <summary>
/// <c>crictl rmp POD-ID…</c>: removes pod sandboxes (RemovePodSandbox). Like crictl, a ready pod is refused unless
/// <c>-f</c> stops it first; <c>-a</c> removes every pod.
/// </summary>
public static class RemovePodSandboxCommand
{
    public static Command Create(GlobalOptions globals)
    {
        var ids = new Argument<string[]>("POD-ID") { Arity = ArgumentArity.ZeroOrMore, Description = "Pod sandboxes to remove." };
        var force = new Option<bool>("--force", "-f") { Description = "Force removal of the pod sandbox, disregarding if running" };
        var all = new Option<bool>("--all", "-a") { Description = "Remove all pods" };
        var command = new Command("rmp", "Remove one or more pods") { ids, force, all };
        CrictlCommand.SetAction(command, globals, async (cri, parse, cancellationToken) =>
        {
            var targets = parse.GetValue(ids)!.ToList();
            if (parse.GetValue(all))
                targets = [.. (await cri.Runtime.ListPodSandboxAsync(new ListPodSandboxRequest(), cancellationToken: cancellationToken)).Items.Select(p => p.Id)];
            else if (targets.Count == 0) throw new CliException("ID cannot be empty");
            foreach (var id in targets)
            {
                try
                {
                    var status = await cri.Runtime.PodSandboxStatusAsync(new PodSandboxStatusRequest { PodSandboxId = id }, cancellationToken: cancellationToken);
                    if (status.Status.State == PodSandboxState.SandboxReady)
                    {
                        if (!parse.GetValue(force)) throw new CliException($"pod sandbox {id} is running, please stop it first");
                        await cri.Runtime.StopPodSandboxAsync(new StopPodSandboxRequest { PodSandboxId = id }, cancellationToken: cancellationToken);
                    }
                    await cri.Runtime.RemovePodSandboxAsync(new RemovePodSandboxRequest { PodSandboxId = id }, cancellationToken: cancellationToken);
                }
                catch (RpcException ex) { throw CrictlCommand.Wrap($"removing the pod sandbox \"{id}\"", ex); }
                await Console.Out.WriteLineAsync($"Removed sandbox {id}");
            }
            return 0;
        });
        return command;
    }
}
