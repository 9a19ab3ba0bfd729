using System.Text;
using MiniKube.Cli.Client;

namespace MiniKube.Cli.Commands;

/// <summary>
/// Turns an error into the text kubectl prints for it. A server error shows the server's own reason and message,
/// <c>Error from server (NotFound): pods "x" not found</c>; a validation error (422 Invalid) lists the invalid
/// fields, <c>The Pod "x" is invalid: spec.containers[0].image: Required value</c>; an error minictl found itself
/// is <c>error: …</c>. Stack traces only with <c>-v</c>: users need the message, not our call stack.
/// Concept: https://kubernetes.io/docs/reference/using-api/api-concepts/#resource-errors
/// </summary>
public static class ErrorPrinter
{
    public static string Format(Exception error, int verbosity)
    {
        var text = error switch
        {
            ApiException { Reason: "Invalid" } invalid => InvalidMessage(invalid),
            ApiException api when api.Reason.Length > 0 => $"Error from server ({api.Reason}): {api.Message}",
            ApiException api => $"Error from server: {api.Message}",
            _ => error.Message.StartsWith("error: ", StringComparison.Ordinal) ? error.Message : $"error: {error.Message}",
        };
        if (verbosity >= 1 && error is not (ApiException or CliException)) text += "\n" + error;
        return text.EndsWith('\n') ? text : text + "\n";
    }

    // kubectl builds this message from the Status details, not from its message: one line per invalid field.
    private static string InvalidMessage(ApiException error)
    {
        var details = error.Status.Details;
        if (details is null) return "The request is invalid";
        var subject = !string.IsNullOrEmpty(details.Kind) || !string.IsNullOrEmpty(details.Name)
            ? $"The {details.Kind} \"{details.Name}\" is invalid"
            : "The request is invalid";
        var causes = details.Causes ?? [];
        if (causes.Count == 0) return subject;
        if (causes.Count == 1) return $"{subject}: {causes[0].Field}: {causes[0].Message}";
        var text = new StringBuilder($"{subject}: \n");
        foreach (var cause in causes) text.Append($"* {cause.Field}: {cause.Message}\n");
        return text.ToString();
    }
}
