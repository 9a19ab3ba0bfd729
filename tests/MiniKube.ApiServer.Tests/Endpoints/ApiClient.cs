using System.Net;
using System.Text;
using System.Text.Json.Nodes;

namespace MiniKube.ApiServer.Tests.Endpoints;

/// <summary>A thin raw-HTTP client for API tests: send exactly the bytes and headers a test wants, read Status answers.</summary>
public sealed class ApiClient(HttpClient http) : IDisposable
{
    public async Task<(HttpStatusCode Code, JsonNode? Body)> SendAsync(HttpMethod method, string path, string? body = null,
        string contentType = "application/json", string? accept = null)
    {
        using var request = new HttpRequestMessage(method, path);
        if (body is not null) request.Content = new StringContent(body, Encoding.UTF8, contentType);
        if (body is not null) request.Content!.Headers.ContentType = System.Net.Http.Headers.MediaTypeHeaderValue.Parse(contentType);
        if (accept is not null) request.Headers.TryAddWithoutValidation("Accept", accept);
        using var response = await http.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        JsonNode? json = null;
        try { json = text.Length == 0 ? null : JsonNode.Parse(text); } catch (System.Text.Json.JsonException) { }
        return (response.StatusCode, json);
    }

    public async Task<JsonNode> GetJsonAsync(string path)
    {
        var (code, body) = await SendAsync(HttpMethod.Get, path);
        if (code != HttpStatusCode.OK) throw new InvalidOperationException($"GET {path}: {(int)code} {body}");
        return body!;
    }

    public async Task<JsonNode> PostJsonAsync(string path, string body)
    {
        var (code, answer) = await SendAsync(HttpMethod.Post, path, body);
        if (code != HttpStatusCode.Created) throw new InvalidOperationException($"POST {path}: {(int)code} {answer}");
        return answer!;
    }

    public void Dispose() => http.Dispose();
}
