using System.Runtime.InteropServices;
using MiniKube.Runc.Interop;

namespace MiniKube.Runc.Init;

/// <summary>
/// The last step of every container start: replace init (a .NET program) with the user's program, keeping the pid,
/// namespaces, cgroup, mounts, credentials and limits init set up. execve(2) from a multithreaded process is fine:
/// the kernel ends all other threads.
/// Concept: https://man7.org/linux/man-pages/man2/execve.2.html
/// </summary>
internal static unsafe class Execve
{
    private const string DefaultPath = "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin";

    /// <summary>
    /// Finds args[0] in the container's PATH, like a shell would, so a missing program is reported by `create`
    /// ("executable file not found in $PATH") instead of failing silently after `start`.
    /// </summary>
    public static string LookPath(string program, IReadOnlyList<string> env)
    {
        if (program.Contains('/', StringComparison.Ordinal))
        {
            return File.Exists(program) ? program : throw new FileNotFoundException($"exec: \"{program}\": no such file or directory");
        }
        var path = env.LastOrDefault(e => e.StartsWith("PATH=", StringComparison.Ordinal))?[5..] ?? DefaultPath;
        foreach (var dir in path.Split(':'))
        {
            var candidate = Path.Join(dir.Length == 0 ? "." : dir, program);
            if (File.Exists(candidate) && Libc.access(candidate, Libc.X_OK) == 0) return candidate;
        }
        throw new FileNotFoundException($"exec: \"{program}\": executable file not found in $PATH");
    }

    /// <summary>Replaces this process with <paramref name="path"/>; returns only by throwing.</summary>
    public static void Run(string path, IReadOnlyList<string> args, IReadOnlyList<string> env)
    {
        using var argv = new NativeStringArray(args);
        using var envp = new NativeStringArray(env);
        var file = NativeStringArray.Utf8(path);

        // execve keeps ignored signals ignored and the signal mask as it is. .NET ignores SIGPIPE and may block
        // signals on this thread; the container's program must start with the defaults.
        for (var sig = 1; sig < 65; sig++)
        {
            if (sig is 9 or 19) continue;   // SIGKILL and SIGSTOP cannot be changed
            _ = Libc.signal(sig, 0);            // SIG_DFL
        }
        var none = stackalloc byte[Libc.SigsetSize];
        _ = Libc.sigemptyset(none);
        _ = Libc.sigprocmask(Libc.SIG_SETMASK, none, null);

        Libc.execve(file, argv.Pointer, envp.Pointer);
        throw new SyscallException($"exec {path}", Marshal.GetLastPInvokeError());
    }
}
