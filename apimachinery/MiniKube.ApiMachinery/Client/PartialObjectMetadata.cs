using k8s.Models;

namespace MiniKube.ApiMachinery.Client;

/// <summary>
/// Any object seen only through its type and metadata (upstream: meta/v1 PartialObjectMetadata): all the garbage
/// collector and the namespace controller need to know about objects of every type.
/// Concept: https://kubernetes.io/docs/reference/using-api/api-concepts/#receiving-resources-as-tables
/// </summary>
public sealed record PartialObjectMetadata(string ApiVersion, string Kind, V1ObjectMeta Metadata);
