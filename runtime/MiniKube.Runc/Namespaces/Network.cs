using MiniKube.Runc.Interop;

namespace MiniKube.Runc.Namespaces;

/// <summary>
/// The network namespace: a new one has its own interfaces, routes and ports, and starts with only a loopback
/// interface, which is down. Like runc, minirunc brings "lo" up so 127.0.0.1 works inside the container; every
/// other interface (a pod's eth0) is the job of CNI plugins run by the high-level runtime.
/// Concept: https://man7.org/linux/man-pages/man7/network_namespaces.7.html
/// </summary>
internal static unsafe class Network
{
    private const short IFF_UP = 0x1;

    /// <summary>Sets IFF_UP on "lo" with the SIOCGIFFLAGS/SIOCSIFFLAGS ioctls (netdevice(7)).</summary>
    public static void BringUpLoopback()
    {
        var fd = Libc.Check(Libc.socket(Libc.AF_INET, Libc.SOCK_DGRAM | Libc.SOCK_CLOEXEC, 0), "socket for the loopback ioctl");
        try
        {
            // struct ifreq: 16 bytes of interface name, then a union whose first member is short ifr_flags.
            var ifreq = stackalloc byte[40];
            new Span<byte>(ifreq, 40).Clear();
            "lo"u8.CopyTo(new Span<byte>(ifreq, 16));
            Libc.Check(Libc.ioctl(fd, Libc.SIOCGIFFLAGS, ifreq), "ioctl SIOCGIFFLAGS lo");
            *(short*)(ifreq + 16) |= IFF_UP;
            Libc.Check(Libc.ioctl(fd, Libc.SIOCSIFFLAGS, ifreq), "ioctl SIOCSIFFLAGS lo (bring loopback up)");
        }
        finally
        {
            Libc.close(fd);
        }
    }
}
