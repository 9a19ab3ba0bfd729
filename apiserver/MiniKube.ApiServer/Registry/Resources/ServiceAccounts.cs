using k8s;
using k8s.Models;
using static MiniKube.ApiServer.Registry.TableColumn;

namespace MiniKube.ApiServer.Registry.Resources;

/// <summary>
/// ServiceAccounts: identities for processes that run in Pods.
/// Concept: https://kubernetes.io/docs/concepts/security/service-accounts/
/// </summary>
public static class ServiceAccounts
{
    public static ResourceDefinition Definition { get; } = new()
    {
        Group = "",
        Kind = "ServiceAccount",
        Plural = "serviceaccounts",
        Namespaced = true,
        ModelType = typeof(V1ServiceAccount),
        ListModelType = typeof(V1ServiceAccountList),
        ShortNames = ["sa"],
        Columns =
        [
            NameColumn(),
            Integer("Secrets", "Secrets is a list of the secrets in the same namespace that pods running using this ServiceAccount are allowed to use.",
                ForInt<V1ServiceAccount>(s => s.Secrets?.Count ?? 0)),
            AgeColumn(),
        ],
    };
}
