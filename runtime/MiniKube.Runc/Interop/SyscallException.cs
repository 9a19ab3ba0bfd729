using System.Runtime.InteropServices;

namespace MiniKube.Runc.Interop;

/// <summary>A failed syscall: what we were doing, and the errno's text ("mount proc on /proc: operation not permitted").</summary>
internal sealed class SyscallException(string what, int errno)
    : Exception($"{what}: {Marshal.GetPInvokeErrorMessage(errno).ToLowerInvariant()}")
{
    public int Errno { get; } = errno;
}
