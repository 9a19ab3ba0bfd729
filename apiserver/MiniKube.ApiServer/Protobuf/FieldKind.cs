namespace MiniKube.ApiServer.Protobuf;

/// <summary>
/// What one protobuf field holds, and so how it is read from the wire and written as JSON.
/// Scalars map one to one; the apimachinery "well-known" messages (Quantity, IntOrString, Time, ...) are messages on
/// the wire but plain strings or numbers in JSON, which is why they get their own kinds.
/// Concept: https://kubernetes.io/docs/reference/using-api/api-concepts/#protobuf-encoding
/// </summary>
internal enum FieldKind
{
    /// <summary>A UTF-8 string (wire type 2).</summary>
    String,

    /// <summary>Raw bytes (wire type 2); JSON carries them base64-encoded, as Go's encoding/json does for []byte.</summary>
    Bytes,

    /// <summary>A varint read as a 32-bit signed number (wire type 0).</summary>
    Int32,

    /// <summary>A varint read as a 64-bit signed number (wire type 0).</summary>
    Int64,

    /// <summary>A varint that is 0 or 1 (wire type 0).</summary>
    Bool,

    /// <summary>A nested message described by its own schema; JSON gets a nested object.</summary>
    Message,

    /// <summary>
    /// A nested message whose Go struct is embedded with <c>json:",inline"</c> (for example a Volume's VolumeSource or a
    /// Probe's ProbeHandler): protobuf nests it, JSON lifts its fields into the parent object.
    /// </summary>
    Inline,

    /// <summary>A <c>map&lt;string, V&gt;</c>: repeated entry messages {key = 1, value = 2}; JSON gets an object.</summary>
    Map,

    /// <summary>resource.Quantity, message { string = 1 }; JSON gets the string ("500m", "1Gi").</summary>
    Quantity,

    /// <summary>intstr.IntOrString, message { type = 1, intVal = 2, strVal = 3 }; JSON gets a number or a string.</summary>
    IntOrString,

    /// <summary>metav1.Time, message { seconds = 1, nanos = 2 }; JSON gets an RFC 3339 string, or null for an empty message.</summary>
    Time,

    /// <summary>A message whose field 1 holds JSON text (metav1.FieldsV1 in managedFields); JSON gets that JSON as is.</summary>
    RawJson,

    /// <summary>A message { repeated string items = 1 } that Go declares as a plain []string (authentication's ExtraValue).</summary>
    StringList,
}
