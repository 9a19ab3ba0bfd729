using MiniKube.Runc.Interop;
using MiniKube.Runc.Namespaces;
using MiniKube.Runc.Spec;

namespace MiniKube.Runc.Init;

/// <summary>
/// The init for `exec` (kubectl exec): a process that joins a running container instead of making one. The parent
/// already put it into the container's PID, IPC, UTS, network and cgroup namespaces and its cgroup; it joins the
/// mount namespace itself, takes on the process.json's identity and limits, and execve's the command.
/// Concept: https://kubernetes.io/docs/tasks/debug/debug-application/get-shell-running-container/
/// </summary>
internal static class SetnsInit
{
    /// <summary>The environment variable naming the descriptor of the container's mount namespace.</summary>
    public const string MountNamespaceFdVariable = "_MINIRUNC_MNTNS";

    /// <summary>
    /// Step 1: enter the container's mount namespace (its root becomes ours).
    /// Step 2: rlimits; find the program in the container's PATH; with process.terminal, open a pty and send its
    /// master to the console socket.
    /// Step 3: no_new_privs, capabilities, user and groups, working directory.
    /// Step 4: tell the parent we are ready, and execve the program.
    /// </summary>
    public static void Run(InitConfig config, SyncSocket sync, Action<string> warn)
    {
        var process = config.Process;

        // Step 1
        var mntFd = int.Parse(Environment.GetEnvironmentVariable(MountNamespaceFdVariable)
                              ?? throw new InvalidOperationException($"{MountNamespaceFdVariable} is not set"),
            System.Globalization.CultureInfo.InvariantCulture);
        MountNamespace.Join(mntFd);

        // Step 2
        Rlimits.Apply(process.Rlimits);
        var env = EnvironmentFor(process);
        var program = Execve.LookPath(process.Args![0], env);
        if (process.Terminal) OpenTerminal(process, bindDevConsole: false);

        // Step 3
        DropPrivileges(process, warn);
        FileDescriptors.CloseOnExecAbove(2 + config.PreserveFds);

        // Step 4
        sync.Send(new InitMessage("ready"), MiniruncJsonContext.Default.InitMessage);
        sync.Dispose();
        Execve.Run(program, process.Args, env);
    }

    /// <summary>Opens the pty, sends its master to the console socket, and makes the slave our terminal and stdio.</summary>
    public static void OpenTerminal(Process process, bool bindDevConsole)
    {
        var (master, slave, slavePath) = Terminal.Open(process.ConsoleSize);
        if (bindDevConsole) Terminal.BindDevConsole(slavePath);
        var socket = Terminal.ConsoleSocketFd();
        Terminal.SendFd(socket, master, "/dev/ptmx");
        Libc.close(master);
        Libc.close(socket);
        Terminal.BecomeControllingTerminal(slave);
    }

    /// <summary>process.env, plus HOME from the container's /etc/passwd when it is missing (as runc does).</summary>
    public static List<string> EnvironmentFor(Process process)
    {
        var env = new List<string>(process.Env ?? []);
        if (!env.Any(e => e.StartsWith("HOME=", StringComparison.Ordinal))) env.Add("HOME=" + UserIdentity.HomeOf(process.User.Uid));
        return env;
    }

    /// <summary>
    /// The privilege-dropping steps shared by create and exec, in the order the kernel needs them: no_new_privs and
    /// the bounding set while still fully root, then uid/gid/groups, then the capability sets (which the uid change
    /// cleared from the effective set), then the working directory as the final user, and the umask.
    /// </summary>
    public static void DropPrivileges(Process process, Action<string> warn)
    {
        if (process.NoNewPrivileges) NoNewPrivileges.Set();
        if (process.Capabilities is { } caps) Capabilities.DropBoundingSet(caps);
        UserIdentity.Switch(process.User);
        if (process.Capabilities is { } caps2) Capabilities.SetProcessSets(caps2, warn);
        var cwd = string.IsNullOrEmpty(process.Cwd) ? "/" : process.Cwd;
        Libc.Check(Libc.chdir(cwd), $"chdir to cwd (\"{cwd}\") set in config.json");
        _ = Libc.umask(process.User.Umask ?? 0x12);   // 0022, runc's default
    }
}
