using k8s.Models;

namespace MiniKube.ApiMachinery.Client;

/// <summary>
/// The API server answered with an error <c>Status</c> (404 NotFound, 409 Conflict, 410 Expired…), like the errors
/// client-go's <c>k8s.io/apimachinery/pkg/api/errors</c> wraps. Callers branch on <see cref="Code"/> and
/// <see cref="Reason"/>, never on the message text.
/// Concept: https://kubernetes.io/docs/reference/using-api/api-concepts/#resource-errors
/// </summary>
public sealed class ApiStatusException(V1Status status) : Exception(status.Message)
{
    public V1Status Status { get; } = status;
    public int Code => Status.Code ?? 0;
    public string Reason => Status.Reason ?? "";

    /// <summary>410: the resourceVersion asked for is older than what the server still keeps; list again.</summary>
    public bool IsExpired => Code == 410;
}
