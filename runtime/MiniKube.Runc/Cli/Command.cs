namespace MiniKube.Runc.Cli;

/// <summary>One verb of the OCI runtime command line (create, start, state, kill, delete, …) and how to run it.</summary>
internal sealed record Command(string Name, string Usage, string Description, int MinArgs, int MaxArgs, Flag[] Flags,
    Func<GlobalOptions, ParsedArguments, int> Run);
