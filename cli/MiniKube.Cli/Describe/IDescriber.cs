using System.Text.Json.Nodes;
using MiniKube.Cli.Client;
using MiniKube.Cli.Discovery;

namespace MiniKube.Cli.Describe;

/// <summary>
/// Renders one object for <c>describe</c>, like kubectl's ResourceDescriber: a readable page of the fields that
/// matter for that kind, followed by the Events about the object. Kinds without their own describer get the
/// <see cref="GenericDescriber"/>, which prints every field.
/// Concept: https://kubernetes.io/docs/reference/kubectl/generated/kubectl_describe/
/// </summary>
public interface IDescriber
{
    Task<string> DescribeAsync(ApiClient client, JsonObject obj, CancellationToken cancellationToken);
}

/// <summary>Picks the describer for a resource type (by group and kind, as kubectl's describer map does).</summary>
public static class Describers
{
    public static IDescriber For(ApiResource resource) => (resource.Group, resource.Kind) switch
    {
        ("", "Pod") => new PodDescriber(),
        ("apps", "Deployment") => new DeploymentDescriber(),
        _ => new GenericDescriber(resource.Kind),
    };
}
