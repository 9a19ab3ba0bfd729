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
    /// Waits for the container's shim to exit (it does once init has exited, the log is drained and the exit file is
    /// written: containerd's TaskExit event), then records the exit: reason OOMKilled when the OOM killer struck in its
    /// cgroup, Completed for 0, Error otherwise, and Unknown (exit code 255, as containerd) when the shim died without
    /// leaving an exit file. Then the runtime's container is deleted (which removes its cgroup), so an exited container
    /// holds no kernel resources, only its rootfs. The shim is our child, or after a restart a process we poll.
    /// </summary>
    public async Task WatchContainerAsync(Container container, TaskCompletionSource<int> exited)
    {
        if (container.Shim is { } shim) await shim.WaitAsync();
        var exit = ReadExitFile(container);
        var oom = OomReader.WasOomKilled($"{container.Sandbox.CgroupParent}/{container.Id}");
        await container.Sandbox.Runtime.DeleteAsync(container.Id, container.Dir, CancellationToken.None);
        RecordExit(container, exit, oom);
        StateRecords.Save(container);
        Log.ContainerExited(logger, container.Id, container.ExitCode, container.Reason);
        exited.TrySetResult(container.ExitCode);
    }

    /// <summary>What the shim wrote into the container's exit.json, or an unknown exit when there is none.</summary>
    public static ProcessExit ReadExitFile(Container container) =>
        MiniKube.Shim.ExitFile.TryRead(Path.Join(container.Dir, MiniKube.Shim.ExitFile.Name)) is { } exit
            ? new ProcessExit(exit.ExitCode, Known: true, exit.FinishedAt)
            : new ProcessExit(ExitMonitor.UnknownExitCode, Known: false);

    public static void RecordExit(Container container, ProcessExit exit, bool oom)
    {
        container.ExitCode = oom && !exit.Known ? 128 + 9 : exit.Code;
        container.Reason = oom ? "OOMKilled" : !exit.Known ? UnknownExitReason : exit.Code == 0 ? "Completed" : "Error";
        if (!exit.Known && !oom)
            container.Message = "the container's shim exited without recording the container's exit status: its exit code is unknown";
        container.FinishedAt = exit.FinishedAt ?? DateTimeOffset.UtcNow;
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
