using MiniKube.Runc.Interop;

namespace MiniKube.Runc.Init;

/// <summary>
/// process.terminal: the container's program gets a pseudo-terminal as stdin, stdout and stderr (and as its
/// controlling terminal), as `kubectl run -it` and `kubectl exec -it` need. Init opens the pair inside the container
/// (its own devpts instance, /dev/ptmx), keeps the "slave" end for the program, and hands the "master" end, the side
/// a terminal emulator talks to, to whoever listens on --console-socket: the high-level runtime, which then copies
/// bytes between it and the user. This is runc's console-socket protocol: one sendmsg(2) carrying the descriptor.
/// Concept: https://man7.org/linux/man-pages/man7/pty.7.html, https://man7.org/linux/man-pages/man7/unix.7.html (SCM_RIGHTS)
/// </summary>
internal static unsafe class Terminal
{
    /// <summary>The environment variable naming init's descriptor of the connected console socket.</summary>
    public const string ConsoleSocketFdVariable = "_MINIRUNC_CONSOLE";

    /// <summary>Opens a new pty in the current mount namespace's /dev; returns the master and the slave.</summary>
    public static (int Master, int Slave, string SlavePath) Open(Spec.ConsoleSize? size)
    {
        var master = Libc.Check(Libc.open("/dev/ptmx", Libc.O_RDWR | Libc.O_NOCTTY | Libc.O_CLOEXEC, 0), "open /dev/ptmx");
        int unlock = 0;
        Libc.Check(Libc.ioctl(master, Libc.TIOCSPTLCK, &unlock), "unlock the pty (TIOCSPTLCK)");
        uint number;
        Libc.Check(Libc.ioctl(master, Libc.TIOCGPTN, &number), "get the pty number (TIOCGPTN)");
        var slavePath = $"/dev/pts/{number}";
        var slave = Libc.Check(Libc.open(slavePath, Libc.O_RDWR | Libc.O_NOCTTY | Libc.O_CLOEXEC, 0), $"open {slavePath}");
        if (size is { Height: > 0, Width: > 0 })
        {
            // struct winsize: rows, columns, and two unused pixel sizes, all unsigned short.
            var winsize = stackalloc ushort[4] { (ushort)size.Height, (ushort)size.Width, 0, 0 };
            Libc.Check(Libc.ioctl(master, Libc.TIOCSWINSZ, winsize), "set the terminal size (TIOCSWINSZ)");
        }
        return (master, slave, slavePath);
    }

    /// <summary>Sends <paramref name="fd"/> over the unix socket <paramref name="socket"/> as SCM_RIGHTS ancillary data.</summary>
    public static void SendFd(int socket, int fd, string name)
    {
        var payload = System.Text.Encoding.UTF8.GetBytes(name);
        const int space = 24;   // CMSG_SPACE(sizeof(int)): a 16-byte header and the int, padded to 8 bytes
        var control = stackalloc byte[space];
        new Span<byte>(control, space).Clear();
        *(Libc.CmsgHdr*)control = new Libc.CmsgHdr { Length = 16 + sizeof(int), Level = Libc.SOL_SOCKET, Type = Libc.SCM_RIGHTS };
        *(int*)(control + 16) = fd;
        fixed (byte* data = payload)
        {
            var iov = new Libc.IoVec { Base = data, Length = (nuint)payload.Length };
            var message = new Libc.MsgHdr { Iov = &iov, IovLength = 1, Control = control, ControlLength = space };
            Libc.Check(Libc.sendmsg(socket, &message, 0), "send the terminal to the console socket");
        }
    }

    /// <summary>Receives a descriptor sent with <see cref="SendFd"/> (what `run`/`exec` in the foreground do).</summary>
    public static int ReceiveFd(int socket)
    {
        const int space = 24;
        var control = stackalloc byte[space];
        var data = stackalloc byte[4096];
        var iov = new Libc.IoVec { Base = data, Length = 4096 };
        var message = new Libc.MsgHdr { Iov = &iov, IovLength = 1, Control = control, ControlLength = space };
        Libc.Check(Libc.recvmsg(socket, &message, 0), "receive the terminal from init");
        var header = *(Libc.CmsgHdr*)control;
        if (message.ControlLength < 20 || header.Level != Libc.SOL_SOCKET || header.Type != Libc.SCM_RIGHTS)
            throw new InvalidOperationException("init did not send a terminal");
        return *(int*)(control + 16);
    }

    /// <summary>
    /// Last thing before execve: a new session (setsid) whose controlling terminal is the pty (TIOCSCTTY), and the
    /// pty as stdin, stdout and stderr.
    /// </summary>
    public static void BecomeControllingTerminal(int slave)
    {
        Libc.Check(Libc.setsid(), "setsid");
        Libc.Check(Libc.ioctl(slave, Libc.TIOCSCTTY, null), "make the pty the controlling terminal (TIOCSCTTY)");
        for (var fd = 0; fd <= 2; fd++) Libc.Check(Libc.dup2(slave, fd), $"dup2 the pty onto {fd}");
        if (slave > 2) Libc.close(slave);
    }

    public static int ConsoleSocketFd() =>
        int.Parse(Environment.GetEnvironmentVariable(ConsoleSocketFdVariable)
                  ?? throw new InvalidOperationException("process.terminal is set but no console socket was passed"),
            System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>Mounts the pty over /dev/console, as runc does, so programs that write to the console reach the user.</summary>
    public static void BindDevConsole(string slavePath)
    {
        if (!File.Exists("/dev/console")) File.WriteAllBytes("/dev/console", []);
        Libc.Check(Libc.mount(slavePath, "/dev/console", null, Libc.MS_BIND, null), "bind mount the pty on /dev/console");
    }
}
