namespace MiniKube.Runc.Cgroups;

/// <summary>
/// One line of `minirunc events`, in runc's shape: {"type":"stats","id":"…","data":{…}} with the cgroup's usage,
/// or {"type":"oom","id":"…"} when the kernel's OOM killer has killed a process of the container.
/// </summary>
internal sealed record ContainerEvent(string Type, string Id, CgroupStats? Data = null);
