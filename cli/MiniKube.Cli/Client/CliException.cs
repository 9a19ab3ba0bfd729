namespace MiniKube.Cli.Client;

/// <summary>
/// A mistake minictl detects itself (an unknown resource type, a bad flag, an unreadable file). kubectl prints these
/// as <c>error: …</c>, without "from server", because the request never reached the API server.
/// </summary>
public sealed class CliException(string message, Exception? inner = null) : Exception(message, inner);
