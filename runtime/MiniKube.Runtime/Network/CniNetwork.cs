using System.Diagnostics;
using System.Text.Json;
using System.Text.Json.Nodes;
using MiniKube.Cri.V1;

namespace MiniKube.Runtime.Network;

/// <summary>
/// Pod networking through CNI plugins (containerd's go-cni over libcni): the network config list from --cni-conf-dir
/// (the first .conflist/.conf/.json in lexical order), each plugin run from --cni-bin-dir with the CNI environment
/// (CNI_COMMAND, CNI_CONTAINERID, CNI_NETNS, CNI_IFNAME, CNI_ARGS, CNI_PATH) and its config on stdin, the previous
/// plugin's result passed on as prevResult. ADD when the sandbox starts, DEL (in reverse order, with the cached
/// result) when it stops. The loopback plugin brings up `lo` first, as containerd does.
/// Concept: https://kubernetes.io/docs/concepts/extend-kubernetes/compute-storage-net/network-plugins/
/// </summary>
public sealed partial class CniNetwork(RuntimeOptions options, ILogger<CniNetwork> logger)
{
    public const string InterfaceName = "eth0";

    /// <summary>The network config file in use, or null when none is installed yet (NetworkReady false).</summary>
    public string? ConfigFile =>
        Directory.Exists(options.CniConfDir)
            ? Directory.EnumerateFiles(options.CniConfDir).Where(f => Path.GetExtension(f) is ".conflist" or ".conf" or ".json").Order(StringComparer.Ordinal).FirstOrDefault()
            : null;

    /// <summary>Runs ADD for the loopback plugin and every plugin of the list; caches the result in <paramref name="resultFile"/>; returns the pod IP.</summary>
    public async Task<string> SetUpAsync(string sandboxId, string netns, PodSandboxConfig pod, string resultFile, CancellationToken cancellationToken)
    {
        var (name, version, plugins) = LoadConfig();
        await InvokeAsync("ADD", Loopback(version), sandboxId, netns, "lo", pod, cancellationToken);
        JsonNode? result = null;
        foreach (var plugin in plugins)
        {
            var conf = Prepare(plugin, name, version, result, pod);
            result = await InvokeAsync("ADD", conf, sandboxId, netns, InterfaceName, pod, cancellationToken);
        }
        await File.WriteAllTextAsync(resultFile, result?.ToJsonString() ?? "{}", cancellationToken);
        var ip = result?["ips"]?.AsArray().Select(i => i?["address"]?.GetValue<string>()).FirstOrDefault(a => a is not null)?.Split('/')[0] ?? "";
        Log.NetworkSetUp(logger, sandboxId, name, ip);
        return ip;
    }

    /// <summary>Runs DEL for every plugin, last first, and for loopback; tries them all and reports every failure.</summary>
    public async Task TearDownAsync(string sandboxId, string netns, PodSandboxConfig pod, string resultFile, CancellationToken cancellationToken)
    {
        var (name, version, plugins) = LoadConfig();
        var cached = File.Exists(resultFile) ? JsonNode.Parse(await File.ReadAllTextAsync(resultFile, cancellationToken)) : null;
        var errors = new List<string>();
        foreach (var plugin in plugins.AsEnumerable().Reverse())
        {
            try { await InvokeAsync("DEL", Prepare(plugin, name, version, cached, pod), sandboxId, netns, InterfaceName, pod, cancellationToken); }
            catch (CniException ex) { errors.Add(ex.Message); }
        }
        try { await InvokeAsync("DEL", Loopback(version), sandboxId, netns, "lo", pod, cancellationToken); }
        catch (CniException ex) { errors.Add(ex.Message); }
        if (errors.Count > 0) throw new CniException($"failed to destroy network for sandbox {sandboxId}: {string.Join("; ", errors)}");
        File.Delete(resultFile);
        Log.NetworkTornDown(logger, sandboxId, name);
    }

    private (string Name, string Version, List<JsonObject> Plugins) LoadConfig()
    {
        var file = ConfigFile ?? throw new FailedPreconditionException($"cni plugin not initialized: no network config in {options.CniConfDir}");
        var config = JsonNode.Parse(File.ReadAllText(file))?.AsObject() ?? throw new InvalidArgumentException($"{file} is empty");
        var name = config["name"]?.GetValue<string>() ?? throw new InvalidArgumentException($"{file}: the network has no name");
        var version = config["cniVersion"]?.GetValue<string>() ?? "0.4.0";
        // A .conflist holds "plugins"; a single .conf is one plugin.
        var plugins = config["plugins"] is JsonArray list ? list.Select(p => p!.AsObject()).ToList() : [config];
        return (name, version, plugins);
    }

    private static JsonObject Loopback(string version) => new() { ["cniVersion"] = version, ["name"] = "cni-loopback", ["type"] = "loopback" };

    /// <summary>A plugin's stdin: its own config plus the network's name and version, prevResult, and the runtime config it asked for.</summary>
    private static JsonObject Prepare(JsonObject plugin, string name, string version, JsonNode? prevResult, PodSandboxConfig pod)
    {
        var conf = plugin.DeepClone().AsObject();
        conf["name"] = name;
        conf["cniVersion"] = version;
        if (prevResult is not null) conf["prevResult"] = prevResult.DeepClone();
        if (conf["capabilities"]?["portMappings"]?.GetValue<bool>() == true)
        {
            conf["runtimeConfig"] = new JsonObject
            {
                ["portMappings"] = new JsonArray([.. pod.PortMappings.Where(p => p.HostPort > 0).Select(p => (JsonNode)new JsonObject
                {
                    ["hostPort"] = p.HostPort,
                    ["containerPort"] = p.ContainerPort,
                    ["protocol"] = p.Protocol.ToString().ToLowerInvariant(),
                    ["hostIP"] = p.HostIp,
                })]),
            };
        }
        return conf;
    }

    private async Task<JsonNode?> InvokeAsync(string command, JsonObject conf, string sandboxId, string netns, string ifName, PodSandboxConfig pod, CancellationToken cancellationToken)
    {
        var type = conf["type"]?.GetValue<string>() ?? throw new InvalidArgumentException("a CNI plugin config has no type");
        var binary = Path.Join(options.CniBinDir, type);
        if (!File.Exists(binary)) throw new CniException($"failed to find plugin \"{type}\" in path [{options.CniBinDir}]");
        var info = new ProcessStartInfo(binary) { RedirectStandardInput = true, RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        info.Environment["CNI_COMMAND"] = command;
        info.Environment["CNI_CONTAINERID"] = sandboxId;
        info.Environment["CNI_NETNS"] = netns;
        info.Environment["CNI_IFNAME"] = ifName;
        info.Environment["CNI_PATH"] = options.CniBinDir;
        info.Environment["CNI_ARGS"] = $"IgnoreUnknown=1;K8S_POD_NAMESPACE={pod.Metadata?.Namespace};K8S_POD_NAME={pod.Metadata?.Name};" +
                                       $"K8S_POD_INFRA_CONTAINER_ID={sandboxId};K8S_POD_UID={pod.Metadata?.Uid}";
        using var process = Process.Start(info) ?? throw new CniException($"could not start {binary}");
        await process.StandardInput.WriteAsync(conf.ToJsonString());
        process.StandardInput.Close();
        var stdout = process.StandardOutput.ReadToEndAsync(cancellationToken);
        var stderr = process.StandardError.ReadToEndAsync(cancellationToken);
        await process.WaitForExitAsync(cancellationToken);
        var output = await stdout;
        if (process.ExitCode != 0)
        {
            // A failing plugin prints {"code": N, "msg": "...", "details": "..."} on stdout.
            var message = output;
            try { message = JsonNode.Parse(output)?["msg"]?.GetValue<string>() ?? output; }
            catch (JsonException) { message = output.Length > 0 ? output : await stderr; }
            throw new CniException($"plugin type=\"{type}\" name=\"{conf["name"]}\" failed ({command.ToLowerInvariant()}): {message.Trim()}");
        }
        Log.PluginRan(logger, type, command, sandboxId);
        return string.IsNullOrWhiteSpace(output) ? null : JsonNode.Parse(output);
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = 4340, Level = LogLevel.Information, Message = "Set up network {Network} for sandbox {SandboxId}: IP {Ip}")]
        public static partial void NetworkSetUp(ILogger logger, string sandboxId, string network, string ip);

        [LoggerMessage(EventId = 4341, Level = LogLevel.Information, Message = "Tore down network {Network} for sandbox {SandboxId}")]
        public static partial void NetworkTornDown(ILogger logger, string sandboxId, string network);

        [LoggerMessage(EventId = 4342, Level = LogLevel.Debug, Message = "CNI plugin {Plugin} {Command} for sandbox {SandboxId} succeeded")]
        public static partial void PluginRan(ILogger logger, string plugin, string command, string sandboxId);
    }
}

/// <summary>A CNI plugin failed → UNKNOWN with the plugin's message.</summary>
public sealed class CniException(string message) : Exception(message);
