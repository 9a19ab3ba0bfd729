using System.Text.Json.Serialization;
using MiniKube.Runc.Cgroups;
using MiniKube.Runc.Init;
using MiniKube.Runc.Logging;
using MiniKube.Runc.Spec;
using MiniKube.Runc.State;

namespace MiniKube.Runc;

/// <summary>
/// Every type minirunc reads or writes as JSON. System.Text.Json's source generator writes the (de)serializers at
/// compile time, which NativeAOT needs (no reflection at run time) and which also makes start-up faster.
/// camelCase gives the OCI spec's names ("ociVersion", "noNewPrivileges"); like Go's encoding/json, which runc uses,
/// property names are matched case-insensitively when reading.
/// </summary>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    PropertyNameCaseInsensitive = true,
    ReadCommentHandling = System.Text.Json.JsonCommentHandling.Skip)]
[JsonSerializable(typeof(RuntimeSpec))]
[JsonSerializable(typeof(Process))]
[JsonSerializable(typeof(InitConfig))]
[JsonSerializable(typeof(InitMessage))]
[JsonSerializable(typeof(ContainerState))]
[JsonSerializable(typeof(OciState))]
[JsonSerializable(typeof(List<OciState>))]
[JsonSerializable(typeof(ContainerEvent))]
[JsonSerializable(typeof(LogEntry))]
internal sealed partial class MiniruncJsonContext : JsonSerializerContext
{
    /// <summary>The same types, written indented with two spaces, as runc prints `state` and `spec`.</summary>
    public static MiniruncJsonContext Indented => s_indented ??= new(new System.Text.Json.JsonSerializerOptions(Default.Options) { WriteIndented = true });

    private static MiniruncJsonContext? s_indented;
}
