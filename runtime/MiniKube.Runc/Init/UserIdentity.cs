using MiniKube.Runc.Interop;
using MiniKube.Runc.Spec;

namespace MiniKube.Runc.Init;

/// <summary>
/// process.user: the uid, gid and supplementary groups the container's process runs as (Kubernetes'
/// runAsUser, runAsGroup, supplementalGroups).
/// Concept: https://kubernetes.io/docs/tasks/configure-pod-container/security-context/
/// </summary>
internal static class UserIdentity
{
    /// <summary>
    /// Groups first (changing them needs CAP_SETGID, which a non-root uid loses), then gid, then uid. PR_SET_KEEPCAPS
    /// keeps the permitted capabilities across the uid change, so Capabilities.SetProcessSets can still grant them.
    /// </summary>
    public static unsafe void Switch(User user)
    {
        Libc.Check(Libc.prctl(Libc.PR_SET_KEEPCAPS, 1, 0, 0, 0), "prctl(PR_SET_KEEPCAPS)");
        var groups = (user.AdditionalGids ?? []).ToArray();
        fixed (uint* list = groups)
            Libc.Check(Libc.setgroups((nuint)groups.Length, list), "setgroups");
        Libc.Check(Libc.setresgid(user.Gid, user.Gid, user.Gid), $"setresgid {user.Gid}");
        Libc.Check(Libc.setresuid(user.Uid, user.Uid, user.Uid), $"setresuid {user.Uid}");
        Libc.Check(Libc.prctl(Libc.PR_SET_KEEPCAPS, 0, 0, 0, 0), "prctl(PR_SET_KEEPCAPS)");
    }

    /// <summary>The user's home directory from the container's /etc/passwd, or "/" (what runc puts in HOME).</summary>
    public static string HomeOf(uint uid)
    {
        try
        {
            foreach (var line in File.ReadLines("/etc/passwd"))
            {
                var f = line.Split(':');
                if (f.Length >= 6 && f[2] == uid.ToString(System.Globalization.CultureInfo.InvariantCulture)) return f[5];
            }
        }
        catch (IOException) { }
        return "/";
    }
}
