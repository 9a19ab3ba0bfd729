using MiniKube.Runtime.Interop;

namespace MiniKube.Runtime.Oci;

/// <summary>
/// Waits for a container's init to exit and collects its status. minikube-runtime is the subreaper of the containers
/// it creates (see <see cref="Libc.BecomeSubreaper"/>), so init becomes our child when `create` exits and waitpid
/// gives its exit code, as the shim's reaper does for containerd.
/// </summary>
public static class ExitMonitor
{
    private static readonly TimeSpan Interval = TimeSpan.FromMilliseconds(50);

    public static async Task<int> WaitAsync(int pid)
    {
        while (true)
        {
            try
            {
                if (Libc.TryReap(pid) is { } code) return code;
            }
            catch (IOException) when (!Directory.Exists($"/proc/{pid}"))
            {
                // Not our child (reaped elsewhere) and gone: the status is lost.
                return 255;
            }
            catch (IOException)
            {
                // Not our child but alive: we can only watch /proc until it goes.
            }
            await Task.Delay(Interval);
        }
    }
}

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
