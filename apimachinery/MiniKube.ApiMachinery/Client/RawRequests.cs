using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using k8s;
using k8s.Models;

namespace MiniKube.ApiMachinery.Client;

/// <summary>
/// Plain HTTP requests to the API server with KubernetesClient's HttpClient and credentials, for the clients that
/// work on any resource by URL (informers, the metadata and discovery clients) rather than through a typed method.
/// A non-2xx answer becomes an <see cref="ApiStatusException"/> carrying the server's Status.
/// </summary>
internal static class RawRequests
{
    public static async Task<HttpResponseMessage> SendAsync(Kubernetes client, HttpMethod method, string pathAndQuery,
        CancellationToken cancellationToken, string? body = null, string contentType = "application/json")
    {
        using var request = new HttpRequestMessage(method, new Uri(client.BaseUri, pathAndQuery.TrimStart('/')));
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
        if (body is not null) request.Content = new StringContent(body, Encoding.UTF8, new MediaTypeHeaderValue(contentType));
        // KubernetesClient keeps bearer tokens outside its HttpClient; client certificates and the CA are inside it.
        if (client.Credentials is not null) await client.Credentials.ProcessHttpRequestAsync(request, cancellationToken);
        // ResponseHeadersRead: return once the headers arrive, so a watch can be read while it streams.
        var response = await client.HttpClient.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken);
        if (response.IsSuccessStatusCode) return response;
        using (response)
        {
            var text = await response.Content.ReadAsStringAsync(cancellationToken);
            V1Status? status = null;
            try { status = KubernetesJson.Deserialize<V1Status>(text); } catch (JsonException) { }
            throw new ApiStatusException(status is { Code: not null } ? status
                : new V1Status { Code = (int)response.StatusCode, Reason = response.ReasonPhrase, Message = text });
        }
    }

    /// <summary>Sends the request and parses the JSON answer.</summary>
    public static async Task<JsonDocument> SendForJsonAsync(Kubernetes client, HttpMethod method, string pathAndQuery,
        CancellationToken cancellationToken, string? body = null, string contentType = "application/json")
    {
        using var response = await SendAsync(client, method, pathAndQuery, cancellationToken, body, contentType);
        return await JsonDocument.ParseAsync(await response.Content.ReadAsStreamAsync(cancellationToken), cancellationToken: cancellationToken);
    }
}
