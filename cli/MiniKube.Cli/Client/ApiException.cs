using k8s.Models;

namespace MiniKube.Cli.Client;

/// <summary>
/// An error answer from the API server, carrying the server's <c>v1 Status</c> (reason, message, details), like
/// client-go's <c>StatusError</c>. Commands let it travel up to <see cref="Commands.ErrorPrinter"/>, which prints it
/// the way kubectl does: <c>Error from server (NotFound): pods "web" not found</c>.
/// Concept: https://kubernetes.io/docs/reference/using-api/api-concepts/#resource-errors
/// </summary>
public sealed class ApiException : Exception
{
    public ApiException(V1Status status, string? context = null, Exception? inner = null)
        : base(context is null ? status.Message : $"{context}: {status.Message}", inner)
    {
        Status = status;
        Context = context;
    }

    public V1Status Status { get; }

    /// <summary>What minictl was doing, e.g. <c>error when creating "web.yaml"</c>; kubectl puts it before the server's message.</summary>
    public string? Context { get; }

    public int Code => Status.Code ?? 0;

    public string Reason => Status.Reason ?? "";

    public bool IsNotFound => Code == 404;

    /// <summary>The same error with a note of what minictl was doing when it happened.</summary>
    public ApiException WithContext(string context) => new(Status, context, this);
}
