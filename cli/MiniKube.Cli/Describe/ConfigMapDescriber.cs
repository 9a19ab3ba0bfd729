using System.Text.Json.Nodes;
using k8s;
using k8s.Models;
using MiniKube.Cli.Client;

namespace MiniKube.Cli.Describe;

/// <summary>
/// <c>describe configmap</c>: each key with its value underneath, as the Pods that mount or read it will see it.
/// Concept: https://kubernetes.io/docs/concepts/configuration/configmap/
/// </summary>
public sealed class ConfigMapDescriber : IDescriber
{
    public async Task<string> DescribeAsync(ApiClient client, JsonObject obj, CancellationToken cancellationToken)
    {
        var configMap = KubernetesJson.Deserialize<V1ConfigMap>(obj.ToJsonString());
        var events = await EventsSection.SearchAsync(client, configMap.Metadata.NamespaceProperty,
            EventsSection.InvolvedObject(configMap.Metadata, "ConfigMap"), cancellationToken);

        var w = new DescribeWriter();
        w.Line(0, $"Name:\t{configMap.Metadata.Name}");
        w.Line(0, $"Namespace:\t{configMap.Metadata.NamespaceProperty}");
        w.LabelsMultiline("Labels", configMap.Metadata.Labels);
        w.AnnotationsMultiline("Annotations", configMap.Metadata.Annotations);
        w.Write(0, "\nData\n====\n");
        foreach (var (key, value) in (configMap.Data ?? new Dictionary<string, string>()).OrderBy(d => d.Key, StringComparer.Ordinal))
        {
            w.Write(0, $"{key}:\n----\n{value}\n\n");
        }
        // Binary values are not printable: only their size is shown.
        w.Write(0, "\nBinaryData\n====\n");
        foreach (var (key, value) in (configMap.BinaryData ?? new Dictionary<string, byte[]>()).OrderBy(d => d.Key, StringComparer.Ordinal))
        {
            w.Write(0, $"{key}: {value.Length} bytes\n");
        }
        w.Write(0, "\n");
        EventsSection.Write(w, events);
        return w.ToString();
    }
}
