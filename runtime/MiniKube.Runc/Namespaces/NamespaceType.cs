using MiniKube.Runc.Interop;

namespace MiniKube.Runc.Namespaces;

/// <summary>
/// The namespace types of the OCI spec ("pid", "network", …), each with its clone flag and its name under
/// /proc/&lt;pid&gt;/ns/. A namespace gives a process its own view of one kind of global resource: its own process ids,
/// mount table, hostname, IPC objects, network stack, cgroup root or clocks.
/// Concept: https://man7.org/linux/man-pages/man7/namespaces.7.html
/// </summary>
internal sealed record NamespaceType(string Type, int CloneFlag, string ProcName)
{
    public static readonly NamespaceType Pid = new("pid", Libc.CLONE_NEWPID, "pid");
    public static readonly NamespaceType Network = new("network", Libc.CLONE_NEWNET, "net");
    public static readonly NamespaceType Mount = new("mount", Libc.CLONE_NEWNS, "mnt");
    public static readonly NamespaceType Ipc = new("ipc", Libc.CLONE_NEWIPC, "ipc");
    public static readonly NamespaceType Uts = new("uts", Libc.CLONE_NEWUTS, "uts");
    public static readonly NamespaceType Cgroup = new("cgroup", Libc.CLONE_NEWCGROUP, "cgroup");
    public static readonly NamespaceType User = new("user", Libc.CLONE_NEWUSER, "user");
    public static readonly NamespaceType Time = new("time", Libc.CLONE_NEWTIME, "time");

    public static readonly IReadOnlyList<NamespaceType> All = [Pid, Network, Mount, Ipc, Uts, Cgroup, User, Time];

    public static NamespaceType? Find(string type) => All.FirstOrDefault(n => n.Type == type);
}
