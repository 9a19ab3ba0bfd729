namespace MiniKube.Runc.Cgroups;

/// <summary>A cgroup operation failed; the message names the file and directory.</summary>
internal sealed class CgroupException(string message, Exception? inner = null) : Exception(message, inner);
