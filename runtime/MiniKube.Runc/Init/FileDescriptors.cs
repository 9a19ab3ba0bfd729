using System.Globalization;
using MiniKube.Runc.Interop;

namespace MiniKube.Runc.Init;

/// <summary>
/// Makes sure the container's program inherits no file descriptor by accident: everything above stdin, stdout and
/// stderr (and the ones passed on purpose with --preserve-fds) is marked close-on-exec, so execve(2) closes it. An
/// inherited descriptor of a host directory would be a way out of the container.
/// </summary>
internal static class FileDescriptors
{
    public static void CloseOnExecAbove(int lastKept)
    {
        foreach (var entry in Directory.GetFiles("/proc/self/fd"))
        {
            if (int.TryParse(Path.GetFileName(entry), NumberStyles.None, CultureInfo.InvariantCulture, out var fd) && fd > lastKept)
                Libc.fcntl(fd, Libc.F_SETFD, Libc.FD_CLOEXEC);
        }
    }
}
