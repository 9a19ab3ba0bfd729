using MiniKube.Bench.Runtime;

namespace MiniKube.Bench.Cri;

/// <summary>Removing what pods leave on the host when a runtime did not clean up after itself: mounts, a bridge, cgroups.</summary>
internal static class HostCleanup
{
    /// <summary>Lazily unmounts every mount at or under <paramref name="directory"/>, deepest first.</summary>
    public static async Task UnmountUnderAsync(string directory, List<string> warnings)
    {
        var mounts = File.ReadLines("/proc/self/mountinfo").Select(l => l.Split(' ')[4])
            .Where(m => m == directory || m.StartsWith(directory + "/", StringComparison.Ordinal))
            .Distinct().OrderByDescending(m => m.Length).ToList();
        foreach (var mount in mounts)
        {
            var outcome = await TimedCommand.RunAsync("umount", ["-l", mount], TimeSpan.FromSeconds(30), CancellationToken.None);
            if (!outcome.Succeeded) warnings.Add($"umount -l {mount}: {outcome.ErrorLine}");
        }
    }

    /// <summary>Deletes the directory, unless something is still mounted under it (deleting through a bind mount would reach the host).</summary>
    public static void RemoveDirectory(string directory, List<string> warnings)
    {
        if (!Directory.Exists(directory)) return;
        if (File.ReadLines("/proc/self/mountinfo").Select(l => l.Split(' ')[4]).Any(m => m.StartsWith(directory + "/", StringComparison.Ordinal)))
        {
            warnings.Add($"left {directory} in place: still mounted on the host");
            return;
        }
        try
        {
            Directory.Delete(directory, recursive: true);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            warnings.Add($"could not remove {directory}: {ex.Message}");
        }
    }

    /// <summary>Deletes the bridge the CNI bridge plugin created (the plugin's DEL leaves it, as upstream).</summary>
    public static async Task DeleteLinkAsync(string name, List<string> warnings)
    {
        if (!Directory.Exists(Path.Join("/sys/class/net", name))) return;
        var outcome = await TimedCommand.RunAsync("ip", ["link", "del", name], TimeSpan.FromSeconds(30), CancellationToken.None);
        if (!outcome.Succeeded) warnings.Add($"ip link del {name}: {outcome.ErrorLine}");
    }

    /// <summary>Removes the cgroup directories under <paramref name="parentRoot"/> in every hierarchy, deepest first (a cgroup with children cannot go).</summary>
    public static void RemoveCgroups(string parentRoot, List<string> warnings)
    {
        var dirs = Directory.EnumerateDirectories("/sys/fs/cgroup")
            .Select(h => Path.Join(h, parentRoot.TrimStart('/'))).Where(Directory.Exists)
            .SelectMany(d => Directory.EnumerateDirectories(d, "*", SearchOption.AllDirectories).Prepend(d))
            .OrderByDescending(d => d.Length);
        foreach (var dir in dirs)
        {
            try { Directory.Delete(dir); }
            catch (DirectoryNotFoundException) { }     // the same hierarchy reached twice (cpu → cpu,cpuacct)
            catch (IOException ex) { warnings.Add($"cgroup {dir}: {ex.Message}"); }
        }
    }
}
