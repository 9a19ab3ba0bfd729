using System.Text.Json;
using System.Text.Json.Nodes;
using Google.Protobuf;
using MiniKube.Cri.V1;

namespace MiniKube.Runtime.Store;

/// <summary>
/// What a sandbox or container must remember across a restart of the runtime, as JSON beside its bundle
/// (<c>--state/sandboxes/&lt;id&gt;/sandbox.json</c>, <c>--state/containers/&lt;id&gt;/container.json</c>). containerd
/// keeps the same facts in its metadata store (bolt) and in container labels/extensions, and rebuilds its CRI stores
/// from them at start (internal/cri/server/restart.go). The kubelet's config is kept as the CRI message's JSON.
/// </summary>
public static class StateRecords
{
    public const string SandboxFile = "sandbox.json";
    public const string ContainerFile = "container.json";

    private static readonly JsonSerializerOptions Options = new() { WriteIndented = true };
    private static readonly JsonParser Parser = new(JsonParser.Settings.Default.WithIgnoreUnknownFields(true));

    public static void Save(Sandbox sandbox)
    {
        var record = new SandboxRecord
        {
            Id = sandbox.Id,
            Config = JsonNode.Parse(JsonFormatter.Default.Format(sandbox.Config))!,
            RuntimeHandler = sandbox.Runtime.Handler,
            CgroupParent = sandbox.CgroupParent,
            CreatedAt = sandbox.CreatedAt,
            ImageId = sandbox.ImageId,
            NetNsPath = sandbox.NetNsPath,
            Ip = sandbox.Ip,
            Pid = sandbox.Pid,
            PidStartTime = sandbox.PidStartTime,
            State = sandbox.State.ToString(),
        };
        Write(sandbox, Path.Join(sandbox.Dir, SandboxFile), JsonSerializer.SerializeToUtf8Bytes(record, Options));
    }

    public static void Save(Container container)
    {
        var record = new ContainerRecord
        {
            Id = container.Id,
            SandboxId = container.Sandbox.Id,
            Config = JsonNode.Parse(JsonFormatter.Default.Format(container.Config))!,
            ImageId = container.ImageId,
            LogPath = container.LogPath,
            CreatedAt = container.CreatedAt,
            State = container.State.ToString(),
            Pid = container.Pid,
            PidStartTime = container.PidStartTime,
            ShimPid = container.Shim?.Pid ?? 0,
            ShimStartTime = container.Shim?.StartTime ?? 0,
            StartedAt = container.StartedAt,
            FinishedAt = container.FinishedAt,
            ExitCode = container.ExitCode,
            Reason = container.Reason,
            Message = container.Message,
        };
        Write(container, Path.Join(container.Dir, ContainerFile), JsonSerializer.SerializeToUtf8Bytes(record, Options));
    }

    // One writer per object at a time (an exit watcher and an RPC may save together); a directory removed meanwhile
    // (RemoveContainer, RemovePodSandbox) means there is nothing left to remember.
    private static void Write(object owner, string path, byte[] content)
    {
        lock (owner)
        {
            try { WriteAtomically(path, content); }
            catch (DirectoryNotFoundException) { }
        }
    }

    public static SandboxRecord LoadSandbox(string file) => JsonSerializer.Deserialize<SandboxRecord>(File.ReadAllBytes(file), Options)!;

    public static ContainerRecord LoadContainer(string file) => JsonSerializer.Deserialize<ContainerRecord>(File.ReadAllBytes(file), Options)!;

    public static PodSandboxConfig SandboxConfig(SandboxRecord record) => Parser.Parse<PodSandboxConfig>(record.Config.ToJsonString());

    public static ContainerConfig ContainerConfig(ContainerRecord record) => Parser.Parse<ContainerConfig>(record.Config.ToJsonString());

    /// <summary>
    /// Write to a temporary file, flush it to disk, rename over the old one: a crash leaves the old record or the new
    /// one, never half of one (rename(2) is atomic within a filesystem).
    /// </summary>
    public static void WriteAtomically(string path, byte[] content)
    {
        var temporary = path + ".tmp";
        using (var file = new FileStream(temporary, FileMode.Create, FileAccess.Write))
        {
            file.Write(content);
            file.Flush(flushToDisk: true);
        }
        File.Move(temporary, path, overwrite: true);
    }
}

/// <summary>A sandbox as written to sandbox.json.</summary>
public sealed class SandboxRecord
{
    public required string Id { get; init; }
    public required JsonNode Config { get; init; }
    public required string RuntimeHandler { get; init; }
    public required string CgroupParent { get; init; }
    public required DateTimeOffset CreatedAt { get; init; }
    public string ImageId { get; init; } = "";
    public string? NetNsPath { get; init; }
    public string Ip { get; init; } = "";
    public int Pid { get; init; }
    /// <summary>The pause process's start time (/proc/&lt;pid&gt;/stat field 22): a recycled pid is not our process.</summary>
    public ulong PidStartTime { get; init; }
    public string State { get; init; } = "";
}

/// <summary>A container as written to container.json.</summary>
public sealed class ContainerRecord
{
    public required string Id { get; init; }
    public required string SandboxId { get; init; }
    public required JsonNode Config { get; init; }
    public required string ImageId { get; init; }
    public string? LogPath { get; init; }
    public required DateTimeOffset CreatedAt { get; init; }
    public string State { get; init; } = "";
    public int Pid { get; init; }
    public ulong PidStartTime { get; init; }
    /// <summary>The container's shim, by pid and start time: after a restart we watch it, not init, for the exit.</summary>
    public int ShimPid { get; init; }
    public ulong ShimStartTime { get; init; }
    public DateTimeOffset? StartedAt { get; init; }
    public DateTimeOffset? FinishedAt { get; init; }
    public int ExitCode { get; init; }
    public string Reason { get; init; } = "";
    public string Message { get; init; } = "";
}
