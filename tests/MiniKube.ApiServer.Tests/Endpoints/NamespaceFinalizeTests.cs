using k8s;
using k8s.Models;
using MiniKube.Testing;
using Xunit;

namespace MiniKube.ApiServer.Tests.Endpoints;

/// <summary>
/// Namespace deletion as the namespace controller drives it: DELETE marks the namespace Terminating (it keeps the
/// "kubernetes" spec finalizer), and a PUT to namespaces/{name}/finalize without that finalizer removes it.
/// </summary>
public sealed class NamespaceFinalizeTests(SqliteApiServerFixture fixture) : IClassFixture<SqliteApiServerFixture>
{
    [RequiresFact]
    public async Task Finalize_RemovingTheKubernetesFinalizerOfATerminatingNamespace_DeletesIt()
    {
        var name = await fixture.CreateNamespaceAsync("fin");
        await fixture.Client.CoreV1.DeleteNamespaceAsync(name);
        var terminating = await fixture.Client.CoreV1.ReadNamespaceAsync(name);
        Assert.Equal("Terminating", terminating.Status.Phase);
        Assert.Equal(["kubernetes"], terminating.Spec.Finalizers);

        terminating.Spec.Finalizers = [];
        await fixture.Client.CoreV1.ReplaceNamespaceFinalizeAsync(terminating, name);

        var ex = await Assert.ThrowsAsync<k8s.Autorest.HttpOperationException>(() => fixture.Client.CoreV1.ReadNamespaceAsync(name));
        Assert.Equal(System.Net.HttpStatusCode.NotFound, ex.Response.StatusCode);
    }

    [RequiresFact]
    public async Task Finalize_OfAnActiveNamespace_ChangesOnlySpecFinalizers()
    {
        var name = await fixture.CreateNamespaceAsync("fin");
        var ns = await fixture.Client.CoreV1.ReadNamespaceAsync(name);
        ns.Spec.Finalizers = ["example.com/keep"];
        ns.Metadata.Labels["extra"] = "ignored";

        var updated = await fixture.Client.CoreV1.ReplaceNamespaceFinalizeAsync(ns, name);

        Assert.Equal(["example.com/keep"], updated.Spec.Finalizers);
        Assert.False(updated.Metadata.Labels.ContainsKey("extra"));
        Assert.Equal("Active", updated.Status.Phase);
    }
}
