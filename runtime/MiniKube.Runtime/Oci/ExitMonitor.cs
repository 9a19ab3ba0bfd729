using MiniKube.Runtime.Interop;

namespace MiniKube.Runtime.Oci;

/// <summary>
/// Waits for a pause process (or an adopted shim) to exit and collects its status. minikube-runtime is the subreaper of
/// the pause processes it creates (see <see cref="Libc.BecomeSubreaper"/>), so a pause becomes our child when `create`
/// exits and waitpid gives its exit code. A process adopted after a restart of the runtime is not our child: its parent
/// (the host's init) reaps it, so we can only watch /proc until it is gone, and its exit code is lost
/// (<see cref="ProcessExit.Known"/> false). Containers' inits are reaped by their shims (<see cref="ContainerShim"/>).
/// </summary>
public static class ExitMonitor
{
    private static readonly TimeSpan Interval = TimeSpan.FromMilliseconds(50);
    private static readonly TimeSpan ForeignInterval = TimeSpan.FromMilliseconds(500);

    public static async Task<ProcessExit> WaitAsync(int pid, ulong startTime = 0)
    {
        while (true)
        {
            try
            {
                if (Libc.TryReap(pid) is { } code) return new ProcessExit(code, Known: true);
            }
            catch (IOException)
            {
                // ECHILD: not our child. Gone, a zombie waiting for another parent, or a new process with a recycled pid
                // all mean that ours has exited.
                if (!IsAlive(pid, startTime)) return new ProcessExit(UnknownExitCode, Known: false);
                await Task.Delay(ForeignInterval);
                continue;
            }
            await Task.Delay(Interval);
        }
    }

    /// <summary>containerd's unknownExitCode: what is reported when the exit status could not be collected.</summary>
    public const int UnknownExitCode = 255;

    /// <summary>
    /// The process's start time since boot in clock ticks (/proc/&lt;pid&gt;/stat field 22), or 0 when it is gone;
    /// a pid together with its start time names one process for good.
    /// </summary>
    public static ulong StartTime(int pid)
    {
        if (ReadStat(pid) is not { } fields || fields.Length < 20) return 0;
        return ulong.TryParse(fields[19], System.Globalization.CultureInfo.InvariantCulture, out var ticks) ? ticks : 0;
    }

    /// <summary>Running (not a zombie) and, when <paramref name="startTime"/> is known, the very process that was started then.</summary>
    public static bool IsAlive(int pid, ulong startTime)
    {
        if (pid <= 0 || ReadStat(pid) is not { Length: >= 20 } fields || fields[0] is "Z" or "X") return false;
        return startTime == 0 || fields[19] == startTime.ToString(System.Globalization.CultureInfo.InvariantCulture);
    }

    // The fields after "pid (comm) ": comm may contain spaces and parentheses, so split after the last ')'.
    private static string[]? ReadStat(int pid)
    {
        try
        {
            var stat = File.ReadAllText($"/proc/{pid}/stat");
            return stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
        }
        catch (IOException) { return null; }
        catch (UnauthorizedAccessException) { return null; }
    }
}

/// <summary>How a process ended: its exit code (128+signal when killed), whether that code is really known, and when (if recorded).</summary>
public readonly record struct ProcessExit(int Code, bool Known, DateTimeOffset? FinishedAt = null);

/// <summary>
/// Whether the kernel's OOM killer struck in a container's memory cgroup (v1 memory.oom_control, v2 memory.events:
/// "oom_kill N"); read on exit, before `delete` removes the cgroup, to report the reason OOMKilled.
/// </summary>
public static class OomReader
{
    public static bool WasOomKilled(string cgroupsPath)
    {
        var relative = cgroupsPath.TrimStart('/');
        var v1 = Path.Join("/sys/fs/cgroup/memory", relative, "memory.oom_control");
        var v2 = Path.Join("/sys/fs/cgroup", relative, "memory.events");
        var file = File.Exists(v1) ? v1 : File.Exists(v2) ? v2 : null;
        if (file is null) return false;
        try
        {
            return File.ReadLines(file).Select(l => l.Split(' ')).Any(p => p.Length == 2 && p[0] == "oom_kill" && p[1] != "0");
        }
        catch (IOException) { return false; }
    }
}
