using MiniKube.Runc.Init;
using MiniKube.Runc.Namespaces;
using MiniKube.Runc.Rootfs;

namespace MiniKube.Runc.Spec;

/// <summary>
/// Checks a config.json before anything is created and reports every problem at once, each with the field's path
/// ("linux.namespaces[2].type: unknown namespace type \"foo\""). Unknown fields were already ignored by the JSON
/// reader; this refuses values minirunc cannot honour, or that would be unsafe.
/// </summary>
internal static class SpecValidator
{
    public static List<string> Validate(RuntimeSpec spec, string bundle, string rootfs)
    {
        var errors = new List<string>();
        if (string.IsNullOrEmpty(spec.OciVersion)) errors.Add("ociVersion: Required value");

        ValidateRoot(spec, rootfs, errors);
        ValidateProcess(spec.Process, "process", errors);
        var namespaces = ValidateNamespaces(spec, errors);
        ValidateMounts(spec, bundle, rootfs, errors);

        if (!string.IsNullOrEmpty(spec.Hostname) && !namespaces.Contains("uts"))
            errors.Add("hostname: set, but the container has no new uts namespace (add {\"type\":\"uts\"} to linux.namespaces)");

        var linux = spec.Linux;
        if (linux?.UidMappings is { Count: > 0 } || linux?.GidMappings is { Count: > 0 })
            errors.Add("linux.uidMappings: user namespaces are not supported by minirunc");
        if (linux?.TimeOffsets is { Count: > 0 })
            errors.Add("linux.timeOffsets: not supported by minirunc");
        foreach (var (field, list) in new[] { ("maskedPaths", linux?.MaskedPaths), ("readonlyPaths", linux?.ReadonlyPaths) })
        {
            for (var i = 0; i < (list?.Count ?? 0); i++)
                if (!list![i].StartsWith('/')) errors.Add($"linux.{field}[{i}]: must be an absolute path, got \"{list[i]}\"");
        }
        if (linux?.RootfsPropagation is { Length: > 0 } p && MountOptions.PropagationFlag(p) is null)
            errors.Add($"linux.rootfsPropagation: unknown value \"{p}\" (use private, rprivate, slave, rslave, shared or rshared)");
        if (linux?.CgroupsPath is { } cg && cg.Split('/').Contains(".."))
            errors.Add($"linux.cgroupsPath: \"{cg}\" must not contain \"..\"");
        for (var i = 0; i < (linux?.Devices?.Count ?? 0); i++)
        {
            var d = linux!.Devices![i];
            if (d.Type is not ("c" or "b" or "u" or "p")) errors.Add($"linux.devices[{i}].type: unknown device type \"{d.Type}\" (use c, b, u or p)");
            if (!d.Path.StartsWith("/dev/", StringComparison.Ordinal)) errors.Add($"linux.devices[{i}].path: must be under /dev, got \"{d.Path}\"");
        }
        foreach (var key in linux?.Sysctl?.Keys ?? Enumerable.Empty<string>())
        {
            if (SysctlNamespace(key) is not { } ns)
                errors.Add($"linux.sysctl: \"{key}\" is not a namespaced sysctl; setting it would change the whole host");
            else if (!namespaces.Contains(ns))
                errors.Add($"linux.sysctl: \"{key}\" needs a new {ns} namespace");
        }
        if (linux?.Resources?.Memory is { Limit: { } limit, Swap: { } swap } && limit > 0 && swap > 0 && swap < limit)
            errors.Add($"linux.resources.memory.swap: {swap} is below the memory limit {limit} (swap counts memory+swap)");
        if (linux?.Resources?.Memory is { Limit: { } l } && l is 0 or < -1)
            errors.Add($"linux.resources.memory.limit: {l} is not a limit (give bytes, or -1 for none)");
        return errors;
    }

    private static void ValidateRoot(RuntimeSpec spec, string rootfs, List<string> errors)
    {
        if (spec.Root is not { Path.Length: > 0 }) errors.Add("root.path: Required value");
        else if (!Directory.Exists(rootfs)) errors.Add($"root.path: rootfs directory {rootfs} does not exist");
    }

    /// <summary>Checks a process (config.json's, or a process.json given to exec).</summary>
    public static void ValidateProcess(Process? process, string field, List<string> errors)
    {
        if (process is null)
        {
            errors.Add($"{field}: Required value (the container needs a process to run)");
            return;
        }
        if (process.Args is not { Count: > 0 }) errors.Add($"{field}.args: Required value");
        if (process.Cwd is { } cwd && !cwd.StartsWith('/')) errors.Add($"{field}.cwd: must be an absolute path, got \"{cwd}\"");
        foreach (var (set, names) in new[]
                 {
                     ("bounding", process.Capabilities?.Bounding), ("effective", process.Capabilities?.Effective),
                     ("inheritable", process.Capabilities?.Inheritable), ("permitted", process.Capabilities?.Permitted),
                     ("ambient", process.Capabilities?.Ambient),
                 })
        {
            foreach (var name in names ?? [])
                if (!Capabilities.IsKnown(name)) errors.Add($"{field}.capabilities.{set}: unknown capability \"{name}\"");
        }
        for (var i = 0; i < (process.Rlimits?.Count ?? 0); i++)
        {
            var r = process.Rlimits![i];
            if (!Rlimits.Resources.ContainsKey(r.Type)) errors.Add($"{field}.rlimits[{i}].type: unknown rlimit \"{r.Type}\"");
            if (r.Soft > r.Hard) errors.Add($"{field}.rlimits[{i}]: soft limit {r.Soft} is above the hard limit {r.Hard}");
        }
        if (process.OomScoreAdj is < -1000 or > 1000) errors.Add($"{field}.oomScoreAdj: {process.OomScoreAdj} is outside -1000..1000");
        foreach (var e in process.Env ?? [])
            if (!e.Contains('=', StringComparison.Ordinal)) errors.Add($"{field}.env: \"{e}\" is not NAME=value");
    }

    private static HashSet<string> ValidateNamespaces(RuntimeSpec spec, List<string> errors)
    {
        var seen = new HashSet<string>();
        var list = spec.Linux?.Namespaces ?? [];
        for (var i = 0; i < list.Count; i++)
        {
            var ns = list[i];
            var type = NamespaceType.Find(ns.Type);
            if (type is null)
            {
                errors.Add($"linux.namespaces[{i}].type: unknown namespace type \"{ns.Type}\" " +
                           $"(known: {string.Join(", ", NamespaceType.All.Select(n => n.Type))})");
                continue;
            }
            if (!seen.Add(ns.Type)) errors.Add($"linux.namespaces[{i}].type: \"{ns.Type}\" is listed twice");
            if (type == NamespaceType.User) errors.Add($"linux.namespaces[{i}]: user namespaces are not supported by minirunc");
            if (type == NamespaceType.Mount && !string.IsNullOrEmpty(ns.Path))
                errors.Add($"linux.namespaces[{i}].path: joining an existing mount namespace is not supported (minirunc builds the rootfs in a new one)");
            if (!string.IsNullOrEmpty(ns.Path) && !File.Exists(ns.Path))
                errors.Add($"linux.namespaces[{i}].path: {ns.Path} does not exist");
        }
        if (!seen.Contains("mount")) errors.Add("linux.namespaces: a new mount namespace is required (minirunc pivots into the rootfs inside it)");
        return seen;
    }

    private static void ValidateMounts(RuntimeSpec spec, string bundle, string rootfs, List<string> errors)
    {
        var mounts = spec.Mounts ?? [];
        for (var i = 0; i < mounts.Count; i++)
        {
            var m = mounts[i];
            if (!m.Destination.StartsWith('/'))
            {
                errors.Add($"mounts[{i}].destination: must be an absolute path, got \"{m.Destination}\"");
                continue;
            }
            if (Directory.Exists(rootfs))
            {
                try { SecurePath.Resolve(rootfs, m.Destination); }
                catch (SecurePathException ex) { errors.Add($"mounts[{i}].destination: {ex.Message}"); }
            }
            var bind = m.Type == "bind" || MountOptions.Parse(m.Options).IsBind;
            if (!bind && string.IsNullOrEmpty(m.Type)) errors.Add($"mounts[{i}].type: Required value (or add the \"bind\" option)");
            if (bind)
            {
                if (string.IsNullOrEmpty(m.Source)) errors.Add($"mounts[{i}].source: Required value for a bind mount");
                else
                {
                    var source = Path.IsPathRooted(m.Source) ? m.Source : Path.Join(bundle, m.Source);
                    if (!Path.Exists(source)) errors.Add($"mounts[{i}].source: {source} does not exist");
                }
            }
        }
    }

    /// <summary>Which namespace a sysctl belongs to, or null for a host-wide one.</summary>
    private static string? SysctlNamespace(string key)
    {
        if (key.StartsWith("net.", StringComparison.Ordinal)) return "network";
        if (key.StartsWith("fs.mqueue.", StringComparison.Ordinal)) return "ipc";
        if (key is "kernel.msgmax" or "kernel.msgmnb" or "kernel.msgmni" or "kernel.sem" or "kernel.shmall" or "kernel.shmmax" or "kernel.shmmni" or "kernel.shm_rmid_forced")
            return "ipc";
        if (key is "kernel.hostname" or "kernel.domainname") return "uts";
        return null;
    }
}
