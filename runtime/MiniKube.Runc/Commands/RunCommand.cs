using MiniKube.Runc.Cli;
using MiniKube.Runc.Lifecycle;
using MiniKube.Runc.Logging;

namespace MiniKube.Runc.Commands;

/// <summary>
/// `minirunc run [--bundle DIR] [--detach] &lt;id&gt;`: create + start + wait in one go, like `docker run`. It exits
/// with the container's exit code (128 + signal if it was killed, so 137 for SIGKILL and the OOM killer), then
/// deletes the container unless --keep or --detach.
/// </summary>
internal static class RunCommand
{
    public static readonly Command Definition = new("run", "run [command options] <container-id>",
        "create and start a container, wait for it, and exit with its status", 1, 1,
        [.. CreateCommand.Flags, new("detach", Alias: "d"), new("keep")], Run);

    private static int Run(GlobalOptions global, ParsedArguments args)
    {
        // A terminal in the foreground: listen on a console socket of our own and relay it to our stdio.
        using var console = !args.IsSet("detach") && args.Value("console-socket") is null &&
                            Spec.Bundle.Load(CreateCommand.BundleDirectory(args)).Spec.Process?.Terminal == true
            ? ConsoleSocket.Listen()
            : null;
        var container = CreateCommand.Create(global, args, console?.Path);
        TerminalProxy? proxy = null;
        try
        {
            if (console is not null) proxy = new TerminalProxy(console.ReceiveMaster());
            container.Start();
        }
        catch
        {
            proxy?.Dispose();
            container.Delete(force: true);
            throw;
        }
        if (args.IsSet("detach")) return 0;

        // Init is our own child (we spawned it), so waitpid works and reports how it ended.
        var status = ForegroundWait.ForChild(container.State.InitProcessPid);
        proxy?.Dispose();
        ReportOom(container);
        if (!args.IsSet("keep")) container.Delete(force: true);
        return ExitStatus.ToExitCode(status);
    }

    private static void ReportOom(Container container)
    {
        try
        {
            var memory = container.Cgroup.GetStats().Memory;
            if (memory.EventCount.OomKill > 0)
                RuncLog.Warning($"container {container.State.Id} was OOM-killed: its processes used more than the " +
                                $"memory limit of {memory.Usage.Limit} bytes ({memory.EventCount.OomKill} process(es) killed)");
        }
        catch (Cgroups.CgroupException) { }
    }
}
