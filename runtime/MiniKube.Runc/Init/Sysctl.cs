namespace MiniKube.Runc.Init;

/// <summary>
/// linux.sysctl: kernel parameters set for the container, by writing /proc/sys/&lt;key with dots as slashes&gt;.
/// Only namespaced ones make sense (net.* belongs to the network namespace, kernel.shm*/msg*/sem and fs.mqueue.* to
/// the IPC namespace, kernel.hostname to UTS); Spec/SpecValidator refuses the others. Written before /proc/sys is
/// made read-only.
/// Concept: https://kubernetes.io/docs/tasks/administer-cluster/sysctl-cluster/
/// </summary>
internal static class Sysctl
{
    public static void Apply(IReadOnlyDictionary<string, string>? sysctls)
    {
        foreach (var (key, value) in sysctls ?? new Dictionary<string, string>())
        {
            var path = "/proc/sys/" + key.Replace('.', '/');
            try { File.WriteAllText(path, value); }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                throw new InvalidOperationException($"failed to set sysctl {key}={value}: {ex.Message}", ex);
            }
        }
    }
}
