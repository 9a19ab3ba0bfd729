namespace MiniKube.Runc.Cgroups;

/// <summary>
/// Removes a cgroup directory with rmdir(2). In a cgroup filesystem a directory full of interface files can be
/// removed as long as no process is left in it; a process that was just killed may need a moment to leave, so a busy
/// directory is retried for a little while before we give up.
/// </summary>
internal static class CgroupRemover
{
    public static void Remove(string path)
    {
        for (var attempt = 0; ; attempt++)
        {
            try
            {
                if (!Directory.Exists(path)) return;
                Directory.Delete(path, recursive: false);
                return;
            }
            catch (DirectoryNotFoundException) { return; }
            catch (IOException) when (attempt < 100)
            {
                Thread.Sleep(20);   // EBUSY: a killed process has not left yet
            }
            catch (IOException ex)
            {
                throw new CgroupException($"failed to remove cgroup {path}: {ex.Message} (processes still in it: " +
                                          $"{string.Join(' ', new CgroupDirectory(path).ReadPids())})", ex);
            }
        }
    }
}
