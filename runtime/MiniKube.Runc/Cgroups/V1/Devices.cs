using System.Globalization;
using MiniKube.Runc.Spec;

namespace MiniKube.Runc.Cgroups.V1;

/// <summary>
/// cgroup v1 "devices" controller: which device nodes the container may read, write or mknod ("rwm"), by type
/// (c = character, b = block, a = all) and major:minor number. Creating /dev/sda inside a container does not give
/// access to the disk if the cgroup denies 8:0.
/// Concept: https://docs.kernel.org/admin-guide/cgroup-v1/devices.html
/// </summary>
internal static class Devices
{
    /// <summary>
    /// The devices every container may use whatever config.json says: the nodes Rootfs/Devices.cs creates in /dev
    /// plus /dev/pts/*, /dev/ptmx and /dev/net/tun, and mknod of any node (opening it is still checked). These are
    /// the devices runc allows by default.
    /// </summary>
    public static readonly string[] AlwaysAllowed =
    [
        "c *:* m", "b *:* m",
        "c 1:3 rwm", "c 1:5 rwm", "c 1:7 rwm", "c 1:8 rwm", "c 1:9 rwm",   // null, zero, full, random, urandom
        "c 5:0 rwm", "c 5:1 rwm", "c 5:2 rwm", "c 136:* rwm",            // tty, console, ptmx, pts/*
        "c 10:200 rwm",                                                   // net/tun
    ];

    public static void Apply(CgroupDirectory dir, List<LinuxDeviceCgroup>? rules)
    {
        if (rules is null) return;
        foreach (var rule in rules)
            dir.WriteFile(rule.Allow ? "devices.allow" : "devices.deny", Format(rule));
        // Only worth adding when the rules started from "deny all"; allowing what is already allowed is harmless.
        foreach (var entry in AlwaysAllowed) dir.WriteFile("devices.allow", entry);
    }

    /// <summary>"c 1:3 rwm"; a missing type is "a", a missing major or minor is "*".</summary>
    public static string Format(LinuxDeviceCgroup rule)
    {
        var type = string.IsNullOrEmpty(rule.Type) ? "a" : rule.Type;
        var major = rule.Major is { } ma and >= 0 ? ma.ToString(CultureInfo.InvariantCulture) : "*";
        var minor = rule.Minor is { } mi and >= 0 ? mi.ToString(CultureInfo.InvariantCulture) : "*";
        var access = string.IsNullOrEmpty(rule.Access) ? "rwm" : rule.Access;
        return type == "a" ? $"a *:* {access}" : $"{type} {major}:{minor} {access}";
    }
}
