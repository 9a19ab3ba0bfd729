namespace MiniKube.ApiServer.Patch;

/// <summary>
/// A PATCH the API server cannot apply. Either the patch document itself is malformed (the REST layer answers
/// 400 BadRequest), or it is well formed but does not fit the object, such as a failed JSON-patch "test" or a path
/// that does not exist (422 Invalid). Messages follow the real kube-apiserver's wording where we know it.
/// Concept: https://kubernetes.io/docs/tasks/manage-kubernetes-objects/update-api-object-kubectl-patch/
/// </summary>
public sealed class PatchException : Exception
{
    public PatchException()
        : this("the patch could not be applied")
    {
    }

    /// <summary>A patch that does not fit the object (422 Invalid).</summary>
    public PatchException(string message)
        : this(message, isBadRequest: false, innerException: null)
    {
    }

    public PatchException(string message, Exception innerException)
        : this(message, isBadRequest: false, innerException)
    {
    }

    private PatchException(string message, bool isBadRequest, Exception? innerException)
        : base(message, innerException)
    {
        IsBadRequest = isBadRequest;
    }

    /// <summary>
    /// True: the patch document is malformed (400, reason BadRequest). False: the patch is well formed but cannot be
    /// applied to this object (422, reason Invalid), which is how the real apiserver answers a failed JSON patch.
    /// </summary>
    public bool IsBadRequest { get; }

    /// <summary>The HTTP status code the REST layer should answer with: 400 or 422.</summary>
    public int StatusCode => IsBadRequest ? 400 : 422;

    /// <summary>The v1 Status reason that goes with <see cref="StatusCode"/>.</summary>
    public string Reason => IsBadRequest ? "BadRequest" : "Invalid";

    /// <summary>The patch document is malformed: 400 BadRequest.</summary>
    internal static PatchException BadRequest(string message, Exception? innerException = null) =>
        new(message, isBadRequest: true, innerException);

    /// <summary>The patch is well formed but does not fit this object: 422 Invalid.</summary>
    internal static PatchException Invalid(string message) => new(message, isBadRequest: false, innerException: null);
}
