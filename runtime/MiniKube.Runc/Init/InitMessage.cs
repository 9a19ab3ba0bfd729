namespace MiniKube.Runc.Init;

/// <summary>A message from init to the parent: "log" (with Level), "ready" or "error".</summary>
internal sealed record InitMessage(string Type, string? Message = null, string? Level = null);
