namespace MiniKube.ApiServer.Pipeline;

/// <summary>
/// Authorization: decides whether the user may perform the verb on the resource. For now this is the
/// AlwaysAllow mode (kube-apiserver's <c>--authorization-mode=AlwaysAllow</c>); RBAC arrives with the security issue.
/// Concept: https://kubernetes.io/docs/reference/access-authn-authz/authorization/
/// </summary>
public sealed class Authorization : IRequestStep
{
    public Task InvokeAsync(ApiRequest request, CancellationToken cancellationToken) => Task.CompletedTask;

    /// <summary>The decision for a SelfSubjectAccessReview (<c>kubectl auth can-i</c>): AlwaysAllow says yes.</summary>
    public static bool Allows(UserInfo user, string verb, string group, string resource, string ns) => true;
}
