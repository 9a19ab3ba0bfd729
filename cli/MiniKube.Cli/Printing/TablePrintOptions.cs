namespace MiniKube.Cli.Printing;

/// <summary>How a table is decorated: wide columns, a NAMESPACE column (<c>-A</c>), a kind prefix on names (several types).</summary>
/// <param name="KindPrefix">"deployment.apps" turns the name "web" into "deployment.apps/web"; null for none.</param>
public sealed record TablePrintOptions(bool Wide = false, bool WithNamespace = false, string? KindPrefix = null, bool NoHeaders = false);
