using MiniKube.Cli.Discovery;

namespace MiniKube.Cli.Describe;

/// <summary>Picks the describer for a resource type (by group and kind, as kubectl's describer map does).</summary>
public static class Describers
{
    public static IDescriber For(ApiResource resource) => (resource.Group, resource.Kind) switch
    {
        ("", "Pod") => new PodDescriber(),
        ("", "ConfigMap") => new ConfigMapDescriber(),
        ("apps", "Deployment") => new DeploymentDescriber(),
        ("apps", "ReplicaSet") => new ReplicaSetDescriber(),
        _ => new GenericDescriber(resource.Kind),
    };
}
