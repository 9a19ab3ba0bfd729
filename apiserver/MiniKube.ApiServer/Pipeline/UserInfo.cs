namespace MiniKube.ApiServer.Pipeline;

/// <summary>Who sent a request, as authentication decided: a user name and the groups it belongs to.</summary>
/// <remarks>Concept: https://kubernetes.io/docs/reference/access-authn-authz/authentication/#users-in-kubernetes</remarks>
public sealed record UserInfo(string Name, IReadOnlyList<string> Groups)
{
    public static UserInfo Anonymous { get; } = new("system:anonymous", ["system:unauthenticated"]);
}
