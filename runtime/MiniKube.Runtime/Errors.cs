namespace MiniKube.Runtime;

// Domain errors the CRI interceptor turns into gRPC status codes (containerd's errdefs), so RPC bodies need no try/catch.

/// <summary>The object asked for does not exist → NOT_FOUND.</summary>
public sealed class NotFoundException(string message) : Exception(message);

/// <summary>The object to create exists already → ALREADY_EXISTS.</summary>
public sealed class AlreadyExistsException(string message) : Exception(message);

/// <summary>The request itself is wrong (a bad reference, a missing field) → INVALID_ARGUMENT.</summary>
public sealed class InvalidArgumentException(string message) : Exception(message);

/// <summary>The object is in a state that forbids the operation (an image used by a container) → FAILED_PRECONDITION.</summary>
public sealed class FailedPreconditionException(string message) : Exception(message);

/// <summary>A registry refused our credentials → UNAUTHENTICATED.</summary>
public sealed class UnauthenticatedException(string message, Exception? inner = null) : Exception(message, inner);

/// <summary>Content did not match its digest or size, or a layer is hostile or too large: the image is corrupt or
/// malicious, and retrying will not help → DATA_LOSS ("unrecoverable data loss or corruption").</summary>
public sealed class ContentVerificationException(string message) : Exception(message);
