namespace MiniKube.Runc.Lifecycle;

/// <summary>The flags of `create`, `run` and `exec` that shape how the process starts.</summary>
/// <param name="PidFile">--pid-file: where to write the host pid of init (create/run) or of the new process (exec).</param>
/// <param name="PreserveFds">--preserve-fds N: pass descriptors 3 … 3+N-1 on to the process (systemd socket activation).</param>
/// <param name="ConsoleSocket">--console-socket: where to send the terminal's master end when process.terminal is set.</param>
internal sealed record CreateOptions(string? PidFile = null, int PreserveFds = 0, string? ConsoleSocket = null);
