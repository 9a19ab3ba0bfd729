using MiniKube.Runc.Cli;
using MiniKube.Runc.Lifecycle;
using MiniKube.Runc.State;

namespace MiniKube.Runc.Commands;

/// <summary>
/// `minirunc kill [--all] &lt;id&gt; [SIGNAL]`: sends SIGNAL (default SIGTERM) to the container's PID 1, or with
/// --all to all its processes. Note that PID 1 of a PID namespace ignores signals it has no handler for (except
/// SIGKILL and SIGSTOP from outside), which is why `kubectl delete` falls back to SIGKILL after the grace period.
/// Concept: https://kubernetes.io/docs/concepts/workloads/pods/pod-lifecycle/#pod-termination
/// </summary>
internal static class KillCommand
{
    public static readonly Command Definition = new("kill", "kill [--all] <container-id> [signal]",
        "send a signal (default SIGTERM) to the container's init process", 1, 2, [new("all", Alias: "a")], Run);

    private static int Run(GlobalOptions global, ParsedArguments args)
    {
        var signal = Signals.Parse(args.Positionals.Count > 1 ? args.Positionals[1] : "SIGTERM");
        Container.Load(new StateStore(global.Root), args.Positionals[0]).Signal(signal, args.IsSet("all"));
        return 0;
    }
}
