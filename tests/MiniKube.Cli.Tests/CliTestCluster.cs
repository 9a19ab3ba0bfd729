using MiniKube.Testing;
using Xunit;

namespace MiniKube.Cli.Tests;

/// <summary>
/// The xunit collection of end-to-end tests that share one <see cref="SqliteApiServerFixture"/>. They run one after
/// the other and each works in its own namespace, so they never see each other's objects.
/// </summary>
[CollectionDefinition(Name)]
public sealed class CliTestCluster : ICollectionFixture<SqliteApiServerFixture>
{
    public const string Name = "minictl against one API server";
}
