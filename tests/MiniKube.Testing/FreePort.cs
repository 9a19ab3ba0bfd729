using System.Net;
using System.Net.Sockets;

namespace MiniKube.Testing;

/// <summary>Finds a free TCP port on 127.0.0.1 for a server a test starts (the OS picks it, we release it at once).</summary>
public static class FreePort
{
    public static int Next()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
