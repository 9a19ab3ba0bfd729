using System.Globalization;

namespace MiniKube.Runc.Cgroups;

/// <summary>
/// One cgroup: a directory in a cgroup filesystem whose files are the kernel's knobs ("memory.limit_in_bytes",
/// "pids.max") and readings ("memory.usage_in_bytes"). Everything a cgroup driver does is mkdir, write a file, read a
/// file, rmdir; errors say which file in which directory.
/// Concept: https://man7.org/linux/man-pages/man7/cgroups.7.html
/// </summary>
internal sealed class CgroupDirectory(string path)
{
    public string Path { get; } = path;

    public bool Exists => Directory.Exists(Path);

    public bool Has(string file) => File.Exists(System.IO.Path.Combine(Path, file));

    public void WriteFile(string file, string value)
    {
        try
        {
            // cgroupfs wants each value in a single write(2); WriteAllText does exactly one for these short strings.
            File.WriteAllText(System.IO.Path.Combine(Path, file), value);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new CgroupException($"failed to write \"{value}\" to {file} in {Path}: {ex.Message}", ex);
        }
    }

    public void WriteFile(string file, long value) => WriteFile(file, value.ToString(CultureInfo.InvariantCulture));

    public string ReadFile(string file)
    {
        try { return File.ReadAllText(System.IO.Path.Combine(Path, file)).Trim(); }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new CgroupException($"failed to read {file} in {Path}: {ex.Message}", ex);
        }
    }

    /// <summary>A file holding one number; "max" (cgroup v2's "no limit") reads as <see cref="ulong.MaxValue"/>.</summary>
    public ulong ReadUInt64(string file)
    {
        var text = ReadFile(file);
        return text == "max" ? ulong.MaxValue : ulong.Parse(text, CultureInfo.InvariantCulture);
    }

    /// <summary>"key value" lines (memory.stat, cpu.stat, memory.events, memory.oom_control) as a dictionary.</summary>
    public Dictionary<string, ulong> ReadKeyValues(string file)
    {
        var result = new Dictionary<string, ulong>();
        foreach (var line in ReadFile(file).Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            var parts = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            if (parts.Length == 2 && ulong.TryParse(parts[1], CultureInfo.InvariantCulture, out var v)) result[parts[0]] = v;
        }
        return result;
    }

    /// <summary>The pids in cgroup.procs (processes, not threads).</summary>
    public IReadOnlyList<int> ReadPids()
    {
        if (!Exists) return [];
        return ReadFile("cgroup.procs").Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Select(p => int.Parse(p, CultureInfo.InvariantCulture)).ToList();
    }
}
