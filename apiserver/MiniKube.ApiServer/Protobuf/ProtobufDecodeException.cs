namespace MiniKube.ApiServer.Protobuf;

/// <summary>
/// A protobuf request body we cannot turn into JSON: not a Kubernetes protobuf envelope, truncated or malformed, or a
/// kind our schema table does not describe. The message is written for the client (it becomes the <c>v1 Status</c>
/// message); <see cref="StatusCode"/> says which HTTP answer fits: 400 BadRequest for a broken body,
/// 415 UnsupportedMediaType for a well-formed body of a kind we can only take as JSON.
/// Concept: https://kubernetes.io/docs/reference/using-api/api-concepts/#protobuf-encoding
/// </summary>
public sealed class ProtobufDecodeException : Exception
{
    public ProtobufDecodeException()
        : this("the protobuf body could not be decoded")
    {
    }

    public ProtobufDecodeException(string message)
        : this(message, innerException: null)
    {
    }

    public ProtobufDecodeException(string message, Exception? innerException)
        : this(message, 400, innerException)
    {
    }

    public ProtobufDecodeException(string message, int statusCode, Exception? innerException = null)
        : base(message, innerException)
    {
        StatusCode = statusCode;
    }

    /// <summary>400 for a malformed body, 415 for a kind that must be sent as JSON instead.</summary>
    public int StatusCode { get; }
}
