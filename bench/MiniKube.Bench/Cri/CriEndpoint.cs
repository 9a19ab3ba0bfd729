using System.Net.Sockets;
using Grpc.Net.Client;
using MiniKube.Cri.V1;

namespace MiniKube.Bench.Cri;

/// <summary>
/// A CRI client on a unix socket, as the kubelet's <c>--container-runtime-endpoint</c> dials it: the generated
/// runtime.v1 RuntimeService and ImageService clients over one HTTP/2 connection. The same client talks to
/// minikube-runtime and to containerd's CRI plugin, so both are driven by exactly the same requests.
/// </summary>
internal sealed class CriEndpoint : IDisposable
{
    private readonly GrpcChannel _channel;

    public CriEndpoint(string socketPath)
    {
        SocketPath = socketPath;
        var handler = new SocketsHttpHandler
        {
            ConnectCallback = async (_, cancellationToken) =>
            {
                var socket = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
                try
                {
                    await socket.ConnectAsync(new UnixDomainSocketEndPoint(socketPath), cancellationToken);
                    return new NetworkStream(socket, ownsSocket: true);
                }
                catch
                {
                    socket.Dispose();
                    throw;
                }
            },
        };
        _channel = GrpcChannel.ForAddress("http://localhost", new GrpcChannelOptions { HttpHandler = handler, DisposeHttpClient = true });
        Runtime = new RuntimeService.RuntimeServiceClient(_channel);
        Images = new ImageService.ImageServiceClient(_channel);
    }

    public string SocketPath { get; }
    public RuntimeService.RuntimeServiceClient Runtime { get; }
    public ImageService.ImageServiceClient Images { get; }

    /// <summary>Waits until the server answers Version (or the process has exited, or the time is up); returns its runtime name and version.</summary>
    public async Task<string> WaitUntilServingAsync(Func<bool> exited, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (true)
        {
            if (exited()) throw new InvalidOperationException("exited before serving CRI");
            try
            {
                var version = await Runtime.VersionAsync(new VersionRequest(), deadline: DateTime.UtcNow.AddSeconds(5), cancellationToken: cancellationToken);
                return $"{version.RuntimeName} {version.RuntimeVersion}";
            }
            catch (Exception ex) when (ex is Grpc.Core.RpcException or IOException or SocketException && DateTime.UtcNow < deadline)
            {
                await Task.Delay(TimeSpan.FromMilliseconds(200), cancellationToken);
            }
            if (DateTime.UtcNow >= deadline) throw new TimeoutException($"no CRI answer on {SocketPath} within {timeout.TotalSeconds:0} s");
        }
    }

    public void Dispose() => _channel.Dispose();
}
