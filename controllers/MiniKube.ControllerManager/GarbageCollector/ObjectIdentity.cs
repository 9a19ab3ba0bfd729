namespace MiniKube.ControllerManager.GarbageCollector;

/// <summary>
/// Which object a graph node stands for (upstream: objectReference): what an ownerReference names (apiVersion,
/// kind, name, uid) plus the namespace, which an ownerReference leaves out because owner and dependent share it.
/// The uid is what identifies it: a deleted and re-created object has the same name but a new uid.
/// </summary>
public sealed record ObjectIdentity(string ApiVersion, string Kind, string? Namespace, string Name, string Uid)
{
    public override string ToString() => $"{Kind} {(string.IsNullOrEmpty(Namespace) ? Name : $"{Namespace}/{Name}")}";
}
