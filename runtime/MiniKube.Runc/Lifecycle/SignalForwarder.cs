using System.Runtime.InteropServices;
using MiniKube.Runc.Interop;

namespace MiniKube.Runc.Lifecycle;

/// <summary>
/// While `run` or `exec` waits in the foreground, signals sent to minirunc (Ctrl-C, `kill`) are passed on to the
/// container's process, as runc does, so stopping minirunc stops the container cleanly.
/// </summary>
internal sealed class SignalForwarder : IDisposable
{
    private static readonly int[] Forwarded = [1, 2, 3, 10, 12, 15, 28];   // HUP INT QUIT USR1 USR2 TERM WINCH
    private readonly List<PosixSignalRegistration> _registrations = [];

    public SignalForwarder(int pid)
    {
        foreach (var signal in Forwarded)
        {
            _registrations.Add(PosixSignalRegistration.Create((PosixSignal)signal, context =>
            {
                context.Cancel = true;   // do not let .NET terminate minirunc; the container decides
                Libc.kill(pid, signal);
            }));
        }
    }

    public void Dispose()
    {
        foreach (var r in _registrations) r.Dispose();
    }
}
