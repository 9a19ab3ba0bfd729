using System.Runtime.InteropServices;

namespace MiniKube.Bench.Reporting;

/// <summary>The machine a run measured: numbers only mean something next to the hardware and the load it had.</summary>
internal sealed record MachineInfo(int Processors, string CpuModel, string Memory, string OperatingSystem, string DotNet, string LoadAverage)
{
    public static MachineInfo Capture() => new(
        Environment.ProcessorCount,
        ReadProcField("/proc/cpuinfo", "model name") ?? RuntimeInformation.ProcessArchitecture.ToString(),
        ReadProcField("/proc/meminfo", "MemTotal") is { } kb && long.TryParse(kb.Split(' ')[0], out var total)
            ? $"{total / 1024.0 / 1024.0:0.0} GiB" : "unknown",
        RuntimeInformation.OSDescription,
        RuntimeInformation.FrameworkDescription,
        LoadAverageNow());

    /// <summary>The 1, 5 and 15 minute load averages: other work on the machine shows here.</summary>
    public static string LoadAverageNow() =>
        File.Exists("/proc/loadavg") ? string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3)) : "unknown";

    // Lines look like "model name\t: Intel(R) Xeon(R) …" and "MemTotal:       24500000 kB".
    private static string? ReadProcField(string file, string field)
    {
        if (!File.Exists(file)) return null;
        var line = File.ReadLines(file).FirstOrDefault(l => l.StartsWith(field, StringComparison.Ordinal));
        return line?[(line.IndexOf(':', StringComparison.Ordinal) + 1)..].Trim();
    }
}
