using MiniKube.Runc.Cgroups;
using MiniKube.Runc.Namespaces;
using MiniKube.Runc.Rootfs;

namespace MiniKube.Runc.Init;

/// <summary>
/// The container's init for `create`: runs as PID 1 of the new PID namespace, already inside the new mount, UTS,
/// IPC and network namespaces and the container's cgroup, and turns itself into the container, one numbered step at
/// a time. Everything runs on the main thread, because credentials, capabilities and no_new_privs are per thread and
/// only the thread that calls execve passes them on.
/// Concept: https://github.com/opencontainers/runtime-spec/blob/main/runtime.md#lifecycle
/// </summary>
internal static class StandardInit
{
    /// <summary>
    /// Step 1: a cgroup namespace of its own, now that the parent has put init into the container's cgroup.
    /// Step 2: bring up the loopback interface of the new network namespace.
    /// Step 3: keep a handle on the exec FIFO while its host path is still reachable.
    /// Step 4: mounts, /dev and pivot_root (Rootfs/RootfsSetup.Prepare).
    /// Step 4b: with process.terminal, open a pty in the container's /dev, send its master to the console socket and
    /// make it our terminal and stdio (which also lets go of create's stdio, as runc does).
    /// Step 5: hostname and domain name (UTS namespace).
    /// Step 6: sysctls, before /proc/sys turns read-only.
    /// Step 7: read-only and masked paths, read-only root (RootfsSetup.Finalize).
    /// Step 8: oom_score_adj and rlimits.
    /// Step 9: find the program in the container's PATH, so a typo fails `create`, not `start`.
    /// Step 10: no_new_privs, then capabilities, user and groups (<see cref="SetnsInit.DropPrivileges"/>).
    /// Step 11: tell the parent we are ready; `create` writes the state file and exits.
    /// Step 12: exit on SIGTERM and friends while waiting (see <see cref="InitSignals"/>), block on the exec FIFO
    /// until `start`, then execve the program.
    /// </summary>
    public static void Run(InitConfig config, SyncSocket sync, Action<string> warn)
    {
        var spec = config.Spec;
        var process = config.Process;

        // Step 1
        if (config.NewCgroupNamespace) CgroupNamespace.Unshare();
        // Step 2
        if (config.NewNetworkNamespace) Network.BringUpLoopback();
        // Step 3
        var fifo = ExecFifo.Reference(config.FifoPath);

        // Step 4
        var cgroups = new CgroupMountInfo(CgroupLayout.Detect(), config.CgroupPaths, config.NewCgroupNamespace);
        RootfsSetup.Prepare(spec, config.Rootfs, config.Bundle, cgroups);

        // Step 4b
        if (process.Terminal) SetnsInit.OpenTerminal(process, bindDevConsole: true);

        // Step 5
        if (!string.IsNullOrEmpty(spec.Hostname)) Uts.SetHostname(spec.Hostname);
        if (!string.IsNullOrEmpty(spec.Domainname)) Uts.SetDomainname(spec.Domainname);

        // Step 6
        Sysctl.Apply(spec.Linux?.Sysctl);

        // Step 7
        RootfsSetup.Finalize(spec);

        // Step 8
        OomScoreAdj.Apply(process.OomScoreAdj, warn);
        Rlimits.Apply(process.Rlimits);

        // Step 9
        var env = SetnsInit.EnvironmentFor(process);
        var program = Execve.LookPath(process.Args![0], env);

        // Step 10
        SetnsInit.DropPrivileges(process, warn);
        FileDescriptors.CloseOnExecAbove(2 + config.PreserveFds);

        // Step 11
        sync.Send(new InitMessage("ready"), MiniruncJsonContext.Default.InitMessage);
        sync.Dispose();

        // Step 12
        InitSignals.ExitOnTermination();
        ExecFifo.WaitForStart(fifo);
        Execve.Run(program, process.Args, env);
    }
}
