using Grpc.Core;
using V1 = MiniKube.Cri.V1;

namespace MiniKube.Runtime.Cri;

public sealed partial class RuntimeService
{
    /// <summary>
    /// Prepares an attach to a running container (containerd's container_attach.go, `kubectl attach`): returns the
    /// streaming server's URL; when the client opens it, the server connects to the container's shim, which streams the
    /// container's own stdout/stderr and forwards input to its stdin (when its ContainerConfig asked for stdin).
    /// </summary>
    public override Task<V1.AttachResponse> Attach(V1.AttachRequest request, ServerCallContext context)
    {
        var container = containers.Get(request.ContainerId);
        if (container.State != V1.ContainerState.ContainerRunning)
            throw new FailedPreconditionException($"container {container.Id} is not running (state {container.State})");
        // A terminal is the container's, not the attach's: with ContainerConfig.tty the stream is the pty's (as containerd).
        if (request.Tty && !container.Config.Tty) throw new InvalidArgumentException($"Attach: tty requested but container {container.Id} has no terminal (ContainerConfig.tty)");
        if (!request.Stdin && !request.Stdout && !request.Stderr) throw new InvalidArgumentException("Attach: one of stdin, stdout, or stderr must be set");
        return Task.FromResult(new V1.AttachResponse { Url = streams.UrlFor("attach", request) });
    }
}
