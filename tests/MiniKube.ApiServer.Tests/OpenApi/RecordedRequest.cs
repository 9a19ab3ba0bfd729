namespace MiniKube.ApiServer.Tests.OpenApi;

/// <summary>One request the fake server received.</summary>
internal sealed record RecordedRequest(string Method, string PathAndQuery, string? ContentType, string Body);
