using Xunit;

namespace MiniKube.Cli.Tests;

/// <summary>The xunit collection of end-to-end tests that share one <see cref="ApiServerFixture"/>.</summary>
[CollectionDefinition(Name)]
public sealed class CliTestCluster : ICollectionFixture<ApiServerFixture>
{
    public const string Name = "minictl against one API server";
}
