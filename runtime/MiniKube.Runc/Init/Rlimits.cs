using MiniKube.Runc.Interop;
using MiniKube.Runc.Spec;

namespace MiniKube.Runc.Init;

/// <summary>
/// process.rlimits: per-process resource limits (open files, processes per user, core size…) set with prlimit(2)
/// before execve; the program and its children inherit them. Lowering is always allowed; raising a hard limit needs
/// CAP_SYS_RESOURCE, which root on this machine does not have.
/// Concept: https://man7.org/linux/man-pages/man2/getrlimit.2.html
/// </summary>
internal static class Rlimits
{
    /// <summary>The OCI names and their resource numbers (the same on x86-64 and arm64).</summary>
    public static readonly IReadOnlyDictionary<string, int> Resources = new Dictionary<string, int>
    {
        ["RLIMIT_CPU"] = 0, ["RLIMIT_FSIZE"] = 1, ["RLIMIT_DATA"] = 2, ["RLIMIT_STACK"] = 3, ["RLIMIT_CORE"] = 4,
        ["RLIMIT_RSS"] = 5, ["RLIMIT_NPROC"] = 6, ["RLIMIT_NOFILE"] = 7, ["RLIMIT_MEMLOCK"] = 8, ["RLIMIT_AS"] = 9,
        ["RLIMIT_LOCKS"] = 10, ["RLIMIT_SIGPENDING"] = 11, ["RLIMIT_MSGQUEUE"] = 12, ["RLIMIT_NICE"] = 13,
        ["RLIMIT_RTPRIO"] = 14, ["RLIMIT_RTTIME"] = 15,
    };

    public static unsafe void Apply(IEnumerable<PosixRlimit>? rlimits)
    {
        foreach (var r in rlimits ?? [])
        {
            var limit = new Libc.RLimit { Current = r.Soft, Max = r.Hard };
            if (Libc.prlimit(0, Resources[r.Type], &limit, null) == -1)
            {
                var errno = System.Runtime.InteropServices.Marshal.GetLastPInvokeError();
                var hint = errno == Libc.EPERM ? " (raising a hard limit needs CAP_SYS_RESOURCE)" : "";
                throw new SyscallException($"setrlimit {r.Type} soft={r.Soft} hard={r.Hard}{hint}", errno);
            }
        }
    }
}
