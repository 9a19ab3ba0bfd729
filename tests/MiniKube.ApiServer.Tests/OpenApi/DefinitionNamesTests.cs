using k8s.Models;
using MiniKube.ApiServer.OpenApi;
using Xunit;

namespace MiniKube.ApiServer.Tests.OpenApi;

public class DefinitionNamesTests
{
    [Theory]
    [InlineData(typeof(V1Pod), "io.k8s.api.core.v1.Pod")]
    [InlineData(typeof(V1Container), "io.k8s.api.core.v1.Container")]
    [InlineData(typeof(V1PodTemplateSpec), "io.k8s.api.core.v1.PodTemplateSpec")] // reached from apps too, but core first
    [InlineData(typeof(V1PersistentVolumeClaimSpec), "io.k8s.api.core.v1.PersistentVolumeClaimSpec")]
    [InlineData(typeof(V1Deployment), "io.k8s.api.apps.v1.Deployment")]
    [InlineData(typeof(V1RollingUpdateDeployment), "io.k8s.api.apps.v1.RollingUpdateDeployment")]
    [InlineData(typeof(V1JobSpec), "io.k8s.api.batch.v1.JobSpec")]
    [InlineData(typeof(V1PolicyRule), "io.k8s.api.rbac.v1.PolicyRule")]
    [InlineData(typeof(V1NetworkPolicySpec), "io.k8s.api.networking.v1.NetworkPolicySpec")]
    [InlineData(typeof(V1Scale), "io.k8s.api.autoscaling.v1.Scale")]
    [InlineData(typeof(V2HorizontalPodAutoscaler), "io.k8s.api.autoscaling.v2.HorizontalPodAutoscaler")]
    [InlineData(typeof(V2MetricSpec), "io.k8s.api.autoscaling.v2.MetricSpec")]
    [InlineData(typeof(V1ObjectMeta), "io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta")]
    [InlineData(typeof(V1LabelSelector), "io.k8s.apimachinery.pkg.apis.meta.v1.LabelSelector")]
    [InlineData(typeof(V1Condition), "io.k8s.apimachinery.pkg.apis.meta.v1.Condition")]
    [InlineData(typeof(V1Status), "io.k8s.apimachinery.pkg.apis.meta.v1.Status")]
    [InlineData(typeof(V1APIResourceList), "io.k8s.apimachinery.pkg.apis.meta.v1.APIResourceList")]
    [InlineData(typeof(Corev1Event), "io.k8s.api.core.v1.Event")]
    [InlineData(typeof(Eventsv1Event), "io.k8s.api.events.v1.Event")]
    [InlineData(typeof(Rbacv1Subject), "io.k8s.api.rbac.v1.Subject")]
    [InlineData(typeof(V1CustomResourceDefinition), "io.k8s.apiextensions-apiserver.pkg.apis.apiextensions.v1.CustomResourceDefinition")]
    [InlineData(typeof(V1JSONSchemaProps), "io.k8s.apiextensions-apiserver.pkg.apis.apiextensions.v1.JSONSchemaProps")]
    [InlineData(typeof(V1APIService), "io.k8s.kube-aggregator.pkg.apis.apiregistration.v1.APIService")]
    [InlineData(typeof(V1beta1ResourceClaim), "io.k8s.api.resource.v1beta1.ResourceClaim")]
    [InlineData(typeof(V1TopologySelectorTerm), "io.k8s.api.core.v1.TopologySelectorTerm")] // only storage uses it
    [InlineData(typeof(V1FlowSchemaSpec), "io.k8s.api.flowcontrol.v1.FlowSchemaSpec")]
    public void NameOf_ModelType_IsTheUpstreamDefinitionName(Type modelType, string expected) =>
        Assert.Equal(expected, DefinitionNames.ForKubernetesClient.NameOf(modelType));

    [Fact]
    public void NameOf_NotAModelType_Throws() =>
        Assert.Throws<ArgumentException>(() => DefinitionNames.ForKubernetesClient.NameOf(typeof(string)));
}
