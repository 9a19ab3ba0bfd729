using System.Runtime.InteropServices;

namespace MiniKube.Runc.Init;

/// <summary>
/// PID 1 of a PID namespace is special: the kernel delivers it only signals it has a handler for (SIGKILL and
/// SIGSTOP from outside excepted), so with default dispositions `minirunc kill &lt;id&gt; TERM` on a created
/// container would do nothing. Like runc's init, minirunc's init handles the usual termination signals while it
/// waits for `start`, and exits on them. execve(2) resets these handlers, so the user's program starts with the
/// defaults and decides for itself (which is why a shell as PID 1 ignores SIGTERM unless it traps it).
/// Concept: https://man7.org/linux/man-pages/man7/pid_namespaces.7.html ("The namespace init process")
/// </summary>
internal static class InitSignals
{
    private static readonly List<PosixSignalRegistration> Registrations = [];

    public static void ExitOnTermination()
    {
        foreach (var signal in new[] { 1, 2, 3, 10, 12, 15 })   // HUP INT QUIT USR1 USR2 TERM
            Registrations.Add(PosixSignalRegistration.Create((PosixSignal)signal, _ => Environment.Exit(128 + signal)));
    }
}
