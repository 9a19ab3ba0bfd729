using System.Diagnostics;
using Grpc.Core;
using Grpc.Core.Interceptors;
using Microsoft.Extensions.Logging;

namespace MiniKube.Runtime.Cri;

/// <summary>
/// Wraps every CRI call (containerd's instrumentedService): logs "RPC for X", then "returns" or "failed", and turns
/// the runtime's domain exceptions into gRPC status codes, so the RPC bodies carry no error-mapping code.
/// </summary>
public sealed partial class CriInterceptor(ILogger<CriInterceptor> logger) : Interceptor
{
    public override async Task<TResponse> UnaryServerHandler<TRequest, TResponse>(TRequest request, ServerCallContext context,
        UnaryServerMethod<TRequest, TResponse> continuation)
    {
        var method = context.Method[(context.Method.LastIndexOf('/') + 1)..];
        var started = Stopwatch.StartNew();
        // Status, Version, list and stats calls come every few seconds from the kubelet: Debug, as containerd does.
        var chatty = method is "Version" or "Status" or "ListImages" or "ImageStatus" or "ImageFsInfo" or "ListPodSandbox" or "ListContainers"
            or "PodSandboxStatus" or "ContainerStatus" or "ListContainerStats" or "ContainerStats" or "PodSandboxStats" or "ListPodSandboxStats";
        var level = chatty ? LogLevel.Debug : LogLevel.Information;
        Log.Request(logger, level, method, Describe(request));
        try
        {
            var response = await continuation(request!, context);
            Log.Returns(logger, level, method, response.ToString() ?? "", started.ElapsedMilliseconds);
            return response;
        }
        catch (Exception ex) when (ex is not RpcException)
        {
            var code = ToStatusCode(ex);
            Log.Failed(logger, method, code.ToString(), ex.Message, code == StatusCode.Unknown ? ex : null);
            throw new RpcException(new Status(code, ex.Message));
        }
        catch (RpcException ex)
        {
            Log.Failed(logger, method, ex.StatusCode.ToString(), ex.Status.Detail, null);
            throw;
        }
    }

    // A pull request carries registry passwords: only the image name may reach the log.
    private static string Describe(object? request) => request switch
    {
        MiniKube.Cri.V1.PullImageRequest pull => $"{{ \"image\": \"{pull.Image?.Image}\" }}",
        null => "",
        _ => request.ToString() ?? "",
    };

    /// <summary>containerd's errdefs.ToGRPC: one exception type per status code.</summary>
    public static StatusCode ToStatusCode(Exception ex) => ex switch
    {
        NotFoundException => StatusCode.NotFound,
        AlreadyExistsException => StatusCode.AlreadyExists,
        InvalidArgumentException => StatusCode.InvalidArgument,
        FailedPreconditionException => StatusCode.FailedPrecondition,
        UnauthenticatedException => StatusCode.Unauthenticated,
        ContentVerificationException => StatusCode.DataLoss,
        OperationCanceledException => StatusCode.Cancelled,
        NotImplementedException => StatusCode.Unimplemented,
        _ => StatusCode.Unknown,
    };

    private static partial class Log
    {
        [LoggerMessage(EventId = 4001, Message = "RPC for {Method} {Request}")]
        public static partial void Request(ILogger logger, LogLevel level, string method, string request);

        [LoggerMessage(EventId = 4002, Message = "RPC for {Method} returns {Response} in {ElapsedMs}ms")]
        public static partial void Returns(ILogger logger, LogLevel level, string method, string response, long elapsedMs);

        [LoggerMessage(EventId = 4003, Level = LogLevel.Error, Message = "RPC for {Method} failed ({Code}): {Error}")]
        public static partial void Failed(ILogger logger, string method, string code, string error, Exception? exception);
    }
}
