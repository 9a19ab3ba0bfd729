using k8s;
using MiniKube.Testing;
using Xunit;

namespace MiniKube.ControllerManager.Tests.ServiceAccount;

[Collection(ControllerManagerCluster.Name)]
public sealed class ServiceAccountsControllerTests(ControllerManagerFixture fixture)
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task NewNamespace_GetsADefaultServiceAccount_RecreatedAfterDeletion()
    {
        var ns = await fixture.CreateNamespaceAsync("sa");
        var first = await Eventually.UntilAsync(async () => (await fixture.Client.CoreV1.ListNamespacedServiceAccountAsync(ns)).Items.SingleOrDefault(s => s.Metadata.Name == "default"),
            Timeout, "the default ServiceAccount");

        await fixture.Client.CoreV1.DeleteNamespacedServiceAccountAsync("default", ns);

        var second = await Eventually.UntilAsync(async () => (await fixture.Client.CoreV1.ListNamespacedServiceAccountAsync(ns)).Items.SingleOrDefault(s => s.Metadata.Name == "default"),
            Timeout, "the default ServiceAccount to be created again");
        Assert.NotEqual(first.Metadata.Uid, second.Metadata.Uid);
    }
}
