namespace MiniKube.ApiServer.Pipeline;

/// <summary>
/// Authentication: decides who sent the request. For now every request is the anonymous user; the security
/// issue replaces this step with token and client-certificate authenticators.
/// Concept: https://kubernetes.io/docs/reference/access-authn-authz/authentication/
/// </summary>
public sealed class Authentication : IRequestStep
{
    public Task InvokeAsync(ApiRequest request, CancellationToken cancellationToken)
    {
        // Upstream difference: no authenticator is configured yet, so everyone is system:anonymous.
        request.User = UserInfo.Anonymous;
        return Task.CompletedTask;
    }
}
