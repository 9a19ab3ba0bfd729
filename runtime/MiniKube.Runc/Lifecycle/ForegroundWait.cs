using MiniKube.Runc.Interop;

namespace MiniKube.Runc.Lifecycle;

/// <summary>Waits for a child of minirunc (the init of `run`, the process of `exec`), forwarding signals meanwhile.</summary>
internal static class ForegroundWait
{
    public static int ForChild(int pid)
    {
        using var forwarder = new SignalForwarder(pid);
        while (true)
        {
            if (Libc.waitpid(pid, out var status, 0) == pid) return status;
            if (System.Runtime.InteropServices.Marshal.GetLastPInvokeError() != Libc.EINTR)
                throw new RuncException($"waitpid {pid} failed");
        }
    }
}
