using k8s;
using k8s.Models;
using static MiniKube.ApiServer.Registry.TableColumn;

namespace MiniKube.ApiServer.Registry.Resources;

/// <summary>
/// Secrets: small amounts of sensitive data (passwords, tokens, keys), base64 in the API.
/// Concept: https://kubernetes.io/docs/concepts/configuration/secret/
/// </summary>
public static class Secrets
{
    public static ResourceDefinition Definition { get; } = new()
    {
        Group = "",
        Kind = "Secret",
        Plural = "secrets",
        Namespaced = true,
        ModelType = typeof(V1Secret),
        ListModelType = typeof(V1SecretList),
        ShortNames = [],
        SelectableFields = new Dictionary<string, Func<IKubernetesObject<V1ObjectMeta>, string?>> { ["type"] = o => (o as V1Secret)?.Type },
        Columns =
        [
            NameColumn(),
            Text("Type", "The type of the secret", For<V1Secret>(s => s.Type ?? "Opaque")),
            Integer("Data", "Number of data entries", ForInt<V1Secret>(s => s.Data?.Count ?? 0)),
            AgeColumn(),
        ],
    };
}
