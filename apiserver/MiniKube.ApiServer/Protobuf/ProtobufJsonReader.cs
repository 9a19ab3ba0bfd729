using System.Globalization;
using System.Text.Json.Nodes;
using Google.Protobuf;

namespace MiniKube.ApiServer.Protobuf;

/// <summary>
/// The generic half of the protobuf decoder: walks one encoded message field by field and writes the JSON that Go's
/// encoding/json would write for the same Kubernetes object. What each field number means comes from the schema table
/// (<see cref="ProtobufSchema"/>); this class only knows the protobuf wire format and the JSON conventions.
/// Concept: https://kubernetes.io/docs/reference/using-api/api-concepts/#protobuf-encoding
/// </summary>
/// <remarks>
/// A protobuf message is a sequence of (tag, value) pairs. The tag is a varint holding the field number and a wire
/// type: 0 = varint (ints, bools), 2 = length-delimited (strings, bytes, nested messages, map entries, packed lists).
/// Lists repeat the field once per element; maps are lists of entry messages { key = 1, value = 2 }.
/// Kubernetes types are proto2 messages written by Go code, so numbers and booleans are always varints.
/// </remarks>
internal static class ProtobufJsonReader
{
    /// <summary>Decodes <paramref name="encoded"/> as a <paramref name="schema"/> message and adds its fields to <paramref name="target"/>.</summary>
    public static void ReadMessage(ByteString encoded, ProtobufMessage schema, JsonObject target)
    {
        var input = encoded.CreateCodedInput();
        uint tag;
        while ((tag = input.ReadTag()) != 0)
        {
            var field = schema.FindField(WireFormat.GetTagFieldNumber(tag));
            if (field is null)
            {
                // A field our table leaves out (or one newer than it): protobuf readers skip what they do not know.
                input.SkipLastField();
                continue;
            }
            ReadField(input, WireFormat.GetTagWireType(tag), field, schema, target);
        }
        AddFieldsNotSent(schema, target);
    }

    private static void ReadField(CodedInputStream input, WireFormat.WireType wireType, ProtobufField field, ProtobufMessage owner, JsonObject target)
    {
        if (field.Repeated && IsVarint(field.Kind) && wireType == WireFormat.WireType.LengthDelimited)
        {
            // "Packed" list: all elements in one length-delimited value. Go's proto2 code sends lists unpacked, but a
            // protobuf reader must accept both.
            var packed = input.ReadBytes().CreateCodedInput();
            var list = ListFor(target, field);
            while (!packed.IsAtEnd) list.Add(ReadVarint(packed, field.Kind));
            return;
        }

        var expected = IsVarint(field.Kind) ? WireFormat.WireType.Varint : WireFormat.WireType.LengthDelimited;
        if (wireType != expected)
        {
            throw new ProtobufDecodeException(
                $"the protobuf body is malformed: field {field.Number} ({field.JsonName}) of {owner.Name} has wire type {wireType}, expected {expected}");
        }

        switch (field.Kind)
        {
            case FieldKind.Inline:
                // The embedded struct's fields land directly in the parent's JSON object.
                ReadMessage(input.ReadBytes(), ProtobufSchema.GetMessage(field.MessageType!), target);
                return;
            case FieldKind.Map:
                var (key, entryValue) = ReadMapEntry(input.ReadBytes(), field);
                MapFor(target, field)[key] = entryValue;
                return;
        }

        var value = ReadValue(input, field.Kind, field.MessageType);
        if (field.Repeated)
        {
            ListFor(target, field).Add(value);
        }
        else if (field.Presence != JsonPresence.OmitEmpty || !IsZeroScalar(field.Kind, value))
        {
            target[field.JsonName] = value;
        }
    }

    /// <summary>Reads one value (not a list, not a map) of the given kind.</summary>
    private static JsonNode? ReadValue(CodedInputStream input, FieldKind kind, string? messageType) => kind switch
    {
        FieldKind.String => JsonValue.Create(input.ReadString()),
        FieldKind.Bytes => JsonValue.Create(input.ReadBytes().ToBase64()),
        FieldKind.Int32 or FieldKind.Int64 or FieldKind.Bool => ReadVarint(input, kind),
        FieldKind.Message => ReadNestedMessage(input.ReadBytes(), messageType!),
        FieldKind.Quantity => ReadQuantity(input.ReadBytes()),
        FieldKind.IntOrString => ReadIntOrString(input.ReadBytes()),
        FieldKind.Time => ReadTime(input.ReadBytes()),
        FieldKind.RawJson => ReadRawJson(input.ReadBytes()),
        FieldKind.StringList => ReadStringList(input.ReadBytes()),
        _ => throw new InvalidOperationException($"field kind {kind} is not a single value"),
    };

    private static JsonNode ReadVarint(CodedInputStream input, FieldKind kind) => kind switch
    {
        FieldKind.Int32 => JsonValue.Create(input.ReadInt32()),
        FieldKind.Int64 => JsonValue.Create(input.ReadInt64()),
        _ => JsonValue.Create(input.ReadBool()),
    };

    private static JsonObject ReadNestedMessage(ByteString encoded, string messageType)
    {
        var json = new JsonObject();
        ReadMessage(encoded, ProtobufSchema.GetMessage(messageType), json);
        return json;
    }

    /// <summary>A map entry: message { key = 1; value = 2 }. Kubernetes map keys are always strings.</summary>
    private static (string Key, JsonNode? Value) ReadMapEntry(ByteString encoded, ProtobufField field)
    {
        var input = encoded.CreateCodedInput();
        var key = "";
        JsonNode? value = null;
        var valueSent = false;
        uint tag;
        while ((tag = input.ReadTag()) != 0)
        {
            switch (WireFormat.GetTagFieldNumber(tag))
            {
                case 1:
                    key = input.ReadString();
                    break;
                case 2:
                    value = ReadValue(input, field.MapValueKind, field.MessageType);
                    valueSent = true;
                    break;
                default:
                    input.SkipLastField();
                    break;
            }
        }
        // An entry without a value holds the zero value, e.g. {"key": ""} for a map<string, string>.
        return (key, valueSent ? value : ZeroValue(field.MapValueKind, field.MessageType));
    }

    /// <summary>resource.Quantity: message { string = 1 }. JSON is the string itself, e.g. "100m" or "1Gi".</summary>
    private static JsonNode ReadQuantity(ByteString encoded)
    {
        var input = encoded.CreateCodedInput();
        var text = "0";   // an empty Quantity is zero, which Go writes as "0"
        uint tag;
        while ((tag = input.ReadTag()) != 0)
        {
            if (WireFormat.GetTagFieldNumber(tag) == 1) text = input.ReadString();
            else input.SkipLastField();
        }
        return JsonValue.Create(text);
    }

    /// <summary>
    /// intstr.IntOrString: message { type = 1 (0 = Int, 1 = String); intVal = 2; strVal = 3 }.
    /// JSON is a bare number or string, as in a Service's <c>targetPort: 8080</c> or <c>targetPort: "http"</c>.
    /// </summary>
    private static JsonNode ReadIntOrString(ByteString encoded)
    {
        var input = encoded.CreateCodedInput();
        long type = 0;
        var intValue = 0;
        var stringValue = "";
        uint tag;
        while ((tag = input.ReadTag()) != 0)
        {
            switch (WireFormat.GetTagFieldNumber(tag))
            {
                case 1: type = input.ReadInt64(); break;
                case 2: intValue = input.ReadInt32(); break;
                case 3: stringValue = input.ReadString(); break;
                default: input.SkipLastField(); break;
            }
        }
        return type == 1 ? JsonValue.Create(stringValue) : JsonValue.Create(intValue);
    }

    /// <summary>
    /// metav1.Time: message { seconds = 1; nanos = 2 } since the Unix epoch. JSON is RFC 3339 in UTC with whole seconds
    /// ("2024-01-02T03:04:05Z"). Go writes the zero time as an empty message and as JSON null; kubectl sends exactly that
    /// for <c>metadata.creationTimestamp</c> (<c>"creationTimestamp": null</c> in its JSON).
    /// </summary>
    private static JsonNode? ReadTime(ByteString encoded)
    {
        if (encoded.IsEmpty) return null;
        var input = encoded.CreateCodedInput();
        long seconds = 0;
        uint tag;
        while ((tag = input.ReadTag()) != 0)
        {
            // Nanos (2) are dropped: metav1.Time has second precision in JSON.
            if (WireFormat.GetTagFieldNumber(tag) == 1) seconds = input.ReadInt64();
            else input.SkipLastField();
        }
        if (seconds < MinUnixSeconds || seconds > MaxUnixSeconds)
        {
            throw new ProtobufDecodeException($"the protobuf body is malformed: time {seconds}s since the epoch is out of range");
        }
        return JsonValue.Create(DateTimeOffset.FromUnixTimeSeconds(seconds).ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture));
    }

    private static readonly long MinUnixSeconds = DateTimeOffset.MinValue.ToUnixTimeSeconds();
    private static readonly long MaxUnixSeconds = DateTimeOffset.MaxValue.ToUnixTimeSeconds();

    /// <summary>metav1.FieldsV1: message { raw = 1 } whose bytes are JSON (the managedFields field set); JSON embeds it as is.</summary>
    private static JsonNode? ReadRawJson(ByteString encoded)
    {
        var input = encoded.CreateCodedInput();
        JsonNode? json = null;
        uint tag;
        while ((tag = input.ReadTag()) != 0)
        {
            if (WireFormat.GetTagFieldNumber(tag) == 1) json = JsonNode.Parse(input.ReadBytes().Span);
            else input.SkipLastField();
        }
        return json;
    }

    /// <summary>A message { repeated string items = 1 } that Go declares as []string (ExtraValue); JSON is the plain array.</summary>
    private static JsonArray ReadStringList(ByteString encoded)
    {
        var input = encoded.CreateCodedInput();
        var items = new JsonArray();
        uint tag;
        while ((tag = input.ReadTag()) != 0)
        {
            if (WireFormat.GetTagFieldNumber(tag) == 1) items.Add(input.ReadString());
            else input.SkipLastField();
        }
        return items;
    }

    /// <summary>
    /// Fields whose json tag has no omitempty appear in Go's JSON even when unset: nil lists, maps and pointers as null
    /// (a ClusterRole with only an aggregationRule has <c>"rules": null</c>), plain values as their zero value. Go's
    /// protobuf code sends nothing for nil lists, maps and pointers, so we add those fields here.
    /// </summary>
    private static void AddFieldsNotSent(ProtobufMessage schema, JsonObject target)
    {
        foreach (var field in schema.Fields)
        {
            if (field.Presence is JsonPresence.OmitEmpty or JsonPresence.KeepZero) continue;
            if (field.Kind == FieldKind.Inline || target.ContainsKey(field.JsonName)) continue;
            target[field.JsonName] = field.Presence == JsonPresence.NullWhenUnset || field.Repeated || field.Kind == FieldKind.Map
                ? null
                : ZeroValue(field.Kind, field.MessageType);
        }
    }

    /// <summary>The JSON Go writes for a Go zero value of this kind.</summary>
    private static JsonNode? ZeroValue(FieldKind kind, string? messageType) => kind switch
    {
        FieldKind.String => JsonValue.Create(""),
        FieldKind.Int32 or FieldKind.Int64 => JsonValue.Create(0),
        FieldKind.Bool => JsonValue.Create(false),
        FieldKind.Quantity => JsonValue.Create("0"),
        FieldKind.IntOrString => JsonValue.Create(0),
        FieldKind.Message => ReadNestedMessage(ByteString.Empty, messageType!),
        _ => null,   // nil []byte, nil list/map, zero Time, absent FieldsV1
    };

    private static bool IsVarint(FieldKind kind) => kind is FieldKind.Int32 or FieldKind.Int64 or FieldKind.Bool;

    /// <summary>"", 0 and false: the values omitempty leaves out. Go's JSON encoder never treats a struct as empty.</summary>
    private static bool IsZeroScalar(FieldKind kind, JsonNode? value) => kind switch
    {
        FieldKind.String or FieldKind.Bytes => (string?)value == "",
        FieldKind.Int32 => (int?)value == 0,
        FieldKind.Int64 => (long?)value == 0,
        FieldKind.Bool => (bool?)value == false,
        _ => false,
    };

    private static JsonArray ListFor(JsonObject target, ProtobufField field)
    {
        if (target[field.JsonName] is JsonArray list) return list;
        list = [];
        target[field.JsonName] = list;
        return list;
    }

    private static JsonObject MapFor(JsonObject target, ProtobufField field)
    {
        if (target[field.JsonName] is JsonObject map) return map;
        map = [];
        target[field.JsonName] = map;
        return map;
    }
}
