using System.Globalization;
using MiniKube.Testing;
using Xunit;
using Xunit.Abstractions;

namespace MiniKube.Runc.Tests.Fixtures;

/// <summary>
/// Checks that a container left nothing on the host after `delete`: no state directory, no cgroup directory in any
/// hierarchy, no mount mentioning the bundle, no process. cgroup paths are worked out independently of minirunc's
/// code: the default cgroupsPath is the container id under the test process's own cgroup (minirunc runs as a
/// child of the test, in the same cgroups).
/// </summary>
public static class LeftBehind
{
    /// <summary>Every cgroup directory a container with this cgroupsPath (or id) would have, v1 and v2.</summary>
    public static IReadOnlyList<string> CgroupDirectories(string cgroupPath)
    {
        var own = File.ReadAllLines("/proc/self/cgroup").Select(l => l.Split(':', 3)).ToDictionary(p => p[1], p => p[2]);
        var result = new List<string>();
        foreach (var line in File.ReadAllLines("/proc/self/mountinfo"))
        {
            var f = line.Split(' ');
            var dash = Array.IndexOf(f, "-");
            var type = f[dash + 1];
            if (type == "cgroup")
            {
                var controllers = f[dash + 3].Split(',').Where(o => o is not ("rw" or "ro" or "xattr") && !o.StartsWith("release_agent", StringComparison.Ordinal));
                var key = own.Keys.FirstOrDefault(k => k.Split(',').Order().SequenceEqual(controllers.Order()));
                var parent = cgroupPath.StartsWith('/') ? "" : key is null ? "/" : own[key];
                result.Add(Path.Join(f[4], parent, cgroupPath));
            }
            else if (type == "cgroup2")
            {
                var parent = cgroupPath.StartsWith('/') ? "" : own.GetValueOrDefault("", "/");
                result.Add(Path.Join(f[4], parent, cgroupPath));
            }
        }
        return result;
    }

    public static void AssertNothingLeft(OciRuntime runtime, string id, BusyboxBundle bundle, int initPid = 0, string? cgroupPath = null)
    {
        Assert.False(Directory.Exists(Path.Join(runtime.Root, id)), $"state directory {runtime.Root}/{id} is still there");
        foreach (var dir in CgroupDirectories(cgroupPath ?? id))
            Assert.False(Directory.Exists(dir), $"cgroup {dir} is still there");
        var mounts = File.ReadAllLines("/proc/self/mountinfo").Where(l => l.Contains(bundle.Directory, StringComparison.Ordinal)).ToList();
        Assert.True(mounts.Count == 0, $"host mounts still mention the bundle: {string.Join('\n', mounts)}");
        if (initPid > 0) Assert.False(IsAlive(initPid), $"container process {initPid} is still alive");
    }

    /// <summary>True if the process exists and is not a zombie (state Z in /proc/&lt;pid&gt;/stat).</summary>
    public static bool IsAlive(int pid)
    {
        try
        {
            var stat = File.ReadAllText($"/proc/{pid}/stat");
            return stat[(stat.LastIndexOf(')') + 2)] is not ('Z' or 'X');
        }
        catch (IOException) { return false; }
    }

    /// <summary>Last resort after a failed `delete --force`: kill whatever is in the container's cgroups and remove them.</summary>
    public static void ForceCleanup(string id, ITestOutputHelper log)
    {
        foreach (var dir in CgroupDirectories(id).Where(Directory.Exists))
        {
            foreach (var pid in File.ReadAllLines(Path.Join(dir, "cgroup.procs")))
            {
                try { System.Diagnostics.Process.GetProcessById(int.Parse(pid, CultureInfo.InvariantCulture)).Kill(); }
                catch (ArgumentException) { }
            }
            for (var i = 0; i < 50 && Directory.Exists(dir); i++)
            {
                try { Directory.Delete(dir); }
                catch (IOException) { Thread.Sleep(50); }
            }
            log.WriteLine($"force-cleaned cgroup {dir}");
        }
    }
}
