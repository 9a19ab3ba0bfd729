using k8s;

namespace MiniKube.ControllerManager.Pods;

/// <summary>
/// A deep copy of an API object (client-go's generated <c>DeepCopy</c>), made by a JSON round trip. Objects from an
/// informer's cache are shared by every reader, so a controller copies before it changes anything.
/// </summary>
internal static class ObjectCopy
{
    public static T DeepCopy<T>(T obj) => KubernetesJson.Deserialize<T>(KubernetesJson.Serialize(obj));
}
