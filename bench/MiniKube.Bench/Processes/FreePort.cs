using System.Net;
using System.Net.Sockets;

namespace MiniKube.Bench.Processes;

/// <summary>Finds a free TCP port on 127.0.0.1 for a server the benchmark starts (the OS picks it, we release it at once).</summary>
internal static class FreePort
{
    public static int Next()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
