namespace MiniKube.ApiServer.Patch;

/// <summary>
/// A server-side apply tried to change fields that another field manager owns. Without <c>force</c>, apply refuses,
/// so two tools (say kubectl and a controller) never silently overwrite each other's fields. The REST layer answers
/// 409 Conflict with one <c>details.causes[]</c> entry per field; kubectl prints its "--force-conflicts" advice from them.
/// Concept: https://kubernetes.io/docs/reference/using-api/server-side-apply/#conflicts
/// </summary>
public sealed class ApplyConflictException : Exception
{
    /// <summary>The <c>reason</c> of each <c>details.causes[]</c> entry, as upstream writes it.</summary>
    public const string CauseReason = "FieldManagerConflict";

    public ApplyConflictException()
        : this("Apply failed with conflicts")
    {
    }

    public ApplyConflictException(string message)
        : base(message)
    {
        Conflicts = [];
        Causes = [];
    }

    public ApplyConflictException(string message, Exception innerException)
        : base(message, innerException)
    {
        Conflicts = [];
        Causes = [];
    }

    internal ApplyConflictException(string message, IReadOnlyList<(string Manager, string Field)> conflicts,
        IReadOnlyList<(string Message, string Field)> causes)
        : base(message)
    {
        Conflicts = conflicts;
        Causes = causes;
    }

    /// <summary>Each conflicting field (upstream path syntax, e.g. <c>.spec.replicas</c>) and the manager that owns it.</summary>
    public IReadOnlyList<(string Manager, string Field)> Conflicts { get; }

    /// <summary>
    /// The same conflicts as upstream puts them in <c>details.causes[]</c>: message <c>conflict with "kubectl"</c>
    /// (an Update manager reads <c>conflict with "kubectl-client-side-apply" using apps/v1</c>) and the field path.
    /// </summary>
    public IReadOnlyList<(string Message, string Field)> Causes { get; }
}
