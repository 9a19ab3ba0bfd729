using MiniKube.Runtime.Oci;
using MiniKube.Runtime.Snapshots;
using MiniKube.Runtime.Store;
using V1 = MiniKube.Cri.V1;

namespace MiniKube.Runtime.Cri;

/// <summary>
/// Refills the sandbox and container stores from the records under --state when the runtime starts (containerd's
/// internal/cri/server/restart.go, <c>recover</c>): the pods keep running while the runtime is down, and after the
/// restart the kubelet must see the same ids, states, pids and IPs. What is still alive is asked from the OCI runtime
/// (<c>state</c>) and from /proc (the pid, checked against its start time); what died meanwhile is recorded as exited.
/// A running container's shim kept its log and waited for its init meanwhile: a live shim is adopted and watched by
/// polling (it is no longer our child); a container whose shim has gone reports the exit code from the shim's exit
/// file, and only without one 255 with reason Unknown, as containerd does.
/// </summary>
public sealed partial class Recovery(
    RuntimeOptions options,
    SandboxStore sandboxes,
    ContainerStore containers,
    OciRuntimes runtimes,
    Snapshotter snapshotter,
    EventMonitor events,
    ILogger<Recovery> logger)
{
    public async Task RecoverAsync(CancellationToken cancellationToken)
    {
        foreach (var dir in Subdirectories("sandboxes"))
        {
            var file = Path.Join(dir, StateRecords.SandboxFile);
            if (!File.Exists(file))
            {
                // RunPodSandbox died before its first record: nothing else (network, pause) was made yet.
                Log.Discarded(logger, dir);
                snapshotter.ReleaseRootfs(dir);
                continue;
            }
            try { await RecoverSandboxAsync(StateRecords.LoadSandbox(file), dir, cancellationToken); }
            catch (Exception ex) when (ex is System.Text.Json.JsonException or Google.Protobuf.InvalidProtocolBufferException or IOException or InvalidArgumentException or FailedPreconditionException)
            {
                Log.Unrecoverable(logger, dir, ex.Message);
            }
        }
        foreach (var dir in Subdirectories("containers"))
        {
            var file = Path.Join(dir, StateRecords.ContainerFile);
            if (!File.Exists(file))
            {
                // CreateContainer died before its record: only the rootfs exists.
                Log.Discarded(logger, dir);
                snapshotter.ReleaseRootfs(dir);
                continue;
            }
            try { await RecoverContainerAsync(StateRecords.LoadContainer(file), dir, cancellationToken); }
            catch (Exception ex) when (ex is System.Text.Json.JsonException or Google.Protobuf.InvalidProtocolBufferException or IOException or NotFoundException)
            {
                Log.Unrecoverable(logger, dir, ex.Message);
            }
        }
    }

    private async Task RecoverSandboxAsync(SandboxRecord record, string dir, CancellationToken cancellationToken)
    {
        var sandbox = new Sandbox
        {
            Id = record.Id,
            Config = StateRecords.SandboxConfig(record),
            Runtime = runtimes.Resolve(record.RuntimeHandler),
            Dir = dir,
            CgroupParent = record.CgroupParent,
            CreatedAt = record.CreatedAt,
            ImageId = record.ImageId,
            NetNsPath = record.NetNsPath,
            Ip = record.Ip,
            Pid = record.Pid,
            PidStartTime = record.PidStartTime,
            State = Enum.Parse<V1.PodSandboxState>(record.State),
        };
        var status = await sandbox.Runtime.StateAsync(sandbox.Id, cancellationToken);
        if (sandbox.State == V1.PodSandboxState.SandboxReady && status == "running" && ExitMonitor.IsAlive(sandbox.Pid, sandbox.PidStartTime))
        {
            sandbox.Exited = events.WatchSandboxAsync(sandbox);
        }
        else
        {
            // The pause process is gone (or never started): the pod's namespaces are lost; the kubelet will stop and
            // remove the sandbox and make a new one. The network stays until StopPodSandbox tears it down.
            sandbox.State = V1.PodSandboxState.SandboxNotready;
            if (status is not null) await sandbox.Runtime.DeleteAsync(sandbox.Id, sandbox.Dir, cancellationToken);
            StateRecords.Save(sandbox);
        }
        sandboxes.Add(sandbox);
        Log.SandboxRecovered(logger, sandbox.Id, sandbox.State.ToString(), sandbox.Pid, sandbox.Ip);
    }

    private async Task RecoverContainerAsync(ContainerRecord record, string dir, CancellationToken cancellationToken)
    {
        var sandbox = sandboxes.Get(record.SandboxId);
        var container = new Container
        {
            Id = record.Id,
            Sandbox = sandbox,
            Config = StateRecords.ContainerConfig(record),
            ImageId = record.ImageId,
            Dir = dir,
            LogPath = record.LogPath,
            CreatedAt = record.CreatedAt,
            State = Enum.Parse<V1.ContainerState>(record.State),
            Pid = record.Pid,
            PidStartTime = record.PidStartTime,
            StartedAt = record.StartedAt,
            FinishedAt = record.FinishedAt,
            ExitCode = record.ExitCode,
            Reason = record.Reason,
            Message = record.Message,
        };
        var status = await sandbox.Runtime.StateAsync(container.Id, cancellationToken);
        var exited = new TaskCompletionSource<int>(TaskCreationOptions.RunContinuationsAsynchronously);
        container.Exited = exited.Task;
        switch (container.State)
        {
            case V1.ContainerState.ContainerRunning when ExitMonitor.IsAlive(record.ShimPid, record.ShimStartTime):
                // The shim kept the container's pipes and log while we were away, and will write its exit file.
                container.Shim = ContainerShim.Adopt(record.ShimPid, record.ShimStartTime);
                _ = events.WatchContainerAsync(container, exited);
                break;
            case V1.ContainerState.ContainerRunning:
                // Exited while we were away: its shim left the exit code (else it is unknown); the OOM counter outlives both.
                var oom = OomReader.WasOomKilled($"{sandbox.CgroupParent}/{container.Id}");
                if (status is not null) await sandbox.Runtime.DeleteAsync(container.Id, container.Dir, cancellationToken);
                EventMonitor.RecordExit(container, EventMonitor.ReadExitFile(container), oom);
                StateRecords.Save(container);
                exited.TrySetResult(container.ExitCode);
                break;
            case V1.ContainerState.ContainerCreated when status is not null:
                // StartContainer died between `create` and its record: undo `create`, StartContainer can run again.
                await sandbox.Runtime.DeleteAsync(container.Id, container.Dir, cancellationToken);
                break;
            case V1.ContainerState.ContainerExited:
                exited.TrySetResult(container.ExitCode);
                break;
        }
        containers.Add(container);
        Log.ContainerRecovered(logger, container.Id, container.State.ToString(), container.Pid, container.Reason);
    }

    private IEnumerable<string> Subdirectories(string name)
    {
        var path = Path.Join(options.State, name);
        return Directory.Exists(path) ? Directory.GetDirectories(path) : [];
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = 4320, Level = LogLevel.Information, Message = "Recovered sandbox {SandboxId}: {State}, pause pid {Pid}, IP {Ip}")]
        public static partial void SandboxRecovered(ILogger logger, string sandboxId, string state, int pid, string ip);

        [LoggerMessage(EventId = 4321, Level = LogLevel.Information, Message = "Recovered container {ContainerId}: {State}, pid {Pid} {Reason}")]
        public static partial void ContainerRecovered(ILogger logger, string containerId, string state, int pid, string reason);

        [LoggerMessage(EventId = 4322, Level = LogLevel.Warning, Message = "Removing {Dir}: it has no record, a previous run stopped while creating it")]
        public static partial void Discarded(ILogger logger, string dir);

        [LoggerMessage(EventId = 4323, Level = LogLevel.Error, Message = "Cannot recover {Dir}, leaving it alone: {Error}")]
        public static partial void Unrecoverable(ILogger logger, string dir, string error);
    }
}
