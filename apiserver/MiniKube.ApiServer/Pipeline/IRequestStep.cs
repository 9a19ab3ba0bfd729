namespace MiniKube.ApiServer.Pipeline;

/// <summary>One stage of the request chain. A step either returns (the request goes on) or throws a
/// <see cref="StatusException"/> (the request ends with that error and nothing is stored).</summary>
public interface IRequestStep
{
    Task InvokeAsync(ApiRequest request, CancellationToken cancellationToken);
}
