using System.Collections.Concurrent;
using System.Globalization;
using V1 = MiniKube.Cri.V1;

namespace MiniKube.Runtime.Stats;

/// <summary>
/// Resource usage read straight from a cgroup, the numbers the kubelet's summary API, `kubectl top` and eviction use
/// (containerd's internal/cri/server/container_stats_list.go reads the same through the shim's cgroup metrics).
/// cgroup v1 (this machine's controllers) and v2 (one tree) differ only in file names:
/// <list type="bullet">
/// <item>CPU: v1 <c>cpuacct.usage</c> (ns), v2 <c>cpu.stat</c> usage_usec; usage_nano_cores is the rate since the previous sample.</item>
/// <item>memory: usage v1 <c>memory.usage_in_bytes</c> / v2 <c>memory.current</c>; working set = usage − inactive_file
/// (what the kubelet evicts on); rss v1 total_rss / v2 anon; page faults from <c>memory.stat</c>.</item>
/// <item>processes: <c>pids.current</c>.</item>
/// </list>
/// Concept: https://kubernetes.io/docs/reference/instrumentation/node-metrics/
/// </summary>
public static class CgroupStats
{
    private const string Root = "/sys/fs/cgroup";

    // The previous CPU sample per cgroup, for usage_nano_cores (a rate needs two samples).
    private static readonly ConcurrentDictionary<string, (long Timestamp, ulong Usage)> LastCpu = new();

    public static V1.CpuUsage? Cpu(string cgroupPath, long timestamp)
    {
        var relative = cgroupPath.TrimStart('/');
        ulong? usage = ReadNumber(Path.Join(Root, "cpuacct", relative, "cpuacct.usage"))
                       ?? (ReadKeyed(Path.Join(Root, relative, "cpu.stat")).TryGetValue("usage_usec", out var usec) ? usec * 1000 : null);
        if (usage is not { } nanos) return null;
        var cpu = new V1.CpuUsage { Timestamp = timestamp, UsageCoreNanoSeconds = new V1.UInt64Value { Value = nanos } };
        if (LastCpu.TryGetValue(cgroupPath, out var last) && timestamp > last.Timestamp && nanos >= last.Usage)
            cpu.UsageNanoCores = new V1.UInt64Value { Value = (ulong)((nanos - last.Usage) * 1e9 / (timestamp - last.Timestamp)) };
        LastCpu[cgroupPath] = (timestamp, nanos);
        return cpu;
    }

    public static V1.MemoryUsage? Memory(string cgroupPath, long timestamp)
    {
        var relative = cgroupPath.TrimStart('/');
        var v1 = Path.Join(Root, "memory", relative);
        ulong? usage;
        ulong inactiveFile, rss, faults, majorFaults;
        ulong? limit;
        if (Directory.Exists(v1))
        {
            usage = ReadNumber(Path.Join(v1, "memory.usage_in_bytes"));
            var stat = ReadKeyed(Path.Join(v1, "memory.stat"));
            inactiveFile = stat.GetValueOrDefault("total_inactive_file");
            rss = stat.GetValueOrDefault("total_rss");
            faults = stat.GetValueOrDefault("total_pgfault");
            majorFaults = stat.GetValueOrDefault("total_pgmajfault");
            limit = ReadNumber(Path.Join(v1, "memory.limit_in_bytes"));
        }
        else
        {
            var v2 = Path.Join(Root, relative);
            usage = ReadNumber(Path.Join(v2, "memory.current"));
            var stat = ReadKeyed(Path.Join(v2, "memory.stat"));
            inactiveFile = stat.GetValueOrDefault("inactive_file");
            rss = stat.GetValueOrDefault("anon");
            faults = stat.GetValueOrDefault("pgfault");
            majorFaults = stat.GetValueOrDefault("pgmajfault");
            limit = ReadNumber(Path.Join(v2, "memory.max"));     // "max" reads as null
        }
        if (usage is not { } bytes) return null;
        var workingSet = bytes > inactiveFile ? bytes - inactiveFile : 0;
        var memory = new V1.MemoryUsage
        {
            Timestamp = timestamp,
            WorkingSetBytes = new V1.UInt64Value { Value = workingSet },
            UsageBytes = new V1.UInt64Value { Value = bytes },
            RssBytes = new V1.UInt64Value { Value = rss },
            PageFaults = new V1.UInt64Value { Value = faults },
            MajorPageFaults = new V1.UInt64Value { Value = majorFaults },
        };
        // v1 reports "no limit" as a huge number; only a real limit gives available bytes (as the kubelet's cadvisor does).
        if (limit is { } l && l < (1UL << 62)) memory.AvailableBytes = new V1.UInt64Value { Value = l > workingSet ? l - workingSet : 0 };
        return memory;
    }

    public static V1.ProcessUsage? Processes(string cgroupPath, long timestamp)
    {
        var relative = cgroupPath.TrimStart('/');
        var count = ReadNumber(Path.Join(Root, "pids", relative, "pids.current")) ?? ReadNumber(Path.Join(Root, relative, "pids.current"));
        return count is { } n ? new V1.ProcessUsage { Timestamp = timestamp, ProcessCount = new V1.UInt64Value { Value = n } } : null;
    }

    /// <summary>Bytes and inodes under a directory (the container's overlay upperdir: what it wrote), best effort like `du`.</summary>
    public static (ulong Bytes, ulong Inodes) DiskUsage(string dir)
    {
        ulong bytes = 0, inodes = 0;
        if (!Directory.Exists(dir)) return (0, 0);
        var options = new EnumerationOptions { RecurseSubdirectories = true, AttributesToSkip = 0, IgnoreInaccessible = true };
        foreach (var entry in new DirectoryInfo(dir).EnumerateFileSystemInfos("*", options))
        {
            inodes++;
            if (entry is FileInfo { LinkTarget: null } file)
            {
                try { bytes += (ulong)file.Length; }
                catch (IOException) { }     // removed meanwhile
            }
        }
        return (bytes, inodes);
    }

    /// <summary>The interfaces of a network namespace, from /proc/&lt;pid&gt;/net/dev of a process inside it.</summary>
    public static V1.NetworkUsage? Network(int pid, long timestamp)
    {
        string[] lines;
        try { lines = File.ReadAllLines($"/proc/{pid}/net/dev"); }
        catch (IOException) { return null; }
        var usage = new V1.NetworkUsage { Timestamp = timestamp };
        foreach (var line in lines.Skip(2))
        {
            var colon = line.IndexOf(':', StringComparison.Ordinal);
            var name = line[..colon].Trim();
            if (name == "lo") continue;
            var f = line[(colon + 1)..].Split(' ', StringSplitOptions.RemoveEmptyEntries).Select(v => ulong.Parse(v, CultureInfo.InvariantCulture)).ToArray();
            var item = new V1.NetworkInterfaceUsage
            {
                Name = name,
                RxBytes = new V1.UInt64Value { Value = f[0] },
                RxErrors = new V1.UInt64Value { Value = f[2] },
                TxBytes = new V1.UInt64Value { Value = f[8] },
                TxErrors = new V1.UInt64Value { Value = f[10] },
            };
            usage.Interfaces.Add(item);
            if (name == "eth0") usage.DefaultInterface = item;
        }
        return usage;
    }

    private static ulong? ReadNumber(string file)
    {
        try { return ulong.TryParse(File.ReadAllText(file).Trim(), CultureInfo.InvariantCulture, out var n) ? n : null; }
        catch (IOException) { return null; }
    }

    private static Dictionary<string, ulong> ReadKeyed(string file)
    {
        var values = new Dictionary<string, ulong>();
        try
        {
            foreach (var parts in File.ReadLines(file).Select(l => l.Split(' ')))
                if (parts.Length == 2 && ulong.TryParse(parts[1], CultureInfo.InvariantCulture, out var n)) values[parts[0]] = n;
        }
        catch (IOException) { }
        return values;
    }
}
