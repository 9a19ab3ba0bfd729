using k8s.Models;
using MiniKube.ApiMachinery.Errors;

namespace MiniKube.ApiServer.Validation;

/// <summary>
/// Rules for a Pod's spec, shared by Pods and by every workload's pod template (Deployment, ReplicaSet, Job, …):
/// at least one container, unique DNS-label container names, an image for each, valid restart policy, non-negative
/// resource quantities.
/// Concept: https://kubernetes.io/docs/concepts/workloads/pods/
/// </summary>
public static class PodSpecValidation
{
    private static readonly string[] RestartPolicies = ["Always", "OnFailure", "Never"];
    private static readonly string[] PullPolicies = ["Always", "IfNotPresent", "Never"];
    private static readonly string[] Protocols = ["TCP", "UDP", "SCTP"];

    public static IEnumerable<FieldError> Validate(V1PodSpec? spec, string path)
    {
        if (spec is null)
        {
            yield return FieldError.Required(path);
            yield break;
        }
        if (spec.Containers is not { Count: > 0 })
        {
            yield return FieldError.Required($"{path}.containers");
        }
        var names = new HashSet<string>();
        foreach (var (list, field) in new[] { (spec.InitContainers, "initContainers"), (spec.Containers, "containers") })
        {
            for (var i = 0; i < (list?.Count ?? 0); i++)
            {
                foreach (var error in ValidateContainer(list![i], $"{path}.{field}[{i}]", names)) yield return error;
            }
        }
        if (spec.RestartPolicy is { } policy && !RestartPolicies.Contains(policy))
        {
            yield return FieldError.NotSupported($"{path}.restartPolicy", policy, RestartPolicies);
        }
        if (spec.TerminationGracePeriodSeconds is < 0)
        {
            yield return FieldError.Invalid($"{path}.terminationGracePeriodSeconds", spec.TerminationGracePeriodSeconds, "must be greater than or equal to 0");
        }
        var volumeNames = new HashSet<string>();
        for (var i = 0; i < (spec.Volumes?.Count ?? 0); i++)
        {
            var name = spec.Volumes![i].Name;
            if (string.IsNullOrEmpty(name)) yield return FieldError.Required($"{path}.volumes[{i}].name");
            else if (!volumeNames.Add(name)) yield return FieldError.Duplicate($"{path}.volumes[{i}].name", name);
        }
    }

    private static IEnumerable<FieldError> ValidateContainer(V1Container container, string path, HashSet<string> names)
    {
        if (string.IsNullOrEmpty(container.Name))
        {
            yield return FieldError.Required($"{path}.name");
        }
        else
        {
            foreach (var problem in NameValidation.Dns1123Label(container.Name)) yield return FieldError.Invalid($"{path}.name", container.Name, problem);
            if (!names.Add(container.Name)) yield return FieldError.Duplicate($"{path}.name", container.Name);
        }
        if (string.IsNullOrWhiteSpace(container.Image)) yield return FieldError.Required($"{path}.image");
        if (container.ImagePullPolicy is { } pull && !PullPolicies.Contains(pull))
        {
            yield return FieldError.NotSupported($"{path}.imagePullPolicy", pull, PullPolicies);
        }
        for (var i = 0; i < (container.Ports?.Count ?? 0); i++)
        {
            var port = container.Ports![i];
            if (port.ContainerPort is < 1 or > 65535)
            {
                yield return FieldError.Invalid($"{path}.ports[{i}].containerPort", port.ContainerPort, "must be between 1 and 65535, inclusive");
            }
            if (port.Protocol is { } protocol && !Protocols.Contains(protocol))
            {
                yield return FieldError.NotSupported($"{path}.ports[{i}].protocol", protocol, Protocols);
            }
        }
        foreach (var (list, kind) in new[] { (container.Resources?.Requests, "requests"), (container.Resources?.Limits, "limits") })
        {
            foreach (var (resource, quantity) in list ?? new Dictionary<string, ResourceQuantity>())
            {
                if (quantity.ToDecimal() < 0)
                {
                    yield return FieldError.Invalid($"{path}.resources.{kind}[{resource}]", quantity.ToDecimal().ToString(System.Globalization.CultureInfo.InvariantCulture), "must be greater than or equal to 0");
                }
            }
        }
        for (var i = 0; i < (container.Env?.Count ?? 0); i++)
        {
            if (string.IsNullOrEmpty(container.Env![i].Name)) yield return FieldError.Required($"{path}.env[{i}].name");
        }
    }
}
