namespace MiniKube.Runc.Cli;

/// <summary>A command-line flag as runc spells it: a long name, optional one-letter aliases, and whether it takes a value.</summary>
internal sealed record Flag(string Name, bool TakesValue = false, string? Alias = null);
