using System.Globalization;
using MiniKube.Runc.Cgroups;
using MiniKube.Runc.Init;
using MiniKube.Runc.Interop;
using MiniKube.Runc.Logging;
using MiniKube.Runc.Spec;
using MiniKube.Runc.State;

namespace MiniKube.Runc.Lifecycle;

/// <summary>
/// A container as the OCI runtime lifecycle sees it: created from a bundle, started, signalled, deleted. Its status
/// is never stored; it is worked out from the facts each time: is init still alive, and does the exec FIFO still
/// exist.
/// Concept: https://github.com/opencontainers/runtime-spec/blob/main/runtime.md#lifecycle
/// </summary>
internal sealed class Container
{
    private readonly StateStore _store;

    private Container(StateStore store, ContainerState state)
    {
        _store = store;
        State = state;
    }

    public ContainerState State { get; }

    public static Container Load(StateStore store, string id)
    {
        StateStore.ValidateId(id);
        return new Container(store, store.Load(id));
    }

    private string FifoPath => Path.Join(_store.DirectoryOf(State.Id), ExecFifo.FileName);

    public bool InitAlive => ProcessStat.IsSameLiveProcess(State.InitProcessPid, State.InitProcessStartTime);

    /// <summary>"created" until start removes the FIFO, then "running" while init (now the program) lives, then "stopped".</summary>
    public string Status => !InitAlive ? "stopped" : File.Exists(FifoPath) ? "created" : "running";

    public ICgroupManager Cgroup => CgroupManager.FromState(State.CgroupDriver, State.CgroupPaths);

    public OciState ToOciState()
    {
        var status = Status;
        return new OciState
        {
            OciVersion = State.OciVersion,
            Id = State.Id,
            Pid = status == "stopped" ? 0 : State.InitProcessPid,
            Status = status,
            Bundle = State.Bundle,
            Rootfs = State.Rootfs,
            Created = State.Created.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fffffff'Z'", CultureInfo.InvariantCulture),
            Owner = "",
            Annotations = State.Annotations is { Count: > 0 } a ? a : null,
        };
    }

    /// <summary>
    /// `create`: validate the bundle, then state directory → exec FIFO → cgroup → init in its namespaces → state
    /// file. If any step fails, the steps before it are undone, so a refused bundle leaves nothing behind.
    /// </summary>
    public static Container Create(StateStore store, string id, string bundleDir, CreateOptions options)
    {
        StateStore.ValidateId(id);
        var bundle = Bundle.Load(bundleDir);
        SelfExecutable.RequireAheadOfTimeCompiled();
        if (bundle.Spec.Process!.Terminal && options.ConsoleSocket is null)
            throw new RuncException("process.terminal is set, so a --console-socket is needed to receive the terminal " +
                                    "(or run the container in the foreground with `minirunc run`)");
        foreach (var warning in Warnings(bundle.Spec)) RuncLog.Warning(warning);

        var dir = store.CreateDirectory(id);
        ICgroupManager? cgroup = null;
        var pid = 0;
        try
        {
            var fifo = Path.Join(dir, ExecFifo.FileName);
            ExecFifo.Create(fifo);
            cgroup = CgroupManager.ForNewContainer(bundle.Spec.Linux?.CgroupsPath, id);
            cgroup.Create(bundle.Spec.Linux?.Resources);
            pid = ParentProcess.StartInit(bundle, fifo, cgroup, options);

            var state = new ContainerState
            {
                OciVersion = bundle.Spec.OciVersion!,
                Id = id,
                Bundle = bundle.Directory,
                Rootfs = bundle.Rootfs,
                Created = DateTimeOffset.UtcNow,
                Annotations = bundle.Spec.Annotations,
                InitProcessPid = pid,
                InitProcessStartTime = ProcessStat.Read(pid)?.StartTime ?? 0,
                CgroupDriver = cgroup.Driver,
                CgroupPaths = new(cgroup.Paths),
                Namespaces = bundle.Spec.Linux?.Namespaces ?? [],
            };
            store.SaveConfig(id, bundle.Spec);
            store.Save(state);
            if (options.PidFile is { } pidFile) WritePidFile(pidFile, pid);
            RuncLog.Debug($"created container {id} with init pid {pid}");
            return new Container(store, state);
        }
        catch (Exception ex)
        {
            if (pid > 0)
            {
                Libc.kill(pid, 9);
                Libc.waitpid(pid, out _, 0);
            }
            try { cgroup?.Destroy(); }
            catch (CgroupException cleanup) { RuncLog.Warning($"cleanup after failed create: {cleanup.Message}"); }
            store.Remove(id);
            throw ex as RuncException ?? new RuncException(ex.Message, ex);
        }
    }

    private static IEnumerable<string> Warnings(RuntimeSpec spec)
    {
        if (spec.Linux?.Seccomp is not null)
            yield return "linux.seccomp is set but minirunc does not filter syscalls yet; the container runs without a seccomp profile";
        if (!string.IsNullOrEmpty(spec.Process?.ApparmorProfile) || !string.IsNullOrEmpty(spec.Process?.SelinuxLabel))
            yield return "AppArmor and SELinux labels are ignored (this machine has neither)";
    }

    /// <summary>`start`: releases init from the exec FIFO; init then execve's the user's program.</summary>
    public void Start()
    {
        switch (Status)
        {
            case "stopped": throw new RuncException("cannot start a container that has stopped");
            case "running": throw new RuncException("cannot start an already running container");
        }
        try { ExecFifo.Release(FifoPath, () => InitAlive); }
        catch (Exception ex) when (ex is not RuncException) { throw new RuncException($"failed to start container {State.Id}: {ex.Message}", ex); }
    }

    /// <summary>`kill`: sends a signal to init (the container's PID 1), or with --all to every process in its cgroup.</summary>
    public void Signal(int signal, bool all)
    {
        if (Status == "stopped") throw new RuncException("container not running");
        if (all)
        {
            Cgroup.SignalAll(signal);
            return;
        }
        if (Libc.kill(State.InitProcessPid, signal) == -1)
            throw new RuncException("container not running", new SyscallException("kill", System.Runtime.InteropServices.Marshal.GetLastPInvokeError()));
    }

    /// <summary>
    /// `delete`: a stopped or created container is removed (a created one is killed first); a running one only with
    /// --force, which kills every process in its cgroup. Then the cgroup directories and the state directory go.
    /// The container's mounts need no unmounting: they live in its mount namespace, which the kernel frees when its
    /// last process exits.
    /// </summary>
    public void Delete(bool force)
    {
        var status = Status;
        if (status == "running" && !force)
            throw new RuncException($"cannot delete container {State.Id} that is not stopped: running");

        var cgroup = Cgroup;
        if (status != "stopped")
        {
            Libc.kill(State.InitProcessPid, 9);
            cgroup.SignalAll(9);
            WaitFor(() => !InitAlive, "init to exit");
        }
        // Processes left in the cgroup (the container shared the host's PID namespace, or init just died and the
        // kernel is still killing the rest of its PID namespace) must go before the cgroup can be removed.
        if (cgroup.GetPids().Count > 0)
        {
            cgroup.SignalAll(9);
            WaitFor(() => cgroup.GetPids().Count == 0, "the container's processes to exit");
        }
        cgroup.Destroy();
        _store.Remove(State.Id);
    }

    /// <summary>`exec`: starts <paramref name="process"/> inside this container; returns its pid.</summary>
    public int Exec(Process process, CreateOptions options)
    {
        if (Status == "stopped") throw new RuncException("cannot exec in a stopped container");
        SelfExecutable.RequireAheadOfTimeCompiled();
        var pid = ParentProcess.StartSetns(State, process, Cgroup, options);
        if (options.PidFile is { } pidFile) WritePidFile(pidFile, pid);
        return pid;
    }

    /// <summary>The pid file the high-level runtime asked for, written atomically like runc does.</summary>
    private static void WritePidFile(string path, int pid)
    {
        var full = Path.GetFullPath(path);
        var tmp = Path.Join(Path.GetDirectoryName(full), "." + Path.GetFileName(full));
        File.WriteAllText(tmp, pid.ToString(CultureInfo.InvariantCulture));
        File.Move(tmp, full, overwrite: true);
    }

    private static void WaitFor(Func<bool> condition, string what)
    {
        for (var i = 0; i < 500; i++)
        {
            if (condition()) return;
            Thread.Sleep(20);
        }
        throw new RuncException($"timed out waiting for {what}");
    }
}
