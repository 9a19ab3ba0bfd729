using Google.Protobuf;

namespace MiniKube.ApiServer.Tests.Protobuf;

/// <summary>
/// Builds small protobuf messages by hand for decoder tests, field by field, the way Go's generated code writes them.
/// Only tests use it: the API server never encodes protobuf.
/// </summary>
internal sealed class ProtobufWriter
{
    private readonly List<byte> _bytes = [];

    public ProtobufWriter String(int field, string value) => Write(output =>
    {
        output.WriteTag(field, WireFormat.WireType.LengthDelimited);
        output.WriteString(value);
    });

    public ProtobufWriter Varint(int field, long value) => Write(output =>
    {
        output.WriteTag(field, WireFormat.WireType.Varint);
        output.WriteInt64(value);
    });

    public ProtobufWriter Bytes(int field, byte[] value) => Write(output =>
    {
        output.WriteTag(field, WireFormat.WireType.LengthDelimited);
        output.WriteBytes(ByteString.CopyFrom(value));
    });

    public ProtobufWriter Message(int field, ProtobufWriter nested) => Bytes(field, nested.ToArray());

    /// <summary>A map entry { key = 1; value = 2 } with a string value.</summary>
    public ProtobufWriter MapEntry(int field, string key, string value) =>
        Message(field, new ProtobufWriter().String(1, key).String(2, value));

    public byte[] ToArray() => [.. _bytes];

    private ProtobufWriter Write(Action<CodedOutputStream> write)
    {
        using var buffer = new MemoryStream();
        using (var output = new CodedOutputStream(buffer, leaveOpen: true))
        {
            write(output);
        }
        _bytes.AddRange(buffer.ToArray());
        return this;
    }

    /// <summary>The whole request body: "k8s\0" then runtime.Unknown { typeMeta = 1 { apiVersion, kind }, raw = 2 }.</summary>
    public static byte[] Envelope(string apiVersion, string kind, ProtobufWriter raw) =>
        [.. "k8s\0"u8, .. new ProtobufWriter()
            .Message(1, new ProtobufWriter().String(1, apiVersion).String(2, kind))
            .Message(2, raw)
            .ToArray()];
}
