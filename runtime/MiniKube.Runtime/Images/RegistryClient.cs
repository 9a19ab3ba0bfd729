using System.Net;
using System.Net.Http.Headers;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Logging;

namespace MiniKube.Runtime.Images;

/// <summary>
/// The client half of the OCI distribution API for one repository on one endpoint: <c>GET /v2/&lt;name&gt;/manifests/&lt;ref&gt;</c>
/// and <c>GET /v2/&lt;name&gt;/blobs/&lt;digest&gt;</c>, with the authentication dance public registries use: try without
/// credentials; on 401 read the WWW-Authenticate challenge; for <c>Basic</c> send the user and password; for <c>Bearer
/// realm=…,service=…,scope=…</c> fetch a token from the realm (with the user and password, or anonymously) and retry with it.
/// Concept: https://kubernetes.io/docs/concepts/containers/images/
/// </summary>
public sealed partial class RegistryClient(HttpClient http, Uri endpoint, string repository, RegistryCredentials? credentials, ILogger logger)
{
    private AuthenticationHeaderValue? _authorization = credentials?.RegistryToken is { } token ? new("Bearer", token) : null;

    public Uri Endpoint => endpoint;

    /// <summary>A manifest (or index) by tag or digest: its bytes and the media type the registry declared.</summary>
    public async Task<(byte[] Body, string? ContentType)> GetManifestAsync(string reference, CancellationToken cancellationToken)
    {
        using var response = await SendAsync(() =>
        {
            var request = new HttpRequestMessage(HttpMethod.Get, new Uri(endpoint, $"/v2/{repository}/manifests/{reference}"));
            foreach (var type in MediaTypes.Manifests) request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue(type));
            return request;
        }, $"manifest {repository}:{reference}", cancellationToken);
        // Manifests are small; a registry that sends megabytes is not one we trust.
        if (response.Content.Headers.ContentLength > 4 << 20) throw new ContentVerificationException($"manifest {repository}:{reference} is larger than 4 MiB");
        return (await response.Content.ReadAsByteArrayAsync(cancellationToken), response.Content.Headers.ContentType?.MediaType);
    }

    /// <summary>Opens a blob for streaming; the caller verifies digest and size while reading.</summary>
    public async Task<Stream> OpenBlobAsync(string digest, CancellationToken cancellationToken)
    {
        var response = await SendAsync(() => new HttpRequestMessage(HttpMethod.Get, new Uri(endpoint, $"/v2/{repository}/blobs/{digest}")),
            $"blob {digest}", cancellationToken);
        return await response.Content.ReadAsStreamAsync(cancellationToken);
    }

    private async Task<HttpResponseMessage> SendAsync(Func<HttpRequestMessage> newRequest, string what, CancellationToken cancellationToken)
    {
        for (var attempt = 0; ; attempt++)
        {
            using var request = newRequest();
            request.Headers.Authorization = _authorization;
            var response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken);
            if (response.StatusCode == HttpStatusCode.Unauthorized && attempt == 0)
            {
                var challenges = response.Headers.WwwAuthenticate.ToList();
                response.Dispose();
                _authorization = await AnswerChallengeAsync(challenges, cancellationToken);
                continue;
            }
            if (response.IsSuccessStatusCode) return response;
            var body = await ReadErrorAsync(response, cancellationToken);
            var status = (int)response.StatusCode;
            response.Dispose();
            throw response.StatusCode switch
            {
                HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden =>
                    new UnauthenticatedException($"{endpoint} refused access to {what} ({status}){body}: check the pull credentials (imagePullSecrets or registries.yaml configs)"),
                HttpStatusCode.NotFound => new NotFoundException($"{what} not found at {endpoint} ({status}){body}"),
                _ => new HttpRequestException($"{endpoint} answered {status} for {what}{body}", null, response.StatusCode),
            };
        }
    }

    // One challenge answered per request: Basic with the password, or Bearer with a token fetched from the realm.
    private async Task<AuthenticationHeaderValue> AnswerChallengeAsync(List<AuthenticationHeaderValue> challenges, CancellationToken cancellationToken)
    {
        var bearer = challenges.FirstOrDefault(c => c.Scheme.Equals("Bearer", StringComparison.OrdinalIgnoreCase));
        if (bearer is not null)
        {
            var parameters = ParseChallenge(bearer.Parameter ?? "");
            if (!parameters.TryGetValue("realm", out var realm) || !Uri.TryCreate(realm, UriKind.Absolute, out var realmUri))
                throw new UnauthenticatedException($"{endpoint} asked for a bearer token without a usable realm (\"{bearer.Parameter}\")");
            var query = new List<string>();
            if (parameters.TryGetValue("service", out var service)) query.Add("service=" + Uri.EscapeDataString(service));
            // The scope the registry named, else the pull scope of our repository (what docker sends).
            query.Add("scope=" + Uri.EscapeDataString(parameters.TryGetValue("scope", out var scope) ? scope : $"repository:{repository}:pull"));
            var tokenUri = new UriBuilder(realmUri) { Query = string.Join('&', query) }.Uri;
            using var request = new HttpRequestMessage(HttpMethod.Get, tokenUri);
            if (credentials is { HasPassword: true }) request.Headers.Authorization = new("Basic", credentials.BasicHeaderValue);
            Log.FetchingToken(logger, realmUri.GetLeftPart(UriPartial.Path), credentials is { HasPassword: true } ? credentials.Username! : "(anonymous)");
            using var response = await http.SendAsync(request, cancellationToken);
            if (!response.IsSuccessStatusCode)
                throw new UnauthenticatedException($"token server {realmUri.GetLeftPart(UriPartial.Path)} refused a token for {repository} ({(int)response.StatusCode}): check the pull credentials");
            var json = JsonNode.Parse(await response.Content.ReadAsStringAsync(cancellationToken));
            var token = json?["token"]?.GetValue<string>() ?? json?["access_token"]?.GetValue<string>()
                ?? throw new UnauthenticatedException($"token server {realmUri.GetLeftPart(UriPartial.Path)} answered without a token");
            return new AuthenticationHeaderValue("Bearer", token);
        }
        if (challenges.Any(c => c.Scheme.Equals("Basic", StringComparison.OrdinalIgnoreCase)))
        {
            if (credentials is not { HasPassword: true })
                throw new UnauthenticatedException($"{endpoint} requires a user name and password for {repository} (Basic auth) and none were given: add an imagePullSecret or a registries.yaml configs entry");
            return new AuthenticationHeaderValue("Basic", credentials.BasicHeaderValue);
        }
        throw new UnauthenticatedException($"{endpoint} answered 401 for {repository} with no challenge we understand ({string.Join(", ", challenges.Select(c => c.Scheme))})");
    }

    /// <summary>The key="value" pairs of a challenge: realm="https://auth.docker.io/token",service="registry.docker.io".</summary>
    internal static Dictionary<string, string> ParseChallenge(string parameter)
    {
        var result = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        var i = 0;
        while (i < parameter.Length)
        {
            while (i < parameter.Length && (parameter[i] == ',' || parameter[i] == ' ')) i++;
            var eq = parameter.IndexOf('=', i);
            if (eq < 0) break;
            var key = parameter[i..eq].Trim();
            i = eq + 1;
            string value;
            if (i < parameter.Length && parameter[i] == '"')
            {
                var end = parameter.IndexOf('"', i + 1);
                if (end < 0) end = parameter.Length;
                value = parameter[(i + 1)..end];
                i = end + 1;
            }
            else
            {
                var end = parameter.IndexOf(',', i);
                if (end < 0) end = parameter.Length;
                value = parameter[i..end].Trim();
                i = end;
            }
            result[key] = value;
        }
        return result;
    }

    private static async Task<string> ReadErrorAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        try
        {
            var text = await response.Content.ReadAsStringAsync(cancellationToken);
            return text.Length == 0 ? "" : ": " + (text.Length > 300 ? text[..300] : text).Trim();
        }
        catch (HttpRequestException) { return ""; }
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = 4110, Level = LogLevel.Debug, Message = "Fetching a bearer token from {Realm} as {User}")]
        public static partial void FetchingToken(ILogger logger, string realm, string user);
    }
}
