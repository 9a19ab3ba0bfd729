using MiniKube.Runtime.Oci;
using MiniKube.Runtime.Store;
using V1 = MiniKube.Cri.V1;

namespace MiniKube.Runtime.Cri;

/// <summary>
/// Watches every pause process and container init and records their exits (containerd's event monitor,
/// internal/cri/server/events.go: handleContainerExit, handleSandboxExit). One singleton, because a watch outlives the
/// RPC that started it and is also started by <see cref="Recovery"/> for what a previous run of the runtime started.
/// </summary>
public sealed partial class EventMonitor(ILogger<EventMonitor> logger)
{
    /// <summary>containerd's unknownExitReason, for an exit whose status nobody could collect.</summary>
    public const string UnknownExitReason = "Unknown";

    /// <summary>The pause process exiting makes the sandbox NotReady.</summary>
    public async Task<int> WatchSandboxAsync(Sandbox sandbox)
    {
        var exit = await ExitMonitor.WaitAsync(sandbox.Pid, sandbox.PidStartTime);
        sandbox.State = V1.PodSandboxState.SandboxNotready;
        if (Directory.Exists(sandbox.Dir)) StateRecords.Save(sandbox);
        Log.SandboxExited(logger, sandbox.Id, exit.Code);
        return exit.Code;
    }

    /// <summary>
    /// Waits for init to exit, then records the exit: reason OOMKilled when the OOM killer struck in its cgroup,
    /// Completed for 0, Error otherwise, and Unknown (exit code 255, as containerd) when the process was not our child
    /// any more and its status went to another parent. The log is flushed and the runtime's container deleted (which
    /// removes its cgroup), so an exited container holds no kernel resources, only its rootfs.
    /// </summary>
    public async Task WatchContainerAsync(Container container, TaskCompletionSource<int> exited)
    {
        var exit = await ExitMonitor.WaitAsync(container.Pid, container.PidStartTime);
        var oom = OomReader.WasOomKilled($"{container.Sandbox.CgroupParent}/{container.Id}");
        // The log is complete when every process holding its pipes has gone: wait a little for stray children.
        if (container.Log is { } log) await Task.WhenAny(log.Completion, Task.Delay(TimeSpan.FromSeconds(2)));
        await container.Sandbox.Runtime.DeleteAsync(container.Id, container.Dir, CancellationToken.None);
        RecordExit(container, exit, oom);
        StateRecords.Save(container);
        Log.ContainerExited(logger, container.Id, container.ExitCode, container.Reason);
        exited.TrySetResult(container.ExitCode);
    }

    public static void RecordExit(Container container, ProcessExit exit, bool oom)
    {
        container.ExitCode = oom && !exit.Known ? 128 + 9 : exit.Code;
        container.Reason = oom ? "OOMKilled" : !exit.Known ? UnknownExitReason : exit.Code == 0 ? "Completed" : "Error";
        if (!exit.Known && !oom)
            container.Message = "the container exited while minikube-runtime was not its parent (the runtime was restarted): its exit code is unknown";
        container.FinishedAt = DateTimeOffset.UtcNow;
        container.State = V1.ContainerState.ContainerExited;
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = 4303, Level = LogLevel.Information, Message = "Sandbox {SandboxId}'s pause process exited with {ExitCode}")]
        public static partial void SandboxExited(ILogger logger, string sandboxId, int exitCode);

        [LoggerMessage(EventId = 4312, Level = LogLevel.Information, Message = "Container {ContainerId} exited with {ExitCode} ({Reason})")]
        public static partial void ContainerExited(ILogger logger, string containerId, int exitCode, string reason);
    }
}
