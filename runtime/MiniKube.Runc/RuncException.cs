namespace MiniKube.Runc;

/// <summary>
/// A failure to report to the caller as runc would: one line on stderr (or in the --log file) and exit code 1. The
/// message says what failed, for which container, and, where we can tell, what to do about it.
/// </summary>
internal sealed class RuncException(string message, Exception? inner = null) : Exception(message, inner);
