namespace MiniKube.ApiMachinery.Client;

/// <summary>
/// The two Event types, as <c>v1.EventTypeNormal</c> and <c>v1.EventTypeWarning</c>: Normal for the story of a healthy
/// object (Scheduled, SuccessfulCreate, Pulled), Warning for what someone may need to act on (FailedScheduling, BackOff).
/// Concept: https://kubernetes.io/docs/reference/kubernetes-api/cluster-resources/event-v1/
/// </summary>
public static class EventType
{
    public const string Normal = "Normal";
    public const string Warning = "Warning";
}
