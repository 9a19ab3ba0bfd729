using Grpc.Core;
using MiniKube.Runtime.Oci;
using MiniKube.Runtime.Store;
using V1 = MiniKube.Cri.V1;

namespace MiniKube.Runtime.Cri;

public sealed partial class RuntimeService
{
    /// <summary>Exit code and reason containerd records when a container could not be started.</summary>
    public const int StartErrorExitCode = 128;
    public const string StartErrorReason = "StartError";

    /// <summary>
    /// Starts a created container (containerd's container_start.go): a shim (<see cref="ContainerShim"/>) runs `create` under
    /// the sandbox's runtime handler and copies the container's stdout/stderr into its CRI log; then `start`. An exit
    /// monitor records the exit code and reason (Completed, Error, OOMKilled) when the shim reports it. A failure deletes what the runtime made and leaves the
    /// container Exited with reason StartError, so the kubelet sees why.
    /// </summary>
    public override async Task<V1.StartContainerResponse> StartContainer(V1.StartContainerRequest request, ServerCallContext context)
    {
        var container = containers.Get(request.ContainerId);
        var sandbox = container.Sandbox;
        await container.Lock.WaitAsync(context.CancellationToken);
        try
        {
            if (container.State != V1.ContainerState.ContainerCreated)
                throw new FailedPreconditionException($"container {container.Id} is in {container.State} state, only a created container can be started");
            if (sandbox.State != V1.PodSandboxState.SandboxReady)
                throw new FailedPreconditionException($"sandbox {sandbox.Id} of container {container.Id} is not ready");
            var runtime = sandbox.Runtime;
            var exited = new TaskCompletionSource<int>(TaskCreationOptions.RunContinuationsAsynchronously);
            container.Exited = exited.Task;
            try
            {
                // The shim runs `create` and keeps the container's stdio, log and exit status (containerd's shim start).
                var (shim, initPid) = await ContainerShim.StartAsync(runtime, container.Id, container.Dir, container.LogPath,
                    container.Config.Stdin, container.Config.StdinOnce, container.Config.Tty, context.CancellationToken);
                container.Shim = shim;
                container.Pid = initPid;
                container.PidStartTime = ExitMonitor.StartTime(initPid);
                _ = events.WatchContainerAsync(container, exited);
                await runtime.StartAsync(container.Id, container.Dir, context.CancellationToken);
                container.StartedAt = DateTimeOffset.UtcNow;
                // A container that exits at once may already be recorded as Exited by its watcher.
                if (!exited.Task.IsCompleted) container.State = V1.ContainerState.ContainerRunning;
                StateRecords.Save(container);
            }
            catch (Exception ex)
            {
                Log.ContainerStartFailed(logger, container.Id, ex.Message);
                await runtime.DeleteAsync(container.Id, container.Dir, CancellationToken.None);
                // `delete` killed a created init: let its shim and the exit watcher finish first, so that StartError is
                // what stays recorded, not the SIGKILL they saw.
                if (container.Shim is not null) await Task.WhenAny(exited.Task, Task.Delay(TimeSpan.FromSeconds(5), CancellationToken.None));
                container.State = V1.ContainerState.ContainerExited;
                container.FinishedAt = DateTimeOffset.UtcNow;
                container.ExitCode = StartErrorExitCode;
                container.Reason = StartErrorReason;
                container.Message = ex.Message;
                StateRecords.Save(container);
                exited.TrySetResult(StartErrorExitCode);
                throw;
            }
        }
        finally { container.Lock.Release(); }
        Log.ContainerStarted(logger, container.Id, container.Name, container.Pid);
        return new V1.StartContainerResponse();
    }
}
