using k8s.Models;

namespace MiniKube.ApiServer.Registry.Resources;

/// <summary>
/// SelfSubjectAccessReviews: "may I do this?" — <c>kubectl auth can-i</c> creates one and reads status.allowed.
/// Answered by the authorizer on the spot, never stored.
/// Concept: https://kubernetes.io/docs/reference/access-authn-authz/authorization/#checking-api-access
/// </summary>
public static class SelfSubjectAccessReviews
{
    public static ResourceDefinition Definition { get; } = new()
    {
        Group = "authorization.k8s.io",
        Kind = "SelfSubjectAccessReview",
        Plural = "selfsubjectaccessreviews",
        Namespaced = false,
        ModelType = typeof(V1SelfSubjectAccessReview),
        ListModelType = typeof(V1SelfSubjectAccessReview),
        Verbs = ["create"],
        Stored = false,
    };
}
