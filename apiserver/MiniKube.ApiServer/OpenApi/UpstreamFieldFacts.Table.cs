// The facts in this file come from the Kubernetes API type definitions (k8s.io/api and k8s.io/apimachinery, v1.37):
// their "+listType", "+listMapKey", "+patchStrategy", "+patchMergeKey", "+mapType", "+structType" and
// "+optional"/"+required" markers, for the GA (v1/v2) API groups, and the "+default" of list map keys an item may
// leave out (ports' protocol). They are data, not code: regenerate them when KubernetesClient moves to a new
// Kubernetes version.
namespace MiniKube.ApiServer.OpenApi;

internal static partial class UpstreamFieldFacts
{
    /// <summary>Structs that are replaced as a whole by server-side apply ("+structType=atomic").</summary>
    private static string[] AtomicStructs() =>
    [
        "io.k8s.api.admissionregistration.v1.ParamKind",
        "io.k8s.api.admissionregistration.v1.Variable",
        "io.k8s.api.admissionregistration.v1.ParamRef",
        "io.k8s.api.admissionregistration.v1.MatchResources",
        "io.k8s.api.admissionregistration.v1.NamedRuleWithOperations",
        "io.k8s.api.autoscaling.v1.CrossVersionObjectReference",
        "io.k8s.api.core.v1.SecretReference",
        "io.k8s.api.core.v1.FileKeySelector",
        "io.k8s.api.core.v1.ObjectFieldSelector",
        "io.k8s.api.core.v1.ResourceFieldSelector",
        "io.k8s.api.core.v1.ConfigMapKeySelector",
        "io.k8s.api.core.v1.SecretKeySelector",
        "io.k8s.api.core.v1.NodeSelector",
        "io.k8s.api.core.v1.NodeSelectorTerm",
        "io.k8s.api.core.v1.TopologySelectorTerm",
        "io.k8s.api.core.v1.EvictionResponder",
        "io.k8s.api.core.v1.EndpointAddress",
        "io.k8s.api.core.v1.EndpointPort",
        "io.k8s.api.core.v1.ObjectReference",
        "io.k8s.api.core.v1.LocalObjectReference",
        "io.k8s.api.core.v1.TypedLocalObjectReference",
        "io.k8s.api.core.v1.ScopeSelector",
        "io.k8s.api.discovery.v1.EndpointPort",
        "io.k8s.api.networking.v1.ServiceBackendPort",
        "io.k8s.api.rbac.v1.Subject",
        "io.k8s.api.rbac.v1.RoleRef",
        "io.k8s.apimachinery.pkg.apis.meta.v1.OwnerReference",
        "io.k8s.apimachinery.pkg.apis.meta.v1.LabelSelector",
    ];

    private static FieldFact[] Table() =>
    [
        new("io.k8s.api.admissionregistration.v1.ValidatingAdmissionPolicyStatus", "conditions", ListType: "map", ListMapKeys: ["type"]),

        new("io.k8s.api.admissionregistration.v1.TypeChecking", "expressionWarnings", ListType: "atomic"),

        new("io.k8s.api.admissionregistration.v1.ExpressionWarning", "fieldRef", Required: true),
        new("io.k8s.api.admissionregistration.v1.ExpressionWarning", "warning", Required: true),

        new("io.k8s.api.admissionregistration.v1.ValidatingAdmissionPolicyList", "items", Required: true),

        new("io.k8s.api.admissionregistration.v1.ValidatingAdmissionPolicySpec", "validations", ListType: "atomic"),
        new("io.k8s.api.admissionregistration.v1.ValidatingAdmissionPolicySpec", "auditAnnotations", ListType: "atomic"),
        new("io.k8s.api.admissionregistration.v1.ValidatingAdmissionPolicySpec", "matchConditions", ListType: "map", ListMapKeys: ["name"], PatchStrategy: "merge", PatchMergeKey: "name"),
        new("io.k8s.api.admissionregistration.v1.ValidatingAdmissionPolicySpec", "variables", ListType: "map", ListMapKeys: ["name"], PatchStrategy: "merge", PatchMergeKey: "name"),

        new("io.k8s.api.admissionregistration.v1.Validation", "expression", Required: true),

        new("io.k8s.api.admissionregistration.v1.Variable", "name", Required: true),
        new("io.k8s.api.admissionregistration.v1.Variable", "expression", Required: true),

        new("io.k8s.api.admissionregistration.v1.AuditAnnotation", "key", Required: true),
        new("io.k8s.api.admissionregistration.v1.AuditAnnotation", "valueExpression", Required: true),

        new("io.k8s.api.admissionregistration.v1.ValidatingAdmissionPolicyBinding", "spec", Required: true),

        new("io.k8s.api.admissionregistration.v1.ValidatingAdmissionPolicyBindingList", "items", Required: true),

        new("io.k8s.api.admissionregistration.v1.ValidatingAdmissionPolicyBindingSpec", "policyName", Required: true),
        new("io.k8s.api.admissionregistration.v1.ValidatingAdmissionPolicyBindingSpec", "validationActions", Required: true, ListType: "set"),

        new("io.k8s.api.admissionregistration.v1.MatchResources", "resourceRules", ListType: "atomic"),
        new("io.k8s.api.admissionregistration.v1.MatchResources", "excludeResourceRules", ListType: "atomic"),

        new("io.k8s.api.admissionregistration.v1.NamedRuleWithOperations", "resourceNames", ListType: "atomic"),

        new("io.k8s.api.admissionregistration.v1.ValidatingWebhookConfiguration", "webhooks", ListType: "map", ListMapKeys: ["name"], PatchStrategy: "merge", PatchMergeKey: "name"),

        new("io.k8s.api.admissionregistration.v1.ValidatingWebhookConfigurationList", "items", Required: true),

        new("io.k8s.api.admissionregistration.v1.MutatingWebhookConfiguration", "webhooks", ListType: "map", ListMapKeys: ["name"], PatchStrategy: "merge", PatchMergeKey: "name"),

        new("io.k8s.api.admissionregistration.v1.MutatingWebhookConfigurationList", "items", Required: true),

        new("io.k8s.api.admissionregistration.v1.ValidatingWebhook", "name", Required: true),
        new("io.k8s.api.admissionregistration.v1.ValidatingWebhook", "clientConfig", Required: true),
        new("io.k8s.api.admissionregistration.v1.ValidatingWebhook", "rules", ListType: "atomic"),
        new("io.k8s.api.admissionregistration.v1.ValidatingWebhook", "sideEffects", Required: true),
        new("io.k8s.api.admissionregistration.v1.ValidatingWebhook", "admissionReviewVersions", Required: true, ListType: "atomic"),
        new("io.k8s.api.admissionregistration.v1.ValidatingWebhook", "matchConditions", ListType: "map", ListMapKeys: ["name"], PatchStrategy: "merge", PatchMergeKey: "name"),

        new("io.k8s.api.admissionregistration.v1.MutatingWebhook", "name", Required: true),
        new("io.k8s.api.admissionregistration.v1.MutatingWebhook", "clientConfig", Required: true),
        new("io.k8s.api.admissionregistration.v1.MutatingWebhook", "rules", ListType: "atomic"),
        new("io.k8s.api.admissionregistration.v1.MutatingWebhook", "sideEffects", Required: true),
        new("io.k8s.api.admissionregistration.v1.MutatingWebhook", "admissionReviewVersions", Required: true, ListType: "atomic"),
        new("io.k8s.api.admissionregistration.v1.MutatingWebhook", "matchConditions", ListType: "map", ListMapKeys: ["name"], PatchStrategy: "merge", PatchMergeKey: "name"),

        new("io.k8s.api.admissionregistration.v1.MutatingAdmissionPolicyList", "items", Required: true),

        new("io.k8s.api.admissionregistration.v1.MutatingAdmissionPolicySpec", "variables", ListType: "atomic"),
        new("io.k8s.api.admissionregistration.v1.MutatingAdmissionPolicySpec", "mutations", ListType: "atomic"),
        new("io.k8s.api.admissionregistration.v1.MutatingAdmissionPolicySpec", "matchConditions", ListType: "map", ListMapKeys: ["name"], PatchStrategy: "merge", PatchMergeKey: "name"),

        new("io.k8s.api.admissionregistration.v1.Mutation", "patchType", Required: true),

        new("io.k8s.api.admissionregistration.v1.MutatingAdmissionPolicyBindingList", "items", Required: true),

        new("io.k8s.api.admissionregistration.v1.RuleWithOperations", "operations", ListType: "atomic"),

        new("io.k8s.api.admissionregistration.v1.ServiceReference", "namespace", Required: true),
        new("io.k8s.api.admissionregistration.v1.ServiceReference", "name", Required: true),

        new("io.k8s.api.admissionregistration.v1.MatchCondition", "name", Required: true),
        new("io.k8s.api.admissionregistration.v1.MatchCondition", "expression", Required: true),

        new("io.k8s.api.apidiscovery.v2.APIGroupDiscovery", "versions", ListType: "map", ListMapKeys: ["version"]),

        new("io.k8s.api.apidiscovery.v2.APIVersionDiscovery", "resources", ListType: "map", ListMapKeys: ["resource"]),

        new("io.k8s.api.apidiscovery.v2.APIResourceDiscovery", "verbs", ListType: "set"),
        new("io.k8s.api.apidiscovery.v2.APIResourceDiscovery", "shortNames", ListType: "set"),
        new("io.k8s.api.apidiscovery.v2.APIResourceDiscovery", "categories", ListType: "set"),
        new("io.k8s.api.apidiscovery.v2.APIResourceDiscovery", "subresources", ListType: "map", ListMapKeys: ["subresource"]),

        new("io.k8s.api.apidiscovery.v2.APISubresourceDiscovery", "acceptedTypes", ListType: "map", ListMapKeys: ["group", "version", "kind"]),
        new("io.k8s.api.apidiscovery.v2.APISubresourceDiscovery", "verbs", ListType: "set"),

        new("io.k8s.api.apps.v1.StatefulSet", "spec", Required: true),

        new("io.k8s.api.apps.v1.StatefulSetSpec", "selector", Required: true),
        new("io.k8s.api.apps.v1.StatefulSetSpec", "template", Required: true),
        new("io.k8s.api.apps.v1.StatefulSetSpec", "volumeClaimTemplates", ListType: "atomic"),

        new("io.k8s.api.apps.v1.StatefulSetStatus", "replicas", Required: true),
        new("io.k8s.api.apps.v1.StatefulSetStatus", "conditions", ListType: "map", ListMapKeys: ["type"], PatchStrategy: "merge", PatchMergeKey: "type"),

        new("io.k8s.api.apps.v1.StatefulSetList", "items", Required: true),

        new("io.k8s.api.apps.v1.Deployment", "spec", Required: true),

        new("io.k8s.api.apps.v1.DeploymentSpec", "selector", Required: true),
        new("io.k8s.api.apps.v1.DeploymentSpec", "template", Required: true),
        new("io.k8s.api.apps.v1.DeploymentSpec", "strategy", PatchStrategy: "retainKeys"),

        new("io.k8s.api.apps.v1.DeploymentStatus", "conditions", ListType: "map", ListMapKeys: ["type"], PatchStrategy: "merge", PatchMergeKey: "type"),

        new("io.k8s.api.apps.v1.DeploymentList", "items", Required: true),

        new("io.k8s.api.apps.v1.DaemonSetSpec", "selector", Required: true),
        new("io.k8s.api.apps.v1.DaemonSetSpec", "template", Required: true),

        new("io.k8s.api.apps.v1.DaemonSetStatus", "currentNumberScheduled", Required: true),
        new("io.k8s.api.apps.v1.DaemonSetStatus", "numberMisscheduled", Required: true),
        new("io.k8s.api.apps.v1.DaemonSetStatus", "desiredNumberScheduled", Required: true),
        new("io.k8s.api.apps.v1.DaemonSetStatus", "numberReady", Required: true),
        new("io.k8s.api.apps.v1.DaemonSetStatus", "conditions", ListType: "map", ListMapKeys: ["type"], PatchStrategy: "merge", PatchMergeKey: "type"),

        new("io.k8s.api.apps.v1.DaemonSet", "spec", Required: true),

        new("io.k8s.api.apps.v1.DaemonSetList", "items", Required: true),

        new("io.k8s.api.apps.v1.ReplicaSet", "spec", Required: true),

        new("io.k8s.api.apps.v1.ReplicaSetList", "items", Required: true),

        new("io.k8s.api.apps.v1.ReplicaSetSpec", "selector", Required: true),

        new("io.k8s.api.apps.v1.ReplicaSetStatus", "replicas", Required: true),
        new("io.k8s.api.apps.v1.ReplicaSetStatus", "conditions", ListType: "map", ListMapKeys: ["type"], PatchStrategy: "merge", PatchMergeKey: "type"),

        new("io.k8s.api.apps.v1.ControllerRevision", "data", Required: true),

        new("io.k8s.api.apps.v1.ControllerRevisionList", "items", Required: true),

        new("io.k8s.api.authentication.v1.TokenReview", "spec", Required: true),

        new("io.k8s.api.authentication.v1.TokenReviewSpec", "token", Required: true),
        new("io.k8s.api.authentication.v1.TokenReviewSpec", "audiences", ListType: "atomic"),

        new("io.k8s.api.authentication.v1.TokenReviewStatus", "audiences", ListType: "atomic"),

        new("io.k8s.api.authentication.v1.UserInfo", "groups", ListType: "atomic"),

        new("io.k8s.api.authentication.v1.TokenRequestSpec", "audiences", ListType: "atomic"),

        new("io.k8s.api.authorization.v1.SubjectAccessReview", "spec", Required: true),

        new("io.k8s.api.authorization.v1.SelfSubjectAccessReview", "spec", Required: true),

        new("io.k8s.api.authorization.v1.LocalSubjectAccessReview", "spec", Required: true),

        new("io.k8s.api.authorization.v1.LabelSelectorAttributes", "requirements", ListType: "atomic"),

        new("io.k8s.api.authorization.v1.FieldSelectorAttributes", "requirements", ListType: "atomic"),

        new("io.k8s.api.authorization.v1.SubjectAccessReviewSpec", "groups", ListType: "atomic"),

        new("io.k8s.api.authorization.v1.SubjectAccessReviewStatus", "allowed", Required: true),

        new("io.k8s.api.authorization.v1.SelfSubjectRulesReview", "spec", Required: true),

        new("io.k8s.api.authorization.v1.SubjectRulesReviewStatus", "resourceRules", Required: true, ListType: "atomic"),
        new("io.k8s.api.authorization.v1.SubjectRulesReviewStatus", "nonResourceRules", Required: true, ListType: "atomic"),
        new("io.k8s.api.authorization.v1.SubjectRulesReviewStatus", "incomplete", Required: true),

        new("io.k8s.api.authorization.v1.ResourceRule", "verbs", Required: true, ListType: "atomic"),
        new("io.k8s.api.authorization.v1.ResourceRule", "apiGroups", ListType: "atomic"),
        new("io.k8s.api.authorization.v1.ResourceRule", "resources", ListType: "atomic"),
        new("io.k8s.api.authorization.v1.ResourceRule", "resourceNames", ListType: "atomic"),

        new("io.k8s.api.authorization.v1.NonResourceRule", "verbs", Required: true, ListType: "atomic"),
        new("io.k8s.api.authorization.v1.NonResourceRule", "nonResourceURLs", ListType: "atomic"),

        new("io.k8s.api.autoscaling.v1.CrossVersionObjectReference", "kind", Required: true),
        new("io.k8s.api.autoscaling.v1.CrossVersionObjectReference", "name", Required: true),

        new("io.k8s.api.autoscaling.v1.HorizontalPodAutoscalerSpec", "scaleTargetRef", Required: true),
        new("io.k8s.api.autoscaling.v1.HorizontalPodAutoscalerSpec", "maxReplicas", Required: true),

        new("io.k8s.api.autoscaling.v1.HorizontalPodAutoscalerStatus", "currentReplicas", Required: true),
        new("io.k8s.api.autoscaling.v1.HorizontalPodAutoscalerStatus", "desiredReplicas", Required: true),

        new("io.k8s.api.autoscaling.v1.HorizontalPodAutoscaler", "spec", Required: true),

        new("io.k8s.api.autoscaling.v1.HorizontalPodAutoscalerList", "items", Required: true),

        new("io.k8s.api.autoscaling.v1.ScaleStatus", "replicas", Required: true),

        new("io.k8s.api.autoscaling.v2.HorizontalPodAutoscaler", "spec", Required: true),

        new("io.k8s.api.autoscaling.v2.HorizontalPodAutoscalerSpec", "scaleTargetRef", Required: true),
        new("io.k8s.api.autoscaling.v2.HorizontalPodAutoscalerSpec", "maxReplicas", Required: true),
        new("io.k8s.api.autoscaling.v2.HorizontalPodAutoscalerSpec", "metrics", ListType: "atomic"),

        new("io.k8s.api.autoscaling.v2.CrossVersionObjectReference", "kind", Required: true),
        new("io.k8s.api.autoscaling.v2.CrossVersionObjectReference", "name", Required: true),

        new("io.k8s.api.autoscaling.v2.MetricSpec", "type", Required: true),

        new("io.k8s.api.autoscaling.v2.HPAScalingRules", "policies", ListType: "atomic"),

        new("io.k8s.api.autoscaling.v2.HPAScalingPolicy", "type", Required: true),
        new("io.k8s.api.autoscaling.v2.HPAScalingPolicy", "value", Required: true),
        new("io.k8s.api.autoscaling.v2.HPAScalingPolicy", "periodSeconds", Required: true),

        new("io.k8s.api.autoscaling.v2.ObjectMetricSource", "describedObject", Required: true),
        new("io.k8s.api.autoscaling.v2.ObjectMetricSource", "target", Required: true),
        new("io.k8s.api.autoscaling.v2.ObjectMetricSource", "metric", Required: true),

        new("io.k8s.api.autoscaling.v2.PodsMetricSource", "metric", Required: true),
        new("io.k8s.api.autoscaling.v2.PodsMetricSource", "target", Required: true),

        new("io.k8s.api.autoscaling.v2.ResourceMetricSource", "name", Required: true),
        new("io.k8s.api.autoscaling.v2.ResourceMetricSource", "target", Required: true),

        new("io.k8s.api.autoscaling.v2.ContainerResourceMetricSource", "name", Required: true),
        new("io.k8s.api.autoscaling.v2.ContainerResourceMetricSource", "target", Required: true),
        new("io.k8s.api.autoscaling.v2.ContainerResourceMetricSource", "container", Required: true),

        new("io.k8s.api.autoscaling.v2.ExternalMetricSource", "metric", Required: true),
        new("io.k8s.api.autoscaling.v2.ExternalMetricSource", "target", Required: true),

        new("io.k8s.api.autoscaling.v2.MetricIdentifier", "name", Required: true),

        new("io.k8s.api.autoscaling.v2.MetricTarget", "type", Required: true),

        new("io.k8s.api.autoscaling.v2.HorizontalPodAutoscalerStatus", "desiredReplicas", Required: true),
        new("io.k8s.api.autoscaling.v2.HorizontalPodAutoscalerStatus", "currentMetrics", ListType: "atomic"),
        new("io.k8s.api.autoscaling.v2.HorizontalPodAutoscalerStatus", "conditions", ListType: "map", ListMapKeys: ["type"], PatchStrategy: "merge", PatchMergeKey: "type"),

        new("io.k8s.api.autoscaling.v2.HorizontalPodAutoscalerCondition", "type", Required: true),
        new("io.k8s.api.autoscaling.v2.HorizontalPodAutoscalerCondition", "status", Required: true),

        new("io.k8s.api.autoscaling.v2.MetricStatus", "type", Required: true),

        new("io.k8s.api.autoscaling.v2.ObjectMetricStatus", "metric", Required: true),
        new("io.k8s.api.autoscaling.v2.ObjectMetricStatus", "current", Required: true),
        new("io.k8s.api.autoscaling.v2.ObjectMetricStatus", "describedObject", Required: true),

        new("io.k8s.api.autoscaling.v2.PodsMetricStatus", "metric", Required: true),
        new("io.k8s.api.autoscaling.v2.PodsMetricStatus", "current", Required: true),

        new("io.k8s.api.autoscaling.v2.ResourceMetricStatus", "name", Required: true),
        new("io.k8s.api.autoscaling.v2.ResourceMetricStatus", "current", Required: true),

        new("io.k8s.api.autoscaling.v2.ContainerResourceMetricStatus", "name", Required: true),
        new("io.k8s.api.autoscaling.v2.ContainerResourceMetricStatus", "current", Required: true),
        new("io.k8s.api.autoscaling.v2.ContainerResourceMetricStatus", "container", Required: true),

        new("io.k8s.api.autoscaling.v2.ExternalMetricStatus", "metric", Required: true),
        new("io.k8s.api.autoscaling.v2.ExternalMetricStatus", "current", Required: true),

        new("io.k8s.api.autoscaling.v2.HorizontalPodAutoscalerList", "items", Required: true),

        new("io.k8s.api.batch.v1.JobList", "items", Required: true),

        new("io.k8s.api.batch.v1.PodFailurePolicyOnExitCodesRequirement", "operator", Required: true),
        new("io.k8s.api.batch.v1.PodFailurePolicyOnExitCodesRequirement", "values", Required: true, ListType: "set"),

        new("io.k8s.api.batch.v1.PodFailurePolicyOnPodConditionsPattern", "type", Required: true),

        new("io.k8s.api.batch.v1.PodFailurePolicyRule", "action", Required: true),
        new("io.k8s.api.batch.v1.PodFailurePolicyRule", "onPodConditions", ListType: "atomic"),

        new("io.k8s.api.batch.v1.PodFailurePolicy", "rules", Required: true, ListType: "atomic"),

        new("io.k8s.api.batch.v1.SuccessPolicy", "rules", Required: true, ListType: "atomic"),

        new("io.k8s.api.batch.v1.JobSpec", "template", Required: true),

        new("io.k8s.api.batch.v1.JobSchedulingConfiguration", "resourceClaims", ListType: "map", ListMapKeys: ["name"], PatchStrategy: "merge", PatchMergeKey: "name"),

        new("io.k8s.api.batch.v1.JobStatus", "conditions", ListType: "atomic", PatchStrategy: "merge", PatchMergeKey: "type"),

        new("io.k8s.api.batch.v1.UncountedTerminatedPods", "succeeded", ListType: "set"),
        new("io.k8s.api.batch.v1.UncountedTerminatedPods", "failed", ListType: "set"),

        new("io.k8s.api.batch.v1.JobCondition", "type", Required: true),
        new("io.k8s.api.batch.v1.JobCondition", "status", Required: true),

        new("io.k8s.api.batch.v1.CronJob", "spec", Required: true),

        new("io.k8s.api.batch.v1.CronJobList", "items", Required: true),

        new("io.k8s.api.batch.v1.CronJobSpec", "schedule", Required: true),
        new("io.k8s.api.batch.v1.CronJobSpec", "jobTemplate", Required: true),

        new("io.k8s.api.batch.v1.CronJobStatus", "active", ListType: "atomic"),

        new("io.k8s.api.certificates.v1.CertificateSigningRequest", "spec", Required: true),

        new("io.k8s.api.certificates.v1.CertificateSigningRequestSpec", "request", Required: true),
        new("io.k8s.api.certificates.v1.CertificateSigningRequestSpec", "signerName", Required: true),
        new("io.k8s.api.certificates.v1.CertificateSigningRequestSpec", "usages", ListType: "atomic"),
        new("io.k8s.api.certificates.v1.CertificateSigningRequestSpec", "groups", ListType: "atomic"),

        new("io.k8s.api.certificates.v1.CertificateSigningRequestStatus", "conditions", ListType: "map", ListMapKeys: ["type"]),

        new("io.k8s.api.certificates.v1.CertificateSigningRequestCondition", "type", Required: true),
        new("io.k8s.api.certificates.v1.CertificateSigningRequestCondition", "status", Required: true),

        new("io.k8s.api.certificates.v1.CertificateSigningRequestList", "items", Required: true),

        new("io.k8s.api.certificates.v1.ClusterTrustBundle", "spec", Required: true),

        new("io.k8s.api.certificates.v1.ClusterTrustBundleSpec", "trustBundle", Required: true),

        new("io.k8s.api.certificates.v1.ClusterTrustBundleList", "items", Required: true),

        new("io.k8s.api.certificates.v1.PodCertificateRequest", "spec", Required: true),

        new("io.k8s.api.certificates.v1.PodCertificateRequestSpec", "signerName", Required: true),
        new("io.k8s.api.certificates.v1.PodCertificateRequestSpec", "podName", Required: true),
        new("io.k8s.api.certificates.v1.PodCertificateRequestSpec", "podUID", Required: true),
        new("io.k8s.api.certificates.v1.PodCertificateRequestSpec", "serviceAccountName", Required: true),
        new("io.k8s.api.certificates.v1.PodCertificateRequestSpec", "serviceAccountUID", Required: true),
        new("io.k8s.api.certificates.v1.PodCertificateRequestSpec", "nodeName", Required: true),
        new("io.k8s.api.certificates.v1.PodCertificateRequestSpec", "nodeUID", Required: true),
        new("io.k8s.api.certificates.v1.PodCertificateRequestSpec", "stubPKCS10Request", Required: true),

        new("io.k8s.api.certificates.v1.PodCertificateRequestStatus", "conditions", ListType: "map", ListMapKeys: ["type"], PatchStrategy: "merge", PatchMergeKey: "type"),

        new("io.k8s.api.certificates.v1.PodCertificateRequestList", "items", Required: true),

        new("io.k8s.api.coordination.v1.LeaseSpec", "acquireTime", MicroTime: true),
        new("io.k8s.api.coordination.v1.LeaseSpec", "renewTime", MicroTime: true),

        new("io.k8s.api.coordination.v1.LeaseList", "items", Required: true),

        new("io.k8s.api.core.v1.Volume", "name", Required: true),

        new("io.k8s.api.core.v1.PersistentVolumeClaimVolumeSource", "claimName", Required: true),

        new("io.k8s.api.core.v1.PersistentVolumeSpec", "accessModes", ListType: "atomic"),
        new("io.k8s.api.core.v1.PersistentVolumeSpec", "claimRef", MapType: "granular"),
        new("io.k8s.api.core.v1.PersistentVolumeSpec", "mountOptions", ListType: "atomic"),

        new("io.k8s.api.core.v1.PersistentVolumeList", "items", Required: true),

        new("io.k8s.api.core.v1.PersistentVolumeClaimList", "items", Required: true),

        new("io.k8s.api.core.v1.PersistentVolumeClaimSpec", "accessModes", ListType: "atomic"),

        new("io.k8s.api.core.v1.TypedObjectReference", "kind", Required: true),
        new("io.k8s.api.core.v1.TypedObjectReference", "name", Required: true),

        new("io.k8s.api.core.v1.ModifyVolumeStatus", "status", Required: true),

        new("io.k8s.api.core.v1.PersistentVolumeClaimCondition", "type", Required: true),
        new("io.k8s.api.core.v1.PersistentVolumeClaimCondition", "status", Required: true),

        new("io.k8s.api.core.v1.VolumeHealthCondition", "status", Required: true),
        new("io.k8s.api.core.v1.VolumeHealthCondition", "reason", Required: true),

        new("io.k8s.api.core.v1.VolumeHealthStatus", "healthConditions", ListType: "map", ListMapKeys: ["status", "reason"], PatchStrategy: "merge", PatchMergeKey: "status"),

        new("io.k8s.api.core.v1.PodVolumeHealth", "name", Required: true),
        new("io.k8s.api.core.v1.PodVolumeHealth", "healthConditions", ListType: "map", ListMapKeys: ["status", "reason"], PatchStrategy: "merge", PatchMergeKey: "status"),

        new("io.k8s.api.core.v1.PersistentVolumeClaimStatus", "accessModes", ListType: "atomic"),
        new("io.k8s.api.core.v1.PersistentVolumeClaimStatus", "conditions", ListType: "map", ListMapKeys: ["type"], PatchStrategy: "merge", PatchMergeKey: "type"),
        new("io.k8s.api.core.v1.PersistentVolumeClaimStatus", "allocatedResourceStatuses", MapType: "granular"),

        new("io.k8s.api.core.v1.HostPathVolumeSource", "path", Required: true),

        new("io.k8s.api.core.v1.GlusterfsVolumeSource", "endpoints", Required: true),
        new("io.k8s.api.core.v1.GlusterfsVolumeSource", "path", Required: true),

        new("io.k8s.api.core.v1.GlusterfsPersistentVolumeSource", "endpoints", Required: true),
        new("io.k8s.api.core.v1.GlusterfsPersistentVolumeSource", "path", Required: true),

        new("io.k8s.api.core.v1.RBDVolumeSource", "monitors", Required: true, ListType: "atomic"),
        new("io.k8s.api.core.v1.RBDVolumeSource", "image", Required: true),

        new("io.k8s.api.core.v1.RBDPersistentVolumeSource", "monitors", Required: true, ListType: "atomic"),
        new("io.k8s.api.core.v1.RBDPersistentVolumeSource", "image", Required: true),

        new("io.k8s.api.core.v1.CinderVolumeSource", "volumeID", Required: true),

        new("io.k8s.api.core.v1.CinderPersistentVolumeSource", "volumeID", Required: true),

        new("io.k8s.api.core.v1.CephFSVolumeSource", "monitors", Required: true, ListType: "atomic"),

        new("io.k8s.api.core.v1.CephFSPersistentVolumeSource", "monitors", Required: true, ListType: "atomic"),

        new("io.k8s.api.core.v1.GCEPersistentDiskVolumeSource", "pdName", Required: true),

        new("io.k8s.api.core.v1.QuobyteVolumeSource", "registry", Required: true),
        new("io.k8s.api.core.v1.QuobyteVolumeSource", "volume", Required: true),

        new("io.k8s.api.core.v1.FlexPersistentVolumeSource", "driver", Required: true),

        new("io.k8s.api.core.v1.FlexVolumeSource", "driver", Required: true),

        new("io.k8s.api.core.v1.AWSElasticBlockStoreVolumeSource", "volumeID", Required: true),

        new("io.k8s.api.core.v1.GitRepoVolumeSource", "repository", Required: true),

        new("io.k8s.api.core.v1.SecretVolumeSource", "items", ListType: "atomic"),

        new("io.k8s.api.core.v1.SecretProjection", "items", ListType: "atomic"),

        new("io.k8s.api.core.v1.NFSVolumeSource", "server", Required: true),
        new("io.k8s.api.core.v1.NFSVolumeSource", "path", Required: true),

        new("io.k8s.api.core.v1.ISCSIVolumeSource", "targetPortal", Required: true),
        new("io.k8s.api.core.v1.ISCSIVolumeSource", "iqn", Required: true),
        new("io.k8s.api.core.v1.ISCSIVolumeSource", "lun", Required: true),
        new("io.k8s.api.core.v1.ISCSIVolumeSource", "portals", ListType: "atomic"),

        new("io.k8s.api.core.v1.ISCSIPersistentVolumeSource", "targetPortal", Required: true),
        new("io.k8s.api.core.v1.ISCSIPersistentVolumeSource", "iqn", Required: true),
        new("io.k8s.api.core.v1.ISCSIPersistentVolumeSource", "lun", Required: true),
        new("io.k8s.api.core.v1.ISCSIPersistentVolumeSource", "portals", ListType: "atomic"),

        new("io.k8s.api.core.v1.FCVolumeSource", "targetWWNs", ListType: "atomic"),
        new("io.k8s.api.core.v1.FCVolumeSource", "wwids", ListType: "atomic"),

        new("io.k8s.api.core.v1.AzureFileVolumeSource", "secretName", Required: true),
        new("io.k8s.api.core.v1.AzureFileVolumeSource", "shareName", Required: true),

        new("io.k8s.api.core.v1.AzureFilePersistentVolumeSource", "secretName", Required: true),
        new("io.k8s.api.core.v1.AzureFilePersistentVolumeSource", "shareName", Required: true),

        new("io.k8s.api.core.v1.VsphereVirtualDiskVolumeSource", "volumePath", Required: true),

        new("io.k8s.api.core.v1.PhotonPersistentDiskVolumeSource", "pdID", Required: true),

        new("io.k8s.api.core.v1.AzureDiskVolumeSource", "diskName", Required: true),
        new("io.k8s.api.core.v1.AzureDiskVolumeSource", "diskURI", Required: true),

        new("io.k8s.api.core.v1.PortworxVolumeSource", "volumeID", Required: true),

        new("io.k8s.api.core.v1.ScaleIOVolumeSource", "gateway", Required: true),
        new("io.k8s.api.core.v1.ScaleIOVolumeSource", "system", Required: true),
        new("io.k8s.api.core.v1.ScaleIOVolumeSource", "secretRef", Required: true),

        new("io.k8s.api.core.v1.ScaleIOPersistentVolumeSource", "gateway", Required: true),
        new("io.k8s.api.core.v1.ScaleIOPersistentVolumeSource", "system", Required: true),
        new("io.k8s.api.core.v1.ScaleIOPersistentVolumeSource", "secretRef", Required: true),

        new("io.k8s.api.core.v1.ConfigMapVolumeSource", "items", ListType: "atomic"),

        new("io.k8s.api.core.v1.ConfigMapProjection", "items", ListType: "atomic"),

        new("io.k8s.api.core.v1.ServiceAccountTokenProjection", "path", Required: true),

        new("io.k8s.api.core.v1.ClusterTrustBundleProjection", "path", Required: true),

        new("io.k8s.api.core.v1.PodCertificateProjection", "signerName", Required: true),
        new("io.k8s.api.core.v1.PodCertificateProjection", "keyType", Required: true),

        new("io.k8s.api.core.v1.ProjectedVolumeSource", "sources", ListType: "atomic"),

        new("io.k8s.api.core.v1.KeyToPath", "key", Required: true),
        new("io.k8s.api.core.v1.KeyToPath", "path", Required: true),

        new("io.k8s.api.core.v1.LocalVolumeSource", "path", Required: true),

        new("io.k8s.api.core.v1.CSIPersistentVolumeSource", "driver", Required: true),
        new("io.k8s.api.core.v1.CSIPersistentVolumeSource", "volumeHandle", Required: true),

        new("io.k8s.api.core.v1.CSIVolumeSource", "driver", Required: true),

        new("io.k8s.api.core.v1.PersistentVolumeClaimTemplate", "spec", Required: true),

        new("io.k8s.api.core.v1.ContainerPort", "containerPort", Required: true),
        new("io.k8s.api.core.v1.ContainerPort", "protocol", Default: "TCP"),

        new("io.k8s.api.core.v1.VolumeMount", "name", Required: true),
        new("io.k8s.api.core.v1.VolumeMount", "mountPath", Required: true),
        new("io.k8s.api.core.v1.VolumeMount", "bindMountOptions", ListType: "set"),

        new("io.k8s.api.core.v1.VolumeDevice", "name", Required: true),
        new("io.k8s.api.core.v1.VolumeDevice", "devicePath", Required: true),

        new("io.k8s.api.core.v1.EnvVar", "name", Required: true),

        new("io.k8s.api.core.v1.FileKeySelector", "volumeName", Required: true),
        new("io.k8s.api.core.v1.FileKeySelector", "path", Required: true),
        new("io.k8s.api.core.v1.FileKeySelector", "key", Required: true),

        new("io.k8s.api.core.v1.ObjectFieldSelector", "fieldPath", Required: true),

        new("io.k8s.api.core.v1.ResourceFieldSelector", "resource", Required: true),

        new("io.k8s.api.core.v1.ConfigMapKeySelector", "key", Required: true),

        new("io.k8s.api.core.v1.SecretKeySelector", "key", Required: true),

        new("io.k8s.api.core.v1.HTTPHeader", "name", Required: true),
        new("io.k8s.api.core.v1.HTTPHeader", "value", Required: true),

        new("io.k8s.api.core.v1.HTTPGetAction", "port", Required: true),
        new("io.k8s.api.core.v1.HTTPGetAction", "httpHeaders", ListType: "atomic"),

        new("io.k8s.api.core.v1.TCPSocketAction", "port", Required: true),

        new("io.k8s.api.core.v1.GRPCAction", "port", Required: true),

        new("io.k8s.api.core.v1.ExecAction", "command", ListType: "atomic"),

        new("io.k8s.api.core.v1.SleepAction", "seconds", Required: true),

        new("io.k8s.api.core.v1.ContainerResizePolicy", "resourceName", Required: true),
        new("io.k8s.api.core.v1.ContainerResizePolicy", "restartPolicy", Required: true),

        new("io.k8s.api.core.v1.Capabilities", "add", ListType: "atomic"),
        new("io.k8s.api.core.v1.Capabilities", "drop", ListType: "atomic"),

        new("io.k8s.api.core.v1.ResourceRequirements", "claims", ListType: "map", ListMapKeys: ["name"]),

        new("io.k8s.api.core.v1.ResourceClaim", "name", Required: true),

        new("io.k8s.api.core.v1.Container", "name", Required: true),
        new("io.k8s.api.core.v1.Container", "command", ListType: "atomic"),
        new("io.k8s.api.core.v1.Container", "args", ListType: "atomic"),
        new("io.k8s.api.core.v1.Container", "ports", ListType: "map", ListMapKeys: ["containerPort", "protocol"], PatchStrategy: "merge", PatchMergeKey: "containerPort"),
        new("io.k8s.api.core.v1.Container", "envFrom", ListType: "atomic"),
        new("io.k8s.api.core.v1.Container", "env", ListType: "map", ListMapKeys: ["name"], PatchStrategy: "merge", PatchMergeKey: "name"),
        new("io.k8s.api.core.v1.Container", "resizePolicy", ListType: "atomic"),
        new("io.k8s.api.core.v1.Container", "restartPolicyRules", ListType: "atomic"),
        new("io.k8s.api.core.v1.Container", "volumeMounts", ListType: "map", ListMapKeys: ["mountPath"], PatchStrategy: "merge", PatchMergeKey: "mountPath"),
        new("io.k8s.api.core.v1.Container", "volumeDevices", ListType: "map", ListMapKeys: ["devicePath"], PatchStrategy: "merge", PatchMergeKey: "devicePath"),

        new("io.k8s.api.core.v1.ContainerStateTerminated", "exitCode", Required: true),

        new("io.k8s.api.core.v1.ContainerStatus", "name", Required: true),
        new("io.k8s.api.core.v1.ContainerStatus", "ready", Required: true),
        new("io.k8s.api.core.v1.ContainerStatus", "restartCount", Required: true),
        new("io.k8s.api.core.v1.ContainerStatus", "image", Required: true),
        new("io.k8s.api.core.v1.ContainerStatus", "imageID", Required: true),
        new("io.k8s.api.core.v1.ContainerStatus", "volumeMounts", ListType: "map", ListMapKeys: ["mountPath"], PatchStrategy: "merge", PatchMergeKey: "mountPath"),
        new("io.k8s.api.core.v1.ContainerStatus", "allocatedResourcesStatus", ListType: "map", ListMapKeys: ["name"], PatchStrategy: "merge", PatchMergeKey: "name"),

        new("io.k8s.api.core.v1.ResourceStatus", "name", Required: true),
        new("io.k8s.api.core.v1.ResourceStatus", "resources", ListType: "map", ListMapKeys: ["resourceID"]),

        new("io.k8s.api.core.v1.ResourceHealth", "resourceID", Required: true),

        new("io.k8s.api.core.v1.LinuxContainerUser", "uid", Required: true),
        new("io.k8s.api.core.v1.LinuxContainerUser", "gid", Required: true),
        new("io.k8s.api.core.v1.LinuxContainerUser", "supplementalGroups", ListType: "atomic"),

        new("io.k8s.api.core.v1.PodCondition", "type", Required: true),
        new("io.k8s.api.core.v1.PodCondition", "status", Required: true),

        new("io.k8s.api.core.v1.VolumeMountStatus", "name", Required: true),
        new("io.k8s.api.core.v1.VolumeMountStatus", "mountPath", Required: true),

        new("io.k8s.api.core.v1.ImageVolumeStatus", "imageRef", Required: true),

        new("io.k8s.api.core.v1.ContainerRestartRule", "action", Required: true),

        new("io.k8s.api.core.v1.ContainerRestartRuleOnExitCodes", "operator", Required: true),
        new("io.k8s.api.core.v1.ContainerRestartRuleOnExitCodes", "values", ListType: "set"),

        new("io.k8s.api.core.v1.NodeSelector", "nodeSelectorTerms", Required: true, ListType: "atomic"),

        new("io.k8s.api.core.v1.NodeSelectorTerm", "matchExpressions", ListType: "atomic"),
        new("io.k8s.api.core.v1.NodeSelectorTerm", "matchFields", ListType: "atomic"),

        new("io.k8s.api.core.v1.NodeSelectorRequirement", "key", Required: true),
        new("io.k8s.api.core.v1.NodeSelectorRequirement", "operator", Required: true),
        new("io.k8s.api.core.v1.NodeSelectorRequirement", "values", ListType: "atomic"),

        new("io.k8s.api.core.v1.TopologySelectorTerm", "matchLabelExpressions", ListType: "atomic"),

        new("io.k8s.api.core.v1.TopologySelectorLabelRequirement", "key", Required: true),
        new("io.k8s.api.core.v1.TopologySelectorLabelRequirement", "values", Required: true, ListType: "atomic"),

        new("io.k8s.api.core.v1.PodAffinity", "requiredDuringSchedulingIgnoredDuringExecution", ListType: "atomic"),
        new("io.k8s.api.core.v1.PodAffinity", "preferredDuringSchedulingIgnoredDuringExecution", ListType: "atomic"),

        new("io.k8s.api.core.v1.PodAntiAffinity", "requiredDuringSchedulingIgnoredDuringExecution", ListType: "atomic"),
        new("io.k8s.api.core.v1.PodAntiAffinity", "preferredDuringSchedulingIgnoredDuringExecution", ListType: "atomic"),

        new("io.k8s.api.core.v1.WeightedPodAffinityTerm", "weight", Required: true),
        new("io.k8s.api.core.v1.WeightedPodAffinityTerm", "podAffinityTerm", Required: true),

        new("io.k8s.api.core.v1.PodAffinityTerm", "namespaces", ListType: "atomic"),
        new("io.k8s.api.core.v1.PodAffinityTerm", "topologyKey", Required: true),
        new("io.k8s.api.core.v1.PodAffinityTerm", "matchLabelKeys", ListType: "atomic"),
        new("io.k8s.api.core.v1.PodAffinityTerm", "mismatchLabelKeys", ListType: "atomic"),

        new("io.k8s.api.core.v1.NodeAffinity", "preferredDuringSchedulingIgnoredDuringExecution", ListType: "atomic"),

        new("io.k8s.api.core.v1.PreferredSchedulingTerm", "weight", Required: true),
        new("io.k8s.api.core.v1.PreferredSchedulingTerm", "preference", Required: true),

        new("io.k8s.api.core.v1.Taint", "key", Required: true),
        new("io.k8s.api.core.v1.Taint", "effect", Required: true),

        new("io.k8s.api.core.v1.PodReadinessGate", "conditionType", Required: true),

        new("io.k8s.api.core.v1.PodSpec", "volumes", ListType: "map", ListMapKeys: ["name"], PatchStrategy: "merge,retainKeys", PatchMergeKey: "name"),
        new("io.k8s.api.core.v1.PodSpec", "initContainers", ListType: "map", ListMapKeys: ["name"], PatchStrategy: "merge", PatchMergeKey: "name"),
        new("io.k8s.api.core.v1.PodSpec", "containers", Required: true, ListType: "map", ListMapKeys: ["name"], PatchStrategy: "merge", PatchMergeKey: "name"),
        new("io.k8s.api.core.v1.PodSpec", "ephemeralContainers", ListType: "map", ListMapKeys: ["name"], PatchStrategy: "merge", PatchMergeKey: "name"),
        new("io.k8s.api.core.v1.PodSpec", "nodeSelector", MapType: "atomic"),
        new("io.k8s.api.core.v1.PodSpec", "imagePullSecrets", ListType: "map", ListMapKeys: ["name"], PatchStrategy: "merge", PatchMergeKey: "name"),
        new("io.k8s.api.core.v1.PodSpec", "tolerations", ListType: "atomic"),
        new("io.k8s.api.core.v1.PodSpec", "hostAliases", ListType: "map", ListMapKeys: ["ip"], PatchStrategy: "merge", PatchMergeKey: "ip"),
        new("io.k8s.api.core.v1.PodSpec", "readinessGates", ListType: "atomic"),
        new("io.k8s.api.core.v1.PodSpec", "topologySpreadConstraints", ListType: "map", ListMapKeys: ["topologyKey", "whenUnsatisfiable"], PatchStrategy: "merge", PatchMergeKey: "topologyKey"),
        new("io.k8s.api.core.v1.PodSpec", "schedulingGates", ListType: "map", ListMapKeys: ["name"], PatchStrategy: "merge", PatchMergeKey: "name"),
        new("io.k8s.api.core.v1.PodSpec", "resourceClaims", ListType: "map", ListMapKeys: ["name"], PatchStrategy: "merge,retainKeys", PatchMergeKey: "name"),
        new("io.k8s.api.core.v1.PodSpec", "evictionResponders", ListType: "map", ListMapKeys: ["name"], PatchStrategy: "merge", PatchMergeKey: "name"),

        new("io.k8s.api.core.v1.PodResourceClaim", "name", Required: true),

        new("io.k8s.api.core.v1.PodResourceClaimStatus", "name", Required: true),

        new("io.k8s.api.core.v1.PodExtendedResourceClaimStatus", "requestMappings", Required: true, ListType: "atomic"),
        new("io.k8s.api.core.v1.PodExtendedResourceClaimStatus", "resourceClaimName", Required: true),

        new("io.k8s.api.core.v1.ContainerExtendedResourceRequest", "containerName", Required: true),
        new("io.k8s.api.core.v1.ContainerExtendedResourceRequest", "resourceName", Required: true),
        new("io.k8s.api.core.v1.ContainerExtendedResourceRequest", "requestName", Required: true),

        new("io.k8s.api.core.v1.PodOS", "name", Required: true),

        new("io.k8s.api.core.v1.PodSchedulingGate", "name", Required: true),

        new("io.k8s.api.core.v1.TopologySpreadConstraint", "maxSkew", Required: true),
        new("io.k8s.api.core.v1.TopologySpreadConstraint", "topologyKey", Required: true),
        new("io.k8s.api.core.v1.TopologySpreadConstraint", "whenUnsatisfiable", Required: true),
        new("io.k8s.api.core.v1.TopologySpreadConstraint", "matchLabelKeys", ListType: "atomic"),

        new("io.k8s.api.core.v1.HostAlias", "ip", Required: true),
        new("io.k8s.api.core.v1.HostAlias", "hostnames", ListType: "atomic"),

        new("io.k8s.api.core.v1.PodSecurityContext", "supplementalGroups", ListType: "atomic"),
        new("io.k8s.api.core.v1.PodSecurityContext", "sysctls", ListType: "atomic"),

        new("io.k8s.api.core.v1.SeccompProfile", "type", Required: true),

        new("io.k8s.api.core.v1.AppArmorProfile", "type", Required: true),

        new("io.k8s.api.core.v1.PodDNSConfig", "nameservers", ListType: "atomic"),
        new("io.k8s.api.core.v1.PodDNSConfig", "searches", ListType: "atomic"),
        new("io.k8s.api.core.v1.PodDNSConfig", "options", ListType: "atomic"),

        new("io.k8s.api.core.v1.PodIP", "ip", Required: true),

        new("io.k8s.api.core.v1.HostIP", "ip", Required: true),

        new("io.k8s.api.core.v1.EvictionResponder", "name", Required: true),
        new("io.k8s.api.core.v1.EvictionResponder", "priority", Required: true),

        new("io.k8s.api.core.v1.PodStatus", "conditions", ListType: "map", ListMapKeys: ["type"], PatchStrategy: "merge", PatchMergeKey: "type"),
        new("io.k8s.api.core.v1.PodStatus", "hostIPs", ListType: "atomic", PatchStrategy: "merge", PatchMergeKey: "ip"),
        new("io.k8s.api.core.v1.PodStatus", "podIPs", ListType: "map", ListMapKeys: ["ip"], PatchStrategy: "merge", PatchMergeKey: "ip"),
        new("io.k8s.api.core.v1.PodStatus", "initContainerStatuses", ListType: "atomic"),
        new("io.k8s.api.core.v1.PodStatus", "containerStatuses", ListType: "atomic"),
        new("io.k8s.api.core.v1.PodStatus", "ephemeralContainerStatuses", ListType: "atomic"),
        new("io.k8s.api.core.v1.PodStatus", "resourceClaimStatuses", ListType: "map", ListMapKeys: ["name"], PatchStrategy: "merge,retainKeys", PatchMergeKey: "name"),
        new("io.k8s.api.core.v1.PodStatus", "nodeAllocatableResourceClaimStatuses", ListType: "map", ListMapKeys: ["resourceClaimName"], PatchStrategy: "merge", PatchMergeKey: "resourceClaimName"),
        new("io.k8s.api.core.v1.PodStatus", "volumeHealth", ListType: "map", ListMapKeys: ["name"]),

        new("io.k8s.api.core.v1.PodList", "items", Required: true),

        new("io.k8s.api.core.v1.PodTemplateList", "items", Required: true),

        new("io.k8s.api.core.v1.ReplicationControllerSpec", "selector", MapType: "atomic"),

        new("io.k8s.api.core.v1.ReplicationControllerStatus", "replicas", Required: true),
        new("io.k8s.api.core.v1.ReplicationControllerStatus", "conditions", ListType: "map", ListMapKeys: ["type"], PatchStrategy: "merge", PatchMergeKey: "type"),

        new("io.k8s.api.core.v1.ReplicationControllerCondition", "type", Required: true),
        new("io.k8s.api.core.v1.ReplicationControllerCondition", "status", Required: true),

        new("io.k8s.api.core.v1.ReplicationControllerList", "items", Required: true),

        new("io.k8s.api.core.v1.ServiceStatus", "conditions", ListType: "map", ListMapKeys: ["type"], PatchStrategy: "merge", PatchMergeKey: "type"),

        new("io.k8s.api.core.v1.LoadBalancerStatus", "ingress", ListType: "atomic"),

        new("io.k8s.api.core.v1.LoadBalancerIngress", "ports", ListType: "atomic"),

        new("io.k8s.api.core.v1.ServiceSpec", "ports", ListType: "map", ListMapKeys: ["port", "protocol"], PatchStrategy: "merge", PatchMergeKey: "port"),
        new("io.k8s.api.core.v1.ServiceSpec", "selector", MapType: "atomic"),
        new("io.k8s.api.core.v1.ServiceSpec", "clusterIPs", ListType: "atomic"),
        new("io.k8s.api.core.v1.ServiceSpec", "externalIPs", ListType: "atomic"),
        new("io.k8s.api.core.v1.ServiceSpec", "loadBalancerSourceRanges", ListType: "atomic"),
        new("io.k8s.api.core.v1.ServiceSpec", "ipFamilies", ListType: "atomic"),

        new("io.k8s.api.core.v1.ServicePort", "port", Required: true),
        new("io.k8s.api.core.v1.ServicePort", "protocol", Default: "TCP"),

        new("io.k8s.api.core.v1.ServiceList", "items", Required: true),

        new("io.k8s.api.core.v1.ServiceAccount", "secrets", ListType: "map", ListMapKeys: ["name"], PatchStrategy: "merge", PatchMergeKey: "name"),
        new("io.k8s.api.core.v1.ServiceAccount", "imagePullSecrets", ListType: "atomic"),

        new("io.k8s.api.core.v1.ServiceAccountList", "items", Required: true),

        new("io.k8s.api.core.v1.Endpoints", "subsets", ListType: "atomic"),

        new("io.k8s.api.core.v1.EndpointSubset", "addresses", ListType: "atomic"),
        new("io.k8s.api.core.v1.EndpointSubset", "notReadyAddresses", ListType: "atomic"),
        new("io.k8s.api.core.v1.EndpointSubset", "ports", ListType: "atomic"),

        new("io.k8s.api.core.v1.EndpointAddress", "ip", Required: true),

        new("io.k8s.api.core.v1.EndpointPort", "port", Required: true),

        new("io.k8s.api.core.v1.EndpointsList", "items", Required: true),

        new("io.k8s.api.core.v1.NodeSpec", "podCIDRs", ListType: "set", PatchStrategy: "merge"),
        new("io.k8s.api.core.v1.NodeSpec", "taints", ListType: "atomic"),

        new("io.k8s.api.core.v1.NodePodPreemptionPolicy", "disableResizePreemption", ListType: "set"),

        new("io.k8s.api.core.v1.ConfigMapNodeConfigSource", "namespace", Required: true),
        new("io.k8s.api.core.v1.ConfigMapNodeConfigSource", "name", Required: true),
        new("io.k8s.api.core.v1.ConfigMapNodeConfigSource", "kubeletConfigKey", Required: true),

        new("io.k8s.api.core.v1.DaemonEndpoint", "Port", Required: true),

        new("io.k8s.api.core.v1.NodeSystemInfo", "machineID", Required: true),
        new("io.k8s.api.core.v1.NodeSystemInfo", "systemUUID", Required: true),
        new("io.k8s.api.core.v1.NodeSystemInfo", "bootID", Required: true),
        new("io.k8s.api.core.v1.NodeSystemInfo", "kernelVersion", Required: true),
        new("io.k8s.api.core.v1.NodeSystemInfo", "osImage", Required: true),
        new("io.k8s.api.core.v1.NodeSystemInfo", "containerRuntimeVersion", Required: true),
        new("io.k8s.api.core.v1.NodeSystemInfo", "kubeletVersion", Required: true),
        new("io.k8s.api.core.v1.NodeSystemInfo", "kubeProxyVersion", Required: true),
        new("io.k8s.api.core.v1.NodeSystemInfo", "operatingSystem", Required: true),
        new("io.k8s.api.core.v1.NodeSystemInfo", "architecture", Required: true),

        new("io.k8s.api.core.v1.NodeStatus", "conditions", ListType: "map", ListMapKeys: ["type"], PatchStrategy: "merge", PatchMergeKey: "type"),
        new("io.k8s.api.core.v1.NodeStatus", "addresses", ListType: "map", ListMapKeys: ["type"], PatchStrategy: "merge", PatchMergeKey: "type"),
        new("io.k8s.api.core.v1.NodeStatus", "images", ListType: "atomic"),
        new("io.k8s.api.core.v1.NodeStatus", "volumesInUse", ListType: "atomic"),
        new("io.k8s.api.core.v1.NodeStatus", "volumesAttached", ListType: "atomic"),
        new("io.k8s.api.core.v1.NodeStatus", "runtimeHandlers", ListType: "atomic"),
        new("io.k8s.api.core.v1.NodeStatus", "declaredFeatures", ListType: "atomic"),

        new("io.k8s.api.core.v1.AttachedVolume", "name", Required: true),
        new("io.k8s.api.core.v1.AttachedVolume", "devicePath", Required: true),

        new("io.k8s.api.core.v1.ContainerImage", "names", ListType: "atomic"),

        new("io.k8s.api.core.v1.NodeCondition", "type", Required: true),
        new("io.k8s.api.core.v1.NodeCondition", "status", Required: true),

        new("io.k8s.api.core.v1.NodeAddress", "type", Required: true),
        new("io.k8s.api.core.v1.NodeAddress", "address", Required: true),

        new("io.k8s.api.core.v1.NodeList", "items", Required: true),

        new("io.k8s.api.core.v1.NamespaceSpec", "finalizers", ListType: "atomic"),

        new("io.k8s.api.core.v1.NamespaceStatus", "conditions", ListType: "map", ListMapKeys: ["type"], PatchStrategy: "merge", PatchMergeKey: "type"),

        new("io.k8s.api.core.v1.NamespaceCondition", "type", Required: true),
        new("io.k8s.api.core.v1.NamespaceCondition", "status", Required: true),

        new("io.k8s.api.core.v1.NamespaceList", "items", Required: true),

        new("io.k8s.api.core.v1.Binding", "target", Required: true),

        new("io.k8s.api.core.v1.TypedLocalObjectReference", "kind", Required: true),
        new("io.k8s.api.core.v1.TypedLocalObjectReference", "name", Required: true),

        new("io.k8s.api.core.v1.Event", "metadata", Required: true),
        new("io.k8s.api.core.v1.Event", "involvedObject", Required: true),
        new("io.k8s.api.core.v1.Event", "eventTime", MicroTime: true),

        new("io.k8s.api.core.v1.EventSeries", "lastObservedTime", MicroTime: true),

        new("io.k8s.api.core.v1.EventList", "items", Required: true),

        new("io.k8s.api.core.v1.LimitRangeItem", "type", Required: true),

        new("io.k8s.api.core.v1.LimitRangeSpec", "limits", Required: true, ListType: "atomic"),

        new("io.k8s.api.core.v1.LimitRangeList", "items", Required: true),

        new("io.k8s.api.core.v1.ResourceQuotaSpec", "scopes", ListType: "atomic"),

        new("io.k8s.api.core.v1.ScopeSelector", "matchExpressions", ListType: "atomic"),

        new("io.k8s.api.core.v1.ScopedResourceSelectorRequirement", "scopeName", Required: true),
        new("io.k8s.api.core.v1.ScopedResourceSelectorRequirement", "operator", Required: true),
        new("io.k8s.api.core.v1.ScopedResourceSelectorRequirement", "values", ListType: "atomic"),

        new("io.k8s.api.core.v1.ResourceQuotaList", "items", Required: true),

        new("io.k8s.api.core.v1.SecretList", "items", Required: true),

        new("io.k8s.api.core.v1.ConfigMapList", "items", Required: true),

        new("io.k8s.api.core.v1.ComponentCondition", "type", Required: true),
        new("io.k8s.api.core.v1.ComponentCondition", "status", Required: true),

        new("io.k8s.api.core.v1.ComponentStatus", "conditions", ListType: "map", ListMapKeys: ["type"], PatchStrategy: "merge", PatchMergeKey: "type"),

        new("io.k8s.api.core.v1.ComponentStatusList", "items", Required: true),

        new("io.k8s.api.core.v1.DownwardAPIVolumeSource", "items", ListType: "atomic"),

        new("io.k8s.api.core.v1.DownwardAPIVolumeFile", "path", Required: true),

        new("io.k8s.api.core.v1.DownwardAPIProjection", "items", ListType: "atomic"),

        new("io.k8s.api.core.v1.Sysctl", "name", Required: true),
        new("io.k8s.api.core.v1.Sysctl", "value", Required: true),

        new("io.k8s.api.core.v1.PortStatus", "port", Required: true),
        new("io.k8s.api.core.v1.PortStatus", "protocol", Required: true),

        new("io.k8s.api.core.v1.NodeAllocatableResourceClaimStatus", "resourceClaimName", Required: true),
        new("io.k8s.api.core.v1.NodeAllocatableResourceClaimStatus", "containers", ListType: "set"),
        new("io.k8s.api.core.v1.NodeAllocatableResourceClaimStatus", "mapping", ListType: "map", ListMapKeys: ["name"], PatchStrategy: "merge", PatchMergeKey: "name"),
        new("io.k8s.api.core.v1.NodeAllocatableResourceClaimStatus", "overhead", ListType: "map", ListMapKeys: ["name"], PatchStrategy: "merge", PatchMergeKey: "name"),

        new("io.k8s.api.core.v1.NodeAllocatableMappedResources", "name", Required: true),
        new("io.k8s.api.core.v1.NodeAllocatableMappedResources", "quantity", Required: true),

        new("io.k8s.api.core.v1.NodeAllocatableOverheadResources", "name", Required: true),

        new("io.k8s.api.discovery.v1.EndpointSlice", "addressType", Required: true),
        new("io.k8s.api.discovery.v1.EndpointSlice", "endpoints", ListType: "atomic"),
        new("io.k8s.api.discovery.v1.EndpointSlice", "ports", ListType: "atomic"),

        new("io.k8s.api.discovery.v1.Endpoint", "addresses", Required: true, ListType: "set"),

        new("io.k8s.api.discovery.v1.EndpointHints", "forZones", ListType: "atomic"),
        new("io.k8s.api.discovery.v1.EndpointHints", "forNodes", ListType: "atomic"),

        new("io.k8s.api.discovery.v1.ForZone", "name", Required: true),

        new("io.k8s.api.discovery.v1.ForNode", "name", Required: true),

        new("io.k8s.api.discovery.v1.EndpointSliceList", "items", Required: true),

        new("io.k8s.api.events.v1.Event", "eventTime", Required: true, MicroTime: true),

        new("io.k8s.api.events.v1.EventSeries", "count", Required: true),
        new("io.k8s.api.events.v1.EventSeries", "lastObservedTime", Required: true, MicroTime: true),

        new("io.k8s.api.events.v1.EventList", "items", Required: true),

        new("io.k8s.api.flowcontrol.v1.FlowSchema", "spec", Required: true),

        new("io.k8s.api.flowcontrol.v1.FlowSchemaList", "items", Required: true),

        new("io.k8s.api.flowcontrol.v1.FlowSchemaSpec", "priorityLevelConfiguration", Required: true),
        new("io.k8s.api.flowcontrol.v1.FlowSchemaSpec", "rules", ListType: "atomic"),

        new("io.k8s.api.flowcontrol.v1.FlowDistinguisherMethod", "type", Required: true),

        new("io.k8s.api.flowcontrol.v1.PriorityLevelConfigurationReference", "name", Required: true),

        new("io.k8s.api.flowcontrol.v1.PolicyRulesWithSubjects", "subjects", Required: true, ListType: "atomic"),
        new("io.k8s.api.flowcontrol.v1.PolicyRulesWithSubjects", "resourceRules", ListType: "atomic"),
        new("io.k8s.api.flowcontrol.v1.PolicyRulesWithSubjects", "nonResourceRules", ListType: "atomic"),

        new("io.k8s.api.flowcontrol.v1.Subject", "kind", Required: true),

        new("io.k8s.api.flowcontrol.v1.UserSubject", "name", Required: true),

        new("io.k8s.api.flowcontrol.v1.GroupSubject", "name", Required: true),

        new("io.k8s.api.flowcontrol.v1.ServiceAccountSubject", "namespace", Required: true),
        new("io.k8s.api.flowcontrol.v1.ServiceAccountSubject", "name", Required: true),

        new("io.k8s.api.flowcontrol.v1.ResourcePolicyRule", "verbs", Required: true, ListType: "set"),
        new("io.k8s.api.flowcontrol.v1.ResourcePolicyRule", "apiGroups", Required: true, ListType: "set"),
        new("io.k8s.api.flowcontrol.v1.ResourcePolicyRule", "resources", Required: true, ListType: "set"),
        new("io.k8s.api.flowcontrol.v1.ResourcePolicyRule", "namespaces", ListType: "set"),

        new("io.k8s.api.flowcontrol.v1.NonResourcePolicyRule", "verbs", Required: true, ListType: "set"),
        new("io.k8s.api.flowcontrol.v1.NonResourcePolicyRule", "nonResourceURLs", Required: true, ListType: "set"),

        new("io.k8s.api.flowcontrol.v1.FlowSchemaStatus", "conditions", ListType: "map", ListMapKeys: ["type"], PatchStrategy: "merge", PatchMergeKey: "type"),

        new("io.k8s.api.flowcontrol.v1.FlowSchemaCondition", "type", Required: true),

        new("io.k8s.api.flowcontrol.v1.PriorityLevelConfiguration", "spec", Required: true),

        new("io.k8s.api.flowcontrol.v1.PriorityLevelConfigurationList", "items", Required: true),

        new("io.k8s.api.flowcontrol.v1.PriorityLevelConfigurationSpec", "type", Required: true),

        new("io.k8s.api.flowcontrol.v1.LimitedPriorityLevelConfiguration", "limitResponse", Required: true),

        new("io.k8s.api.flowcontrol.v1.LimitResponse", "type", Required: true),

        new("io.k8s.api.flowcontrol.v1.PriorityLevelConfigurationStatus", "conditions", ListType: "map", ListMapKeys: ["type"], PatchStrategy: "merge", PatchMergeKey: "type"),

        new("io.k8s.api.flowcontrol.v1.PriorityLevelConfigurationCondition", "type", Required: true),

        new("io.k8s.api.networking.v1.NetworkPolicySpec", "ingress", ListType: "atomic"),
        new("io.k8s.api.networking.v1.NetworkPolicySpec", "egress", ListType: "atomic"),
        new("io.k8s.api.networking.v1.NetworkPolicySpec", "policyTypes", ListType: "atomic"),

        new("io.k8s.api.networking.v1.NetworkPolicyIngressRule", "ports", ListType: "atomic"),
        new("io.k8s.api.networking.v1.NetworkPolicyIngressRule", "from", ListType: "atomic"),

        new("io.k8s.api.networking.v1.NetworkPolicyEgressRule", "ports", ListType: "atomic"),
        new("io.k8s.api.networking.v1.NetworkPolicyEgressRule", "to", ListType: "atomic"),

        new("io.k8s.api.networking.v1.IPBlock", "cidr", Required: true),
        new("io.k8s.api.networking.v1.IPBlock", "except", ListType: "atomic"),

        new("io.k8s.api.networking.v1.NetworkPolicyList", "items", Required: true),

        new("io.k8s.api.networking.v1.IngressList", "items", Required: true),

        new("io.k8s.api.networking.v1.IngressSpec", "tls", ListType: "atomic"),
        new("io.k8s.api.networking.v1.IngressSpec", "rules", ListType: "atomic"),

        new("io.k8s.api.networking.v1.IngressTLS", "hosts", ListType: "atomic"),

        new("io.k8s.api.networking.v1.IngressLoadBalancerStatus", "ingress", ListType: "atomic"),

        new("io.k8s.api.networking.v1.IngressLoadBalancerIngress", "ports", ListType: "atomic"),

        new("io.k8s.api.networking.v1.IngressPortStatus", "port", Required: true),
        new("io.k8s.api.networking.v1.IngressPortStatus", "protocol", Required: true),

        new("io.k8s.api.networking.v1.HTTPIngressRuleValue", "paths", Required: true, ListType: "atomic"),

        new("io.k8s.api.networking.v1.HTTPIngressPath", "pathType", Required: true),
        new("io.k8s.api.networking.v1.HTTPIngressPath", "backend", Required: true),

        new("io.k8s.api.networking.v1.IngressServiceBackend", "name", Required: true),

        new("io.k8s.api.networking.v1.IngressClassParametersReference", "kind", Required: true),
        new("io.k8s.api.networking.v1.IngressClassParametersReference", "name", Required: true),

        new("io.k8s.api.networking.v1.IngressClassList", "items", Required: true),

        new("io.k8s.api.networking.v1.IPAddress", "spec", Required: true),

        new("io.k8s.api.networking.v1.IPAddressSpec", "parentRef", Required: true),

        new("io.k8s.api.networking.v1.ParentReference", "resource", Required: true),
        new("io.k8s.api.networking.v1.ParentReference", "name", Required: true),

        new("io.k8s.api.networking.v1.IPAddressList", "items", Required: true),

        new("io.k8s.api.networking.v1.ServiceCIDRSpec", "cidrs", ListType: "atomic"),

        new("io.k8s.api.networking.v1.ServiceCIDRStatus", "conditions", ListType: "map", ListMapKeys: ["type"], PatchStrategy: "merge", PatchMergeKey: "type"),

        new("io.k8s.api.networking.v1.ServiceCIDRList", "items", Required: true),

        new("io.k8s.api.node.v1.RuntimeClass", "handler", Required: true),

        new("io.k8s.api.node.v1.Scheduling", "nodeSelector", MapType: "atomic"),
        new("io.k8s.api.node.v1.Scheduling", "tolerations", ListType: "atomic"),

        new("io.k8s.api.node.v1.RuntimeClassList", "items", Required: true),

        new("io.k8s.api.policy.v1.PodDisruptionBudgetSpec", "selector", PatchStrategy: "replace"),

        new("io.k8s.api.policy.v1.PodDisruptionBudgetStatus", "conditions", ListType: "map", ListMapKeys: ["type"], PatchStrategy: "merge", PatchMergeKey: "type"),

        new("io.k8s.api.policy.v1.PodDisruptionBudgetList", "items", Required: true),

        new("io.k8s.api.rbac.v1.PolicyRule", "verbs", Required: true, ListType: "atomic"),
        new("io.k8s.api.rbac.v1.PolicyRule", "apiGroups", ListType: "atomic"),
        new("io.k8s.api.rbac.v1.PolicyRule", "resources", ListType: "atomic"),
        new("io.k8s.api.rbac.v1.PolicyRule", "resourceNames", ListType: "atomic"),
        new("io.k8s.api.rbac.v1.PolicyRule", "nonResourceURLs", ListType: "atomic"),

        new("io.k8s.api.rbac.v1.Subject", "kind", Required: true),
        new("io.k8s.api.rbac.v1.Subject", "name", Required: true),

        new("io.k8s.api.rbac.v1.RoleRef", "kind", Required: true),
        new("io.k8s.api.rbac.v1.RoleRef", "name", Required: true),

        new("io.k8s.api.rbac.v1.Role", "rules", ListType: "atomic"),

        new("io.k8s.api.rbac.v1.RoleBinding", "subjects", ListType: "atomic"),
        new("io.k8s.api.rbac.v1.RoleBinding", "roleRef", Required: true),

        new("io.k8s.api.rbac.v1.RoleBindingList", "items", Required: true),

        new("io.k8s.api.rbac.v1.RoleList", "items", Required: true),

        new("io.k8s.api.rbac.v1.ClusterRole", "rules", ListType: "atomic"),

        new("io.k8s.api.rbac.v1.AggregationRule", "clusterRoleSelectors", ListType: "atomic"),

        new("io.k8s.api.rbac.v1.ClusterRoleBinding", "subjects", ListType: "atomic"),
        new("io.k8s.api.rbac.v1.ClusterRoleBinding", "roleRef", Required: true),

        new("io.k8s.api.rbac.v1.ClusterRoleBindingList", "items", Required: true),

        new("io.k8s.api.rbac.v1.ClusterRoleList", "items", Required: true),

        new("io.k8s.api.resource.v1.ResourceSlice", "spec", Required: true),

        new("io.k8s.api.resource.v1.ResourceSliceSpec", "driver", Required: true),
        new("io.k8s.api.resource.v1.ResourceSliceSpec", "pool", Required: true),
        new("io.k8s.api.resource.v1.ResourceSliceSpec", "devices", ListType: "atomic"),
        new("io.k8s.api.resource.v1.ResourceSliceSpec", "sharedCounters", ListType: "atomic"),
        new("io.k8s.api.resource.v1.ResourceSliceSpec", "skipNodeOperations", ListType: "set"),

        new("io.k8s.api.resource.v1.CounterSet", "name", Required: true),
        new("io.k8s.api.resource.v1.CounterSet", "counters", Required: true),

        new("io.k8s.api.resource.v1.ResourcePool", "name", Required: true),
        new("io.k8s.api.resource.v1.ResourcePool", "generation", Required: true),
        new("io.k8s.api.resource.v1.ResourcePool", "resourceSliceCount", Required: true),

        new("io.k8s.api.resource.v1.Device", "name", Required: true),
        new("io.k8s.api.resource.v1.Device", "consumesCounters", ListType: "atomic"),
        new("io.k8s.api.resource.v1.Device", "taints", ListType: "atomic"),
        new("io.k8s.api.resource.v1.Device", "bindingConditions", ListType: "atomic"),
        new("io.k8s.api.resource.v1.Device", "bindingFailureConditions", ListType: "atomic"),

        new("io.k8s.api.resource.v1.DeviceCounterConsumption", "counterSet", Required: true),
        new("io.k8s.api.resource.v1.DeviceCounterConsumption", "counters", Required: true),

        new("io.k8s.api.resource.v1.DeviceCapacity", "value", Required: true),

        new("io.k8s.api.resource.v1.Counter", "value", Required: true),

        new("io.k8s.api.resource.v1.CapacityRequestPolicy", "validValues", ListType: "atomic"),

        new("io.k8s.api.resource.v1.CapacityRequestPolicyRange", "min", Required: true),

        new("io.k8s.api.resource.v1.DeviceAttribute", "ints", ListType: "atomic"),
        new("io.k8s.api.resource.v1.DeviceAttribute", "bools", ListType: "atomic"),
        new("io.k8s.api.resource.v1.DeviceAttribute", "strings", ListType: "atomic"),
        new("io.k8s.api.resource.v1.DeviceAttribute", "versions", ListType: "atomic"),

        new("io.k8s.api.resource.v1.DeviceTaint", "key", Required: true),
        new("io.k8s.api.resource.v1.DeviceTaint", "effect", Required: true),

        new("io.k8s.api.resource.v1.DeviceTaintRule", "spec", Required: true),

        new("io.k8s.api.resource.v1.DeviceTaintRuleSpec", "taint", Required: true),

        new("io.k8s.api.resource.v1.DeviceTaintRuleStatus", "conditions", ListType: "map", ListMapKeys: ["type"], PatchStrategy: "merge", PatchMergeKey: "type"),

        new("io.k8s.api.resource.v1.DeviceTaintRuleList", "items", Required: true),

        new("io.k8s.api.resource.v1.ResourceSliceList", "items", Required: true),

        new("io.k8s.api.resource.v1.DeviceClaim", "requests", ListType: "atomic"),
        new("io.k8s.api.resource.v1.DeviceClaim", "constraints", ListType: "atomic"),
        new("io.k8s.api.resource.v1.DeviceClaim", "config", ListType: "atomic"),

        new("io.k8s.api.resource.v1.DeviceRequest", "name", Required: true),
        new("io.k8s.api.resource.v1.DeviceRequest", "firstAvailable", ListType: "atomic"),

        new("io.k8s.api.resource.v1.ExactDeviceRequest", "deviceClassName", Required: true),
        new("io.k8s.api.resource.v1.ExactDeviceRequest", "selectors", ListType: "atomic"),
        new("io.k8s.api.resource.v1.ExactDeviceRequest", "tolerations", ListType: "atomic"),

        new("io.k8s.api.resource.v1.DeviceSubRequest", "name", Required: true),
        new("io.k8s.api.resource.v1.DeviceSubRequest", "deviceClassName", Required: true),
        new("io.k8s.api.resource.v1.DeviceSubRequest", "selectors", ListType: "atomic"),
        new("io.k8s.api.resource.v1.DeviceSubRequest", "tolerations", ListType: "atomic"),

        new("io.k8s.api.resource.v1.CELDeviceSelector", "expression", Required: true),

        new("io.k8s.api.resource.v1.DeviceConstraint", "requests", ListType: "atomic"),

        new("io.k8s.api.resource.v1.DeviceClaimConfiguration", "requests", ListType: "atomic"),

        new("io.k8s.api.resource.v1.OpaqueDeviceConfiguration", "driver", Required: true),
        new("io.k8s.api.resource.v1.OpaqueDeviceConfiguration", "parameters", Required: true),

        new("io.k8s.api.resource.v1.ResourceClaimStatus", "reservedFor", ListType: "map", ListMapKeys: ["uid"], PatchStrategy: "merge", PatchMergeKey: "uid"),
        new("io.k8s.api.resource.v1.ResourceClaimStatus", "devices", ListType: "map", ListMapKeys: ["driver", "device", "pool", "shareID"]),

        new("io.k8s.api.resource.v1.ResourceClaimConsumerReference", "resource", Required: true),
        new("io.k8s.api.resource.v1.ResourceClaimConsumerReference", "name", Required: true),
        new("io.k8s.api.resource.v1.ResourceClaimConsumerReference", "uid", Required: true),

        new("io.k8s.api.resource.v1.DeviceAllocationResult", "results", ListType: "atomic"),
        new("io.k8s.api.resource.v1.DeviceAllocationResult", "config", ListType: "atomic"),

        new("io.k8s.api.resource.v1.DeviceRequestAllocationResult", "request", Required: true),
        new("io.k8s.api.resource.v1.DeviceRequestAllocationResult", "driver", Required: true),
        new("io.k8s.api.resource.v1.DeviceRequestAllocationResult", "pool", Required: true),
        new("io.k8s.api.resource.v1.DeviceRequestAllocationResult", "device", Required: true),
        new("io.k8s.api.resource.v1.DeviceRequestAllocationResult", "tolerations", ListType: "atomic"),
        new("io.k8s.api.resource.v1.DeviceRequestAllocationResult", "bindingConditions", ListType: "atomic"),
        new("io.k8s.api.resource.v1.DeviceRequestAllocationResult", "bindingFailureConditions", ListType: "atomic"),
        new("io.k8s.api.resource.v1.DeviceRequestAllocationResult", "skipNodeOperations", ListType: "set"),

        new("io.k8s.api.resource.v1.DeviceAllocationConfiguration", "source", Required: true),
        new("io.k8s.api.resource.v1.DeviceAllocationConfiguration", "requests", ListType: "atomic"),

        new("io.k8s.api.resource.v1.ResourceClaimList", "items", Required: true),

        new("io.k8s.api.resource.v1.DeviceClassSpec", "selectors", ListType: "atomic"),
        new("io.k8s.api.resource.v1.DeviceClassSpec", "config", ListType: "atomic"),

        new("io.k8s.api.resource.v1.DeviceClassList", "items", Required: true),

        new("io.k8s.api.resource.v1.ResourceClaimTemplateList", "items", Required: true),

        new("io.k8s.api.resource.v1.AllocatedDeviceStatus", "driver", Required: true),
        new("io.k8s.api.resource.v1.AllocatedDeviceStatus", "pool", Required: true),
        new("io.k8s.api.resource.v1.AllocatedDeviceStatus", "device", Required: true),
        new("io.k8s.api.resource.v1.AllocatedDeviceStatus", "conditions", ListType: "map", ListMapKeys: ["type"]),

        new("io.k8s.api.resource.v1.NetworkDeviceData", "ips", ListType: "atomic"),

        new("io.k8s.api.scheduling.v1.PriorityClassList", "items", Required: true),

        new("io.k8s.api.storage.v1.StorageClass", "provisioner", Required: true),
        new("io.k8s.api.storage.v1.StorageClass", "mountOptions", ListType: "atomic"),
        new("io.k8s.api.storage.v1.StorageClass", "allowedTopologies", ListType: "atomic"),

        new("io.k8s.api.storage.v1.StorageClassList", "items", Required: true),

        new("io.k8s.api.storage.v1.VolumeAttachment", "spec", Required: true),

        new("io.k8s.api.storage.v1.VolumeAttachmentList", "items", Required: true),

        new("io.k8s.api.storage.v1.VolumeAttachmentSpec", "attacher", Required: true),
        new("io.k8s.api.storage.v1.VolumeAttachmentSpec", "source", Required: true),
        new("io.k8s.api.storage.v1.VolumeAttachmentSpec", "nodeName", Required: true),

        new("io.k8s.api.storage.v1.VolumeAttachmentStatus", "attached", Required: true),

        new("io.k8s.api.storage.v1.CSIDriver", "spec", Required: true),

        new("io.k8s.api.storage.v1.CSIDriverList", "items", Required: true),

        new("io.k8s.api.storage.v1.CSIDriverSpec", "volumeLifecycleModes", ListType: "set"),
        new("io.k8s.api.storage.v1.CSIDriverSpec", "tokenRequests", ListType: "atomic"),

        new("io.k8s.api.storage.v1.TokenRequest", "audience", Required: true),

        new("io.k8s.api.storage.v1.CSINode", "spec", Required: true),

        new("io.k8s.api.storage.v1.CSINodeSpec", "drivers", Required: true, ListType: "map", ListMapKeys: ["name"], PatchStrategy: "merge", PatchMergeKey: "name"),

        new("io.k8s.api.storage.v1.CSINodeDriver", "name", Required: true),
        new("io.k8s.api.storage.v1.CSINodeDriver", "nodeID", Required: true),
        new("io.k8s.api.storage.v1.CSINodeDriver", "topologyKeys", ListType: "atomic"),

        new("io.k8s.api.storage.v1.StorageHealthCondition", "status", Required: true),
        new("io.k8s.api.storage.v1.StorageHealthCondition", "reason", Required: true),

        new("io.k8s.api.storage.v1.StorageHealth", "name", Required: true),
        new("io.k8s.api.storage.v1.StorageHealth", "healthConditions", ListType: "atomic"),

        new("io.k8s.api.storage.v1.CSINodeStatus", "storageHealth", ListType: "map", ListMapKeys: ["name"], PatchStrategy: "merge", PatchMergeKey: "name"),

        new("io.k8s.api.storage.v1.CSINodeList", "items", Required: true),

        new("io.k8s.api.storage.v1.CSIStorageCapacity", "storageClassName", Required: true),

        new("io.k8s.api.storage.v1.CSIStorageCapacityList", "items", Required: true),

        new("io.k8s.api.storage.v1.VolumeAttributesClass", "driverName", Required: true),

        new("io.k8s.api.storage.v1.VolumeAttributesClassList", "items", Required: true),

        new("io.k8s.api.storagemigration.v1.StorageVersionMigrationSpec", "resource", Required: true),

        new("io.k8s.api.storagemigration.v1.StorageVersionMigrationStatus", "conditions", ListType: "map", ListMapKeys: ["type"], PatchStrategy: "merge", PatchMergeKey: "type"),

        new("io.k8s.api.storagemigration.v1.StorageVersionMigrationList", "items", Required: true),

        new("io.k8s.apimachinery.pkg.apis.meta.v1.GroupResource", "group", Required: true),
        new("io.k8s.apimachinery.pkg.apis.meta.v1.GroupResource", "resource", Required: true),

        new("io.k8s.apimachinery.pkg.apis.meta.v1.GroupVersionKind", "group", Required: true),
        new("io.k8s.apimachinery.pkg.apis.meta.v1.GroupVersionKind", "version", Required: true),
        new("io.k8s.apimachinery.pkg.apis.meta.v1.GroupVersionKind", "kind", Required: true),

        new("io.k8s.apimachinery.pkg.apis.meta.v1.ShardInfo", "selector", Required: true),

        new("io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta", "ownerReferences", ListType: "map", ListMapKeys: ["uid"], PatchStrategy: "merge", PatchMergeKey: "uid"),
        new("io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta", "finalizers", ListType: "set", PatchStrategy: "merge"),
        new("io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta", "managedFields", ListType: "atomic"),

        new("io.k8s.apimachinery.pkg.apis.meta.v1.OwnerReference", "apiVersion", Required: true),
        new("io.k8s.apimachinery.pkg.apis.meta.v1.OwnerReference", "kind", Required: true),
        new("io.k8s.apimachinery.pkg.apis.meta.v1.OwnerReference", "name", Required: true),
        new("io.k8s.apimachinery.pkg.apis.meta.v1.OwnerReference", "uid", Required: true),

        new("io.k8s.apimachinery.pkg.apis.meta.v1.DeleteOptions", "dryRun", ListType: "atomic"),

        new("io.k8s.apimachinery.pkg.apis.meta.v1.StatusDetails", "causes", ListType: "atomic"),

        new("io.k8s.apimachinery.pkg.apis.meta.v1.APIVersions", "versions", Required: true, ListType: "atomic"),
        new("io.k8s.apimachinery.pkg.apis.meta.v1.APIVersions", "serverAddressByClientCIDRs", Required: true, ListType: "atomic"),

        new("io.k8s.apimachinery.pkg.apis.meta.v1.APIGroupList", "groups", Required: true, ListType: "atomic"),

        new("io.k8s.apimachinery.pkg.apis.meta.v1.APIGroup", "name", Required: true),
        new("io.k8s.apimachinery.pkg.apis.meta.v1.APIGroup", "versions", Required: true, ListType: "atomic"),
        new("io.k8s.apimachinery.pkg.apis.meta.v1.APIGroup", "serverAddressByClientCIDRs", ListType: "atomic"),

        new("io.k8s.apimachinery.pkg.apis.meta.v1.ServerAddressByClientCIDR", "clientCIDR", Required: true),
        new("io.k8s.apimachinery.pkg.apis.meta.v1.ServerAddressByClientCIDR", "serverAddress", Required: true),

        new("io.k8s.apimachinery.pkg.apis.meta.v1.GroupVersionForDiscovery", "groupVersion", Required: true),
        new("io.k8s.apimachinery.pkg.apis.meta.v1.GroupVersionForDiscovery", "version", Required: true),

        new("io.k8s.apimachinery.pkg.apis.meta.v1.APIResource", "name", Required: true),
        new("io.k8s.apimachinery.pkg.apis.meta.v1.APIResource", "singularName", Required: true),
        new("io.k8s.apimachinery.pkg.apis.meta.v1.APIResource", "namespaced", Required: true),
        new("io.k8s.apimachinery.pkg.apis.meta.v1.APIResource", "kind", Required: true),
        new("io.k8s.apimachinery.pkg.apis.meta.v1.APIResource", "verbs", Required: true),
        new("io.k8s.apimachinery.pkg.apis.meta.v1.APIResource", "shortNames", ListType: "atomic"),
        new("io.k8s.apimachinery.pkg.apis.meta.v1.APIResource", "categories", ListType: "atomic"),

        new("io.k8s.apimachinery.pkg.apis.meta.v1.APIResourceList", "groupVersion", Required: true),
        new("io.k8s.apimachinery.pkg.apis.meta.v1.APIResourceList", "resources", Required: true, ListType: "atomic"),

        new("io.k8s.apimachinery.pkg.apis.meta.v1.LabelSelector", "matchExpressions", ListType: "atomic"),

        new("io.k8s.apimachinery.pkg.apis.meta.v1.LabelSelectorRequirement", "key", Required: true),
        new("io.k8s.apimachinery.pkg.apis.meta.v1.LabelSelectorRequirement", "operator", Required: true),
        new("io.k8s.apimachinery.pkg.apis.meta.v1.LabelSelectorRequirement", "values", ListType: "atomic"),

        new("io.k8s.apimachinery.pkg.apis.meta.v1.FieldSelectorRequirement", "key", Required: true),
        new("io.k8s.apimachinery.pkg.apis.meta.v1.FieldSelectorRequirement", "operator", Required: true),
        new("io.k8s.apimachinery.pkg.apis.meta.v1.FieldSelectorRequirement", "values", ListType: "atomic"),

        new("io.k8s.apimachinery.pkg.apis.meta.v1.Condition", "type", Required: true),
        new("io.k8s.apimachinery.pkg.apis.meta.v1.Condition", "status", Required: true),
        new("io.k8s.apimachinery.pkg.apis.meta.v1.Condition", "lastTransitionTime", Required: true),
        new("io.k8s.apimachinery.pkg.apis.meta.v1.Condition", "reason", Required: true),
        new("io.k8s.apimachinery.pkg.apis.meta.v1.Condition", "message", Required: true),

        new("io.k8s.apimachinery.pkg.apis.meta.v1.WatchEvent", "type", Required: true),
        new("io.k8s.apimachinery.pkg.apis.meta.v1.WatchEvent", "object", Required: true),

        new("io.k8s.api.admissionregistration.v1.NamedRuleWithOperations", "operations", ListType: "atomic"),

        new("io.k8s.api.admissionregistration.v1.RuleWithOperations", "apiGroups", ListType: "atomic"),
        new("io.k8s.api.admissionregistration.v1.RuleWithOperations", "apiVersions", ListType: "atomic"),
        new("io.k8s.api.admissionregistration.v1.RuleWithOperations", "resources", ListType: "atomic"),

        new("io.k8s.api.core.v1.EphemeralContainer", "name", Required: true),
        new("io.k8s.api.core.v1.EphemeralContainer", "command", ListType: "atomic"),
        new("io.k8s.api.core.v1.EphemeralContainer", "args", ListType: "atomic"),
        new("io.k8s.api.core.v1.EphemeralContainer", "ports", ListType: "map", ListMapKeys: ["containerPort", "protocol"], PatchStrategy: "merge", PatchMergeKey: "containerPort"),
        new("io.k8s.api.core.v1.EphemeralContainer", "envFrom", ListType: "atomic"),
        new("io.k8s.api.core.v1.EphemeralContainer", "env", ListType: "map", ListMapKeys: ["name"], PatchStrategy: "merge", PatchMergeKey: "name"),
        new("io.k8s.api.core.v1.EphemeralContainer", "resizePolicy", ListType: "atomic"),
        new("io.k8s.api.core.v1.EphemeralContainer", "restartPolicyRules", ListType: "atomic"),
        new("io.k8s.api.core.v1.EphemeralContainer", "volumeMounts", ListType: "map", ListMapKeys: ["mountPath"], PatchStrategy: "merge", PatchMergeKey: "mountPath"),
        new("io.k8s.api.core.v1.EphemeralContainer", "volumeDevices", ListType: "map", ListMapKeys: ["devicePath"], PatchStrategy: "merge", PatchMergeKey: "devicePath"),
    ];
}
