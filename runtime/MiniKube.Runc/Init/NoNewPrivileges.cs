using MiniKube.Runc.Interop;

namespace MiniKube.Runc.Init;

/// <summary>
/// process.noNewPrivileges: sets the no_new_privs bit, after which execve can never grant more privileges than the
/// process has (setuid binaries and file capabilities stop working). Kubernetes' allowPrivilegeEscalation: false.
/// Concept: https://kubernetes.io/docs/tasks/configure-pod-container/security-context/,
/// https://docs.kernel.org/userspace-api/no_new_privs.html
/// </summary>
internal static class NoNewPrivileges
{
    public static void Set() => Libc.Check(Libc.prctl(Libc.PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0), "prctl(PR_SET_NO_NEW_PRIVS)");
}
