using Grpc.Core;
using MiniKube.Runtime.Logging;
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
    /// Starts a created container (containerd's container_start.go): `create` under the sandbox's runtime handler with
    /// the container's stdout/stderr copied into its CRI log, then `start`. An exit monitor records the exit code and
    /// reason (Completed, Error, OOMKilled) when it ends. A failure deletes what the runtime made and leaves the
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
                var init = await runtime.CreateAsync(container.Id, container.Dir, context.CancellationToken);
                container.Pid = init.Pid;
                if (container.LogPath is { } logPath) container.Log = new CriLogWriter(logPath, init.Stdout, init.Stderr);
                else
                {
                    _ = init.Stdout.CopyToAsync(Stream.Null, CancellationToken.None);
                    _ = init.Stderr.CopyToAsync(Stream.Null, CancellationToken.None);
                }
                _ = MonitorAsync(container, exited);
                await runtime.StartAsync(container.Id, container.Dir, context.CancellationToken);
                container.StartedAt = DateTimeOffset.UtcNow;
                container.State = V1.ContainerState.ContainerRunning;
            }
            catch (Exception ex)
            {
                Log.ContainerStartFailed(logger, container.Id, ex.Message);
                await runtime.DeleteAsync(container.Id, container.Dir, CancellationToken.None);
                container.State = V1.ContainerState.ContainerExited;
                container.FinishedAt = DateTimeOffset.UtcNow;
                container.ExitCode = StartErrorExitCode;
                container.Reason = StartErrorReason;
                container.Message = ex.Message;
                exited.TrySetResult(StartErrorExitCode);
                throw;
            }
        }
        finally { container.Lock.Release(); }
        Log.ContainerStarted(logger, container.Id, container.Name, container.Pid);
        return new V1.StartContainerResponse();
    }

    /// <summary>
    /// Waits for init to exit, then records the exit (containerd's handleContainerExit): reason OOMKilled when the OOM
    /// killer struck in its cgroup, Completed for 0, Error otherwise; the log is flushed and the runtime's container
    /// deleted (which removes its cgroup), so an exited container holds no kernel resources, only its rootfs.
    /// </summary>
    private async Task MonitorAsync(Container container, TaskCompletionSource<int> exited)
    {
        var code = await ExitMonitor.WaitAsync(container.Pid);
        var oom = OomReader.WasOomKilled($"{container.Sandbox.CgroupParent}/{container.Id}");
        // The log is complete when every process holding its pipes has gone: wait a little for stray children.
        if (container.Log is { } log) await Task.WhenAny(log.Completion, Task.Delay(TimeSpan.FromSeconds(2)));
        await container.Sandbox.Runtime.DeleteAsync(container.Id, container.Dir, CancellationToken.None);
        container.ExitCode = code;
        container.Reason = oom ? "OOMKilled" : code == 0 ? "Completed" : "Error";
        container.FinishedAt = DateTimeOffset.UtcNow;
        container.State = V1.ContainerState.ContainerExited;
        Log.ContainerExited(logger, container.Id, code, container.Reason);
        exited.TrySetResult(code);
    }
}
