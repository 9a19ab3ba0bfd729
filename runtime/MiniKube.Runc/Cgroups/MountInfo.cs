using System.Text;

namespace MiniKube.Runc.Cgroups;

/// <summary>
/// One line of /proc/self/mountinfo (man7.org/linux/man-pages/man5/proc_pid_mountinfo.5.html): where a filesystem is
/// mounted, which part of it (Root), its type and its filesystem-specific options. cgroup detection reads it to find
/// the cgroup v1 hierarchies (type "cgroup", the controllers in the super options) and the cgroup v2 tree
/// (type "cgroup2"); tests read it to check that no container mount leaked onto the host.
/// </summary>
internal sealed record MountInfo(string Root, string MountPoint, string FsType, string Source, string SuperOptions)
{
    public static IReadOnlyList<MountInfo> ReadSelf() => Parse(File.ReadAllText("/proc/self/mountinfo"));

    public static IReadOnlyList<MountInfo> Parse(string text)
    {
        var result = new List<MountInfo>();
        foreach (var line in text.Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            // 36 35 98:0 /mnt1 /mnt2 rw,noatime master:1 - ext3 /dev/root rw,errors=continue
            // The optional fields end at " - ", after which come type, source and super options.
            var fields = line.Split(' ');
            var dash = Array.IndexOf(fields, "-");
            if (dash < 6 || dash + 1 >= fields.Length) continue;
            result.Add(new MountInfo(
                Root: Unescape(fields[3]),
                MountPoint: Unescape(fields[4]),
                FsType: fields[dash + 1],
                Source: dash + 2 < fields.Length ? Unescape(fields[dash + 2]) : "",
                SuperOptions: dash + 3 < fields.Length ? fields[dash + 3] : ""));
        }
        return result;
    }

    // The kernel writes space, tab, newline and backslash in paths as octal escapes (\040 for a space).
    private static string Unescape(string s)
    {
        if (!s.Contains('\\', StringComparison.Ordinal)) return s;
        var sb = new StringBuilder();
        for (var i = 0; i < s.Length; i++)
        {
            if (s[i] == '\\' && i + 3 < s.Length && IsOctal(s[i + 1]) && IsOctal(s[i + 2]) && IsOctal(s[i + 3]))
            {
                sb.Append((char)Convert.ToInt32(s.Substring(i + 1, 3), 8));
                i += 3;
            }
            else sb.Append(s[i]);
        }
        return sb.ToString();
    }

    private static bool IsOctal(char c) => c is >= '0' and <= '7';
}
