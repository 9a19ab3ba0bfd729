using System.CommandLine;
using Grpc.Core;
using MiniKube.Cri.V1;

namespace MiniKube.Cli.Commands.Crictl;

/// <summary>
/// <c>crictl runp pod-config.json</c>: starts a pod sandbox (RunPodSandbox: the pause process holding the pod's
/// namespaces, and its network) and prints its id, as the kubelet's first step for every pod.
/// Concept: https://kubernetes.io/docs/concepts/workloads/pods/#how-pods-manage-multiple-containers
/// </summary>
public static class RunPodSandboxCommand
{
    public static Command Create(GlobalOptions globals)
    {
        var config = new Argument<string>("pod-config.[json|yaml]") { Description = "A PodSandboxConfig." };
        var runtime = new Option<string?>("--runtime", "-r") { Description = "Runtime handler to use. Available options are defined by the container runtime." };
        var command = new Command("runp", "Run a new pod") { config, runtime };
        CrictlCommand.SetAction(command, globals, async (cri, parse, cancellationToken) =>
        {
            var request = new RunPodSandboxRequest { Config = CriConfigFile.Load<PodSandboxConfig>(parse.GetValue(config)!), RuntimeHandler = parse.GetValue(runtime) ?? "" };
            try
            {
                var response = await cri.Runtime.RunPodSandboxAsync(request, cancellationToken: cancellationToken);
                await Console.Out.WriteLineAsync(response.PodSandboxId);
            }
            catch (RpcException ex) { throw CrictlCommand.Wrap("run pod sandbox", ex); }
            return 0;
        });
        return command;
    }
}
