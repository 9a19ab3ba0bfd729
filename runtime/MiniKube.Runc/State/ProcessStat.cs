using System.Globalization;

namespace MiniKube.Runc.State;

/// <summary>
/// The two things /proc/&lt;pid&gt;/stat tells us about a container's init: whether it is still alive (state not Z,
/// zombie, or X, dead) and when it started (field 22, in clock ticks since boot). The start time tells a living
/// container from an unrelated process that later got the same pid.
/// Concept: https://man7.org/linux/man-pages/man5/proc_pid_stat.5.html
/// </summary>
internal sealed record ProcessStat(char State, ulong StartTime)
{
    public static ProcessStat? Read(int pid)
    {
        string text;
        try { text = File.ReadAllText($"/proc/{pid}/stat"); }
        catch (IOException) { return null; }
        // "1234 (comm) S 1 …": comm may contain spaces and parentheses, so split after the last ')'.
        var rest = text[(text.LastIndexOf(')') + 2)..].Split(' ');
        return new ProcessStat(rest[0][0], ulong.Parse(rest[19], CultureInfo.InvariantCulture));
    }

    public bool IsAlive => State is not ('Z' or 'X');

    /// <summary>True if <paramref name="pid"/> is a living process that started at <paramref name="startTime"/>.</summary>
    public static bool IsSameLiveProcess(int pid, ulong startTime) =>
        pid > 0 && Read(pid) is { IsAlive: true } s && s.StartTime == startTime;
}
