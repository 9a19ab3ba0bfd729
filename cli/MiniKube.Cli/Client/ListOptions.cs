namespace MiniKube.Cli.Client;

/// <summary>
/// Filters for a list or watch, sent as <c>?labelSelector=…&amp;fieldSelector=…</c>: the server does the filtering.
/// Concept: https://kubernetes.io/docs/concepts/overview/working-with-objects/labels/#api
/// </summary>
/// <param name="IncludeObject">Ask a Table to embed each whole object (<c>includeObject=Object</c>), e.g. to sort rows by a field.</param>
public sealed record ListOptions(string? LabelSelector = null, string? FieldSelector = null, bool IncludeObject = false);
