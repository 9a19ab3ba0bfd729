using System.CommandLine;
using Grpc.Core;
using MiniKube.Cri.V1;

namespace MiniKube.Cli.Commands.Crictl;

/// <summary>
/// <c>crictl create POD-ID container-config.json pod-config.json</c>: creates a container in a pod sandbox
/// (CreateContainer; nothing runs until <c>start</c>) and prints its id. Like crictl, it first pulls the image when
/// the node lacks it, as the kubelet would, unless <c>--no-pull</c>.
/// Concept: https://kubernetes.io/docs/concepts/containers/
/// </summary>
public static class CreateContainerCommand
{
    public static Command Create(GlobalOptions globals)
    {
        var pod = new Argument<string>("POD-ID") { Description = "The pod sandbox to create the container in." };
        var containerConfig = new Argument<string>("container-config.[json|yaml]") { Description = "A ContainerConfig." };
        var podConfig = new Argument<string>("pod-config.[json|yaml]") { Description = "The PodSandboxConfig the pod was run with." };
        var noPull = new Option<bool>("--no-pull") { Description = "Do not pull the image on container creation" };
        var withPull = new Option<bool>("--with-pull") { Description = "Pull the image on container creation, even if it is there" };
        var command = new Command("create", "Create a new container") { pod, containerConfig, podConfig, noPull, withPull };
        CrictlCommand.SetAction(command, globals, async (cri, parse, cancellationToken) =>
        {
            var config = CriConfigFile.Load<ContainerConfig>(parse.GetValue(containerConfig)!);
            var sandboxConfig = CriConfigFile.Load<PodSandboxConfig>(parse.GetValue(podConfig)!);
            var image = config.Image?.Image ?? "";
            try
            {
                if (!parse.GetValue(noPull) && image.Length > 0)
                {
                    var present = (await cri.Images.ImageStatusAsync(new ImageStatusRequest { Image = config.Image }, cancellationToken: cancellationToken)).Image is not null;
                    if (!present || parse.GetValue(withPull))
                        await cri.Images.PullImageAsync(new PullImageRequest { Image = config.Image, SandboxConfig = sandboxConfig }, cancellationToken: cancellationToken);
                }
            }
            catch (RpcException ex) { throw CrictlCommand.Wrap($"pulling image \"{image}\"", ex); }
            try
            {
                var response = await cri.Runtime.CreateContainerAsync(new CreateContainerRequest
                {
                    PodSandboxId = parse.GetValue(pod)!,
                    Config = config,
                    SandboxConfig = sandboxConfig,
                }, cancellationToken: cancellationToken);
                await Console.Out.WriteLineAsync(response.ContainerId);
            }
            catch (RpcException ex) { throw CrictlCommand.Wrap("creating container", ex); }
            return 0;
        });
        return command;
    }
}
