using Grpc.Core;
using V1 = MiniKube.Cri.V1;

namespace MiniKube.Runtime.Cri;

public sealed partial class RuntimeService
{
    /// <summary>
    /// Prepares a streaming exec (containerd's container_exec.go): checks the container runs and returns the streaming
    /// server's URL for it; the command starts when the client opens the URL (see Streaming/StreamServer.cs).
    /// </summary>
    public override Task<V1.ExecResponse> Exec(V1.ExecRequest request, ServerCallContext context)
    {
        var container = containers.Get(request.ContainerId);
        if (container.State != V1.ContainerState.ContainerRunning)
            throw new FailedPreconditionException($"container {container.Id} is not running (state {container.State})");
        if (request.Cmd.Count == 0) throw new InvalidArgumentException("Exec: cmd is required");
        // A terminal has one output stream: stdout and stderr cannot be told apart (the streaming server's validation).
        if (request.Tty && request.Stderr) throw new InvalidArgumentException("Exec: tty and stderr cannot both be true");
        if (!request.Stdin && !request.Stdout && !request.Stderr) throw new InvalidArgumentException("Exec: one of stdin, stdout, or stderr must be set");
        return Task.FromResult(new V1.ExecResponse { Url = streams.UrlFor("exec", request) });
    }

    /// <summary>Prepares a port-forward into the sandbox's network namespace (containerd's sandbox_portforward.go).</summary>
    public override Task<V1.PortForwardResponse> PortForward(V1.PortForwardRequest request, ServerCallContext context)
    {
        var sandbox = sandboxes.Get(request.PodSandboxId);
        if (sandbox.State != V1.PodSandboxState.SandboxReady)
            throw new FailedPreconditionException($"sandbox {sandbox.Id} is not ready");
        return Task.FromResult(new V1.PortForwardResponse { Url = streams.UrlFor("portforward", request) });
    }
}
