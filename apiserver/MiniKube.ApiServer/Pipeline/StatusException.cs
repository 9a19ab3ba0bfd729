using k8s.Models;

namespace MiniKube.ApiServer.Pipeline;

/// <summary>
/// An API error on its way to the client: any step may throw it, and the HTTP layer writes its <c>v1 Status</c>
/// with the status's code. Build the Status with <see cref="MiniKube.ApiMachinery.Errors.StatusErrors"/>.
/// </summary>
public sealed class StatusException(V1Status status) : Exception(status.Message)
{
    public V1Status Status { get; } = status;
}
