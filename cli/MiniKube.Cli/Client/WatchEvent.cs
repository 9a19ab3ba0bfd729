using System.Text.Json.Nodes;

namespace MiniKube.Cli.Client;

/// <summary>
/// One line of a watch stream: ADDED, MODIFIED, DELETED, BOOKMARK or ERROR, and the object it is about.
/// Concept: https://kubernetes.io/docs/reference/using-api/api-concepts/#watch-events
/// </summary>
public sealed record WatchEvent(string Type, JsonObject Object);
