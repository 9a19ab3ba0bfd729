using System.Net;
using System.Text.Json;
using MiniKube.Testing;

namespace MiniKube.Bench;

/// <summary>What the benchmark adds to the tests' <see cref="ApiServerProcess"/>: HTTP/2 clients, and the version for the report.</summary>
internal static class ApiServerProcessExtensions
{
    /// <summary>
    /// A new client with its own connection, speaking HTTP/2 over TLS as kubectl and client-go do, and trusting exactly
    /// this server's certificate. Each simulated client gets its own, like separate client processes.
    /// </summary>
    public static HttpClient CreateHttp2Client(this ApiServerProcess server, TimeSpan timeout)
    {
        var client = server.CreateHttpClient(timeout);
        client.DefaultRequestVersion = HttpVersion.Version20;
        client.DefaultVersionPolicy = HttpVersionPolicy.RequestVersionExact;
        return client;
    }

    /// <summary>The server's gitVersion from GET /version, for the report.</summary>
    public static async Task<string> VersionAsync(this ApiServerProcess server, CancellationToken cancellationToken)
    {
        using var http = server.CreateHttp2Client(TimeSpan.FromSeconds(10));
        using var document = JsonDocument.Parse(await http.GetStringAsync(new Uri("/version", UriKind.Relative), cancellationToken));
        return document.RootElement.GetProperty("gitVersion").GetString() ?? "unknown";
    }
}
