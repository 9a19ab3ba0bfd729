using Grpc.Core;
using Google.Protobuf;
using V1 = MiniKube.Cri.V1;

namespace MiniKube.Runtime.Cri;

public sealed partial class RuntimeService
{
    /// <summary>
    /// Runs a command in a running container and returns its output and exit code (exec probes, `crictl exec -s`):
    /// the OCI runtime's `exec` in the foreground. Past the timeout the call fails with DEADLINE_EXCEEDED, which the
    /// kubelet reports as a probe timeout.
    /// </summary>
    public override async Task<V1.ExecSyncResponse> ExecSync(V1.ExecSyncRequest request, ServerCallContext context)
    {
        var container = containers.Get(request.ContainerId);
        if (request.Cmd.Count == 0) throw new InvalidArgumentException("ExecSync: cmd is required");
        if (container.State != V1.ContainerState.ContainerRunning)
            throw new FailedPreconditionException($"container {container.Id} is not running (state {container.State})");
        var timeout = request.Timeout > 0 ? TimeSpan.FromSeconds(request.Timeout) : (TimeSpan?)null;
        var (stdout, stderr, exitCode, timedOut) = await container.Sandbox.Runtime.ExecAsync(container.Id, [.. request.Cmd], timeout, context.CancellationToken);
        if (timedOut) throw new RpcException(new Status(StatusCode.DeadlineExceeded, $"command {string.Join(' ', request.Cmd)} timed out after {request.Timeout}s"));
        return new V1.ExecSyncResponse { Stdout = ByteString.CopyFrom(stdout), Stderr = ByteString.CopyFrom(stderr), ExitCode = exitCode };
    }
}
