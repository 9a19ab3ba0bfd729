using System.Globalization;
using MiniKube.Runc.Interop;
using MiniKube.Runc.Spec;

namespace MiniKube.Runc.Init;

/// <summary>
/// Linux capabilities: root's power split into about 40 pieces (CAP_SYS_ADMIN for mount and sethostname,
/// CAP_NET_ADMIN for network configuration, CAP_KILL…). A container's root keeps only the ones config.json lists;
/// Kubernetes' securityContext.capabilities add/drop edits these lists.
/// Concept: https://kubernetes.io/docs/tasks/configure-pod-container/security-context/#set-capabilities-for-a-container,
/// https://man7.org/linux/man-pages/man7/capabilities.7.html
/// </summary>
/// <remarks>
/// Capabilities belong to a thread. Init sets them on the thread that will call execve(2), which is the only one
/// whose credentials the new program inherits. Of the five sets, the bounding set is the ceiling: it can only
/// shrink, and for a root process execve grants everything in it. So the bounding set is what really limits a
/// root container, and it is dropped first, while init still has CAP_SETPCAP.
/// </remarks>
internal static class Capabilities
{
    /// <summary>Capability names by number, as in linux/capability.h.</summary>
    public static readonly string[] Names =
    [
        "CAP_CHOWN", "CAP_DAC_OVERRIDE", "CAP_DAC_READ_SEARCH", "CAP_FOWNER", "CAP_FSETID", "CAP_KILL", "CAP_SETGID",
        "CAP_SETUID", "CAP_SETPCAP", "CAP_LINUX_IMMUTABLE", "CAP_NET_BIND_SERVICE", "CAP_NET_BROADCAST", "CAP_NET_ADMIN",
        "CAP_NET_RAW", "CAP_IPC_LOCK", "CAP_IPC_OWNER", "CAP_SYS_MODULE", "CAP_SYS_RAWIO", "CAP_SYS_CHROOT", "CAP_SYS_PTRACE",
        "CAP_SYS_PACCT", "CAP_SYS_ADMIN", "CAP_SYS_BOOT", "CAP_SYS_NICE", "CAP_SYS_RESOURCE", "CAP_SYS_TIME",
        "CAP_SYS_TTY_CONFIG", "CAP_MKNOD", "CAP_LEASE", "CAP_AUDIT_WRITE", "CAP_AUDIT_CONTROL", "CAP_SETFCAP",
        "CAP_MAC_OVERRIDE", "CAP_MAC_ADMIN", "CAP_SYSLOG", "CAP_WAKE_ALARM", "CAP_BLOCK_SUSPEND", "CAP_AUDIT_READ",
        "CAP_PERFMON", "CAP_BPF", "CAP_CHECKPOINT_RESTORE",
    ];

    private const uint LinuxCapabilityVersion3 = 0x20080522;

    /// <summary>The highest capability number this kernel knows (/proc/sys/kernel/cap_last_cap).</summary>
    public static int LastCap => int.Parse(File.ReadAllText("/proc/sys/kernel/cap_last_cap").Trim(), CultureInfo.InvariantCulture);

    public static bool IsKnown(string name) => Names.Contains(name);

    /// <summary>Step 1 (before changing user): drop every capability not in the bounding list from the bounding set.</summary>
    public static void DropBoundingSet(LinuxCapabilities caps)
    {
        var keep = ToMask(caps.Bounding);
        for (var cap = 0; cap <= LastCap; cap++)
        {
            if ((keep & (1UL << cap)) != 0) continue;
            Libc.Check(Libc.prctl(Libc.PR_CAPBSET_DROP, (ulong)cap, 0, 0, 0), $"drop {NameOf(cap)} from the bounding set");
        }
    }

    /// <summary>
    /// Step 2 (after changing user): set the effective, permitted and inheritable sets with capset(2), then raise the
    /// ambient set. A capability minirunc itself does not have (root here lacks CAP_SYS_RESOURCE) cannot be given;
    /// it is left out and reported through <paramref name="warn"/> instead of failing the container.
    /// </summary>
    public static unsafe void SetProcessSets(LinuxCapabilities caps, Action<string> warn)
    {
        var header = new Libc.CapUserHeader { Version = LinuxCapabilityVersion3, Pid = 0 };
        var current = stackalloc Libc.CapUserData[2];
        Libc.Check(Libc.capget(&header, current), "capget");
        var available = current[0].Permitted | ((ulong)current[1].Permitted << 32);

        var permitted = ToMask(caps.Permitted);
        var missing = permitted & ~available;
        if (missing != 0) warn($"capabilities {string.Join(", ", FromMask(missing))} requested but minirunc does not have them; the container will not either");
        permitted &= available;
        var effective = ToMask(caps.Effective) & permitted;
        var inheritable = ToMask(caps.Inheritable) & available;

        var data = stackalloc Libc.CapUserData[2];
        data[0] = new Libc.CapUserData { Effective = (uint)effective, Permitted = (uint)permitted, Inheritable = (uint)inheritable };
        data[1] = new Libc.CapUserData { Effective = (uint)(effective >> 32), Permitted = (uint)(permitted >> 32), Inheritable = (uint)(inheritable >> 32) };
        Libc.Check(Libc.capset(&header, data), "capset");

        // The ambient set survives execve for a non-root user, but only for capabilities that are both permitted and
        // inheritable; the kernel refuses the rest, which (like runc) we accept silently.
        foreach (var cap in FromMask(ToMask(caps.Ambient)).Select(n => Array.IndexOf(Names, n)))
            Libc.prctl(Libc.PR_CAP_AMBIENT, Libc.PR_CAP_AMBIENT_RAISE, (ulong)cap, 0, 0);
    }

    /// <summary>Names → bit mask; names this kernel does not know (newer than cap_last_cap) are skipped.</summary>
    public static ulong ToMask(IEnumerable<string>? names)
    {
        ulong mask = 0;
        var last = LastCap;
        foreach (var name in names ?? [])
        {
            var cap = Array.IndexOf(Names, name);
            if (cap >= 0 && cap <= last) mask |= 1UL << cap;
        }
        return mask;
    }

    public static IEnumerable<string> FromMask(ulong mask) =>
        Enumerable.Range(0, Names.Length).Where(c => (mask & (1UL << c)) != 0).Select(NameOf);

    private static string NameOf(int cap) => cap < Names.Length ? Names[cap] : $"capability {cap}";
}
