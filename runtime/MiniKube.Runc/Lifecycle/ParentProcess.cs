using System.Runtime.InteropServices;
using MiniKube.Runc.Cgroups;
using MiniKube.Runc.Init;
using MiniKube.Runc.Interop;
using MiniKube.Runc.Logging;
using MiniKube.Runc.Namespaces;
using MiniKube.Runc.Spec;
using MiniKube.Runc.State;

namespace MiniKube.Runc.Lifecycle;

/// <summary>
/// The parent's half of the two-stage start: spawn `minirunc init` inside the container's namespaces
/// (<see cref="NamespaceSpawner"/>), put it into the cgroup, hand it its <see cref="InitConfig"/> over the
/// <see cref="SyncSocket"/>, and wait until it reports "ready" or an error. runc's libcontainer calls these
/// initProcess (for create) and setnsProcess (for exec).
/// Concept: https://github.com/opencontainers/runtime-spec/blob/main/runtime.md#create
/// </summary>
internal static class ParentProcess
{
    /// <summary>Starts the init of a new container; returns its pid once it waits on the exec FIFO.</summary>
    public static int StartInit(Bundle bundle, string fifoPath, ICgroupManager cgroup, CreateOptions options)
    {
        var spec = bundle.Spec;
        var joins = new List<(int Fd, int CloneFlag)>();
        var unshareFlags = 0;
        var newCgroupNs = false;
        try
        {
            foreach (var ns in spec.Linux?.Namespaces ?? [])
            {
                var type = NamespaceType.Find(ns.Type)!;   // validated already
                if (!string.IsNullOrEmpty(ns.Path)) joins.Add((OpenNamespace(ns.Path), type.CloneFlag));
                // The cgroup namespace is made by init itself, after it is in the container's cgroup (see CgroupNamespace).
                else if (type == NamespaceType.Cgroup) newCgroupNs = true;
                else unshareFlags |= type.CloneFlag;
            }

            var config = new InitConfig
            {
                Mode = "create",
                Spec = spec,
                Process = spec.Process!,
                Rootfs = bundle.Rootfs,
                Bundle = bundle.Directory,
                FifoPath = fifoPath,
                NewCgroupNamespace = newCgroupNs,
                NewNetworkNamespace = (unshareFlags & Libc.CLONE_NEWNET) != 0,
                CgroupDriver = cgroup.Driver,
                CgroupPaths = new(cgroup.Paths),
                PreserveFds = options.PreserveFds,
            };
            return SpawnAndSync(config, joins, unshareFlags, cgroup, ConsoleFds(config.Process, options));
        }
        finally
        {
            foreach (var (fd, _) in joins) Libc.close(fd);
        }
    }

    /// <summary>Starts a process inside a running container (`exec`); returns its pid once it is about to execve.</summary>
    public static int StartSetns(ContainerState state, Process process, ICgroupManager cgroup, CreateOptions options)
    {
        var joins = new List<(int Fd, int CloneFlag)>();
        var mntFd = -1;
        try
        {
            foreach (var ns in state.Namespaces)
            {
                var type = NamespaceType.Find(ns.Type)!;
                var fd = OpenNamespace($"/proc/{state.InitProcessPid}/ns/{type.ProcName}");
                if (type == NamespaceType.Mount) mntFd = SyncSocket.MoveHigh(fd);   // joined by the child, see MountNamespace.Join
                else joins.Add((fd, type.CloneFlag));
            }
            if (mntFd < 0) throw new RuncException($"container {state.Id} has no mount namespace to exec into");

            var config = new InitConfig { Mode = "exec", Process = process, PreserveFds = options.PreserveFds };
            return SpawnAndSync(config, joins, unshareFlags: 0, cgroup,
                [(mntFd, SetnsInit.MountNamespaceFdVariable), .. ConsoleFds(process, options)]);
        }
        finally
        {
            foreach (var (fd, _) in joins) Libc.close(fd);
            if (mntFd >= 0) Libc.close(mntFd);
        }
    }

    /// <summary>With process.terminal, the connected console socket init sends the terminal through.</summary>
    private static List<(int Fd, string Variable)> ConsoleFds(Process process, CreateOptions options)
    {
        if (!process.Terminal) return [];
        if (options.ConsoleSocket is null)
            throw new RuncException("process.terminal is set, so a --console-socket is needed to receive the terminal " +
                                    "(or run the container in the foreground with `minirunc run`)");
        return [(ConsoleSocket.Connect(options.ConsoleSocket), Terminal.ConsoleSocketFdVariable)];
    }

    private static int OpenNamespace(string path) =>
        Libc.open(path, Libc.O_RDONLY | Libc.O_CLOEXEC, 0) is var fd and >= 0
            ? fd
            : throw new RuncException($"failed to open namespace {path}", new SyscallException("open", Marshal.GetLastPInvokeError()));

    private static int SpawnAndSync(InitConfig config, List<(int Fd, int CloneFlag)> joins, int unshareFlags, ICgroupManager cgroup,
        IReadOnlyList<(int Fd, string Variable)> extraFds)
    {
        var (parentEnd, childEnd) = SyncSocket.CreatePair();
        using var parent = parentEnd;
        var pid = 0;
        try
        {
            // The child sees: 0-2 as ours, then the --preserve-fds descriptors, then its sync socket, then extras.
            var next = 3 + config.PreserveFds;
            var fdMap = new List<(int Ours, int Child)> { (childEnd.Fd, next) };
            var env = CurrentEnvironment();
            env.Add($"{SyncSocket.FdVariable}={next}");
            foreach (var (fd, variable) in extraFds)
            {
                next++;
                fdMap.Add((fd, next));
                env.Add($"{variable}={next}");
            }

            using (var spawn = new PosixSpawn(SelfExecutable.Path, [.. SelfExecutable.Arguments, "init"], env, fdMap))
            {
                pid = NamespaceSpawner.Spawn(spawn, joins, unshareFlags);
            }
            childEnd.Dispose();
            foreach (var (fd, variable) in extraFds)
                if (variable == Terminal.ConsoleSocketFdVariable) Libc.close(fd);   // init has its copy
            RuncLog.Debug($"started init as pid {pid}");

            cgroup.AddProcess(pid);
            parent.Send(config, MiniruncJsonContext.Default.InitConfig);
            WaitUntilReady(parent, pid);
            return pid;
        }
        catch
        {
            childEnd.Dispose();
            if (pid > 0)
            {
                Libc.kill(pid, 9);
                Libc.waitpid(pid, out _, 0);
            }
            throw;
        }
    }

    private static void WaitUntilReady(SyncSocket parent, int pid)
    {
        while (true)
        {
            var message = parent.Receive(MiniruncJsonContext.Default.InitMessage);
            switch (message?.Type)
            {
                case null:
                    throw new RuncException($"container init (pid {pid}) exited before it was ready{ExitDescription(pid)}");
                case "log":
                    RuncLog.Warning(message.Message ?? "");
                    break;
                case "error":
                    throw new RuncException($"unable to start container process: {message.Message}");
                case "ready":
                    return;
            }
        }
    }

    private static string ExitDescription(int pid)
    {
        if (Libc.waitpid(pid, out var status, Libc.WNOHANG) != pid) return "";
        return $" ({ExitStatus.Describe(status)})";
    }

    private static List<string> CurrentEnvironment()
    {
        var env = new List<string>();
        foreach (System.Collections.DictionaryEntry e in Environment.GetEnvironmentVariables())
            if (e.Key is string k && !k.StartsWith("_MINIRUNC_", StringComparison.Ordinal)) env.Add($"{k}={e.Value}");
        return env;
    }
}
