namespace MiniKube.Runc.Logging;

/// <summary>One line of `--log-format json`: {"level":"error","msg":"…","time":"…"}, the shape runc writes.</summary>
internal sealed record LogEntry(string Level, string Msg, string Time);
