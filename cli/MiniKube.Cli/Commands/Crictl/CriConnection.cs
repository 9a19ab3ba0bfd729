using System.Net.Sockets;
using Grpc.Net.Client;
using MiniKube.Cli.Client;
using MiniKube.Cri.V1;

namespace MiniKube.Cli.Commands.Crictl;

/// <summary>
/// The gRPC connection to a CRI runtime's unix socket (crictl's <c>--runtime-endpoint</c>), with the two CRI clients
/// and MiniKube's own image API that minikube-runtime serves beside them.
/// Concept: https://kubernetes.io/docs/concepts/architecture/cri/
/// </summary>
public sealed class CriConnection : IDisposable
{
    /// <summary>crictl reads the endpoint from this variable when the flag is not given.</summary>
    public const string EndpointVariable = "CONTAINER_RUNTIME_ENDPOINT";

    public const string DefaultEndpoint = "unix:///run/minikube/runtime.sock";

    private readonly GrpcChannel _channel;

    private CriConnection(GrpcChannel channel)
    {
        _channel = channel;
        Runtime = new RuntimeService.RuntimeServiceClient(channel);
        Images = new ImageService.ImageServiceClient(channel);
        MiniKubeImages = new MiniKube.Images.V1.Images.ImagesClient(channel);
    }

    public RuntimeService.RuntimeServiceClient Runtime { get; }

    public ImageService.ImageServiceClient Images { get; }

    public MiniKube.Images.V1.Images.ImagesClient MiniKubeImages { get; }

    /// <summary>Connects (lazily: the first call dials) to <c>unix:///path</c> or a bare socket path.</summary>
    public static CriConnection Open(string? endpoint)
    {
        endpoint = string.IsNullOrEmpty(endpoint) ? Environment.GetEnvironmentVariable(EndpointVariable) : endpoint;
        endpoint = string.IsNullOrEmpty(endpoint) ? DefaultEndpoint : endpoint;
        string socket;
        if (endpoint.StartsWith("unix://", StringComparison.Ordinal)) socket = endpoint["unix://".Length..];
        else if (endpoint.StartsWith('/')) socket = endpoint;
        else throw new CliException($"invalid runtime endpoint \"{endpoint}\": only unix:///path/to/socket endpoints are supported");
        var handler = new SocketsHttpHandler
        {
            // gRPC is HTTP/2; the "host" below is a placeholder, every connection goes to the socket.
            ConnectCallback = async (_, cancellationToken) =>
            {
                var s = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
                try
                {
                    await s.ConnectAsync(new UnixDomainSocketEndPoint(socket), cancellationToken);
                    return new NetworkStream(s, ownsSocket: true);
                }
                catch (SocketException ex)
                {
                    s.Dispose();
                    throw new CliException($"validate service connection: dial unix {socket}: {ex.Message}", ex);
                }
            },
        };
        return new CriConnection(GrpcChannel.ForAddress("http://localhost", new GrpcChannelOptions
        {
            HttpHandler = handler,
            MaxReceiveMessageSize = 16 << 20,
        }));
    }

    public void Dispose() => _channel.Dispose();
}
