using k8s;
using k8s.Models;

namespace MiniKube.ApiServer.Registry;

/// <summary>
/// One column of the server-side table kubectl prints for <c>kubectl get</c>. The server computes the cells (even
/// "Age"), so every client prints the same columns; priority 1 columns appear only with <c>-o wide</c>.
/// Concept: https://kubernetes.io/docs/reference/using-api/api-concepts/#receiving-resources-as-tables
/// </summary>
public sealed record TableColumn(string Name, string Type, string Format, string Description, int Priority,
    Func<IKubernetesObject<V1ObjectMeta>, DateTime, object?> Cell)
{
    public static TableColumn NameColumn() =>
        new("Name", "string", "name",
            "Name must be unique within a namespace. Is required when creating resources, although some resources may allow a client to request the generation of an appropriate name automatically.",
            0, (o, _) => o.Metadata?.Name ?? "");

    public static TableColumn AgeColumn() =>
        new("Age", "string", "",
            "CreationTimestamp is a timestamp representing the server time when this object was created.",
            0, (o, now) => HumanDuration.Since(o.Metadata?.CreationTimestamp, now));

    public static TableColumn Text(string name, string description, Func<IKubernetesObject<V1ObjectMeta>, string> cell, int priority = 0) =>
        new(name, "string", "", description, priority, (o, _) => cell(o));

    public static TableColumn Integer(string name, string description, Func<IKubernetesObject<V1ObjectMeta>, long> cell, int priority = 0) =>
        new(name, "integer", "", description, priority, (o, _) => cell(o));

    /// <summary>Shortcut for a typed cell: <c>For&lt;V1Pod&gt;(p => …)</c>.</summary>
    public static Func<IKubernetesObject<V1ObjectMeta>, string> For<T>(Func<T, string> cell) where T : class =>
        o => o is T typed ? cell(typed) : "";

    public static Func<IKubernetesObject<V1ObjectMeta>, long> ForInt<T>(Func<T, long> cell) where T : class =>
        o => o is T typed ? cell(typed) : 0;
}
