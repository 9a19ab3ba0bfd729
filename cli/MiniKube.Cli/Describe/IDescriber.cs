using System.Text.Json.Nodes;
using MiniKube.Cli.Client;

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
