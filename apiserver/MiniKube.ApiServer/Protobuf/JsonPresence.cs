namespace MiniKube.ApiServer.Protobuf;

/// <summary>
/// When a field appears in the JSON we produce, so that the result matches what kubectl would have sent as JSON.
/// Go's protobuf code always writes plain (non-pointer) fields, even when they hold "" or 0, and writes pointer fields
/// only when they are set; Go's JSON code drops zero values only for fields tagged <c>omitempty</c>. The four Go field
/// shapes in k8s.io/api therefore need four rules. Structs (messages) are never dropped for being empty, in either format.
/// Concept: https://kubernetes.io/docs/reference/using-api/api-concepts/#protobuf-encoding
/// </summary>
internal enum JsonPresence
{
    /// <summary>
    /// Go <c>Field T `json:"field,omitempty"`</c>, the most common shape: "", 0, false and empty lists/maps are left out.
    /// </summary>
    OmitEmpty,

    /// <summary>
    /// Go <c>Field *T `json:"field,omitempty"`</c> (for example <c>replicas *int32</c>): the pointer tells "unset" from
    /// "set to zero", so a value that was sent is written even when it is 0 or false.
    /// </summary>
    KeepZero,

    /// <summary>
    /// Go <c>Field T `json:"field"`</c> (no omitempty, for example a container's <c>name</c> or a ServicePort's <c>port</c>):
    /// always written; a field that was not sent gets its zero value (null for lists, maps, bytes and Time).
    /// </summary>
    Always,

    /// <summary>
    /// Go <c>Field *T `json:"field"`</c> (pointer without omitempty, for example TokenRequest's <c>expirationSeconds</c>):
    /// written when sent, otherwise written as null.
    /// </summary>
    NullWhenUnset,
}
