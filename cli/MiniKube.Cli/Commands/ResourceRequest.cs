using MiniKube.Cli.Discovery;

namespace MiniKube.Cli.Commands;

/// <summary>One thing to fetch: a resource type and, optionally, one object's name (none means the whole list).</summary>
public sealed record ResourceRequest(ApiResource Resource, string? Name);
