namespace MiniKube.Runc.Cli;

/// <summary>The flags that come before the command, as runc has them: `minirunc --root DIR --log F --log-format json create …`.</summary>
internal sealed record GlobalOptions(string Root, string? Log, string LogFormat, bool Debug, bool SystemdCgroup)
{
    public static readonly Flag[] Flags =
    [
        new("root", TakesValue: true), new("log", TakesValue: true), new("log-format", TakesValue: true),
        new("debug"), new("systemd-cgroup"), new("rootless", TakesValue: true), new("criu", TakesValue: true),
        new("help", Alias: "h"), new("version", Alias: "v"),
    ];

    public static GlobalOptions From(ParsedArguments parsed)
    {
        var format = parsed.Value("log-format") ?? "text";
        if (format is not ("text" or "json")) throw new RuncException($"invalid log-format: {format} (use text or json)");
        if (parsed.Value("rootless") is "true")
            throw new RuncException("rootless containers are not supported by minirunc; run it as root");
        return new GlobalOptions(parsed.Value("root") ?? State.StateStore.DefaultRoot, parsed.Value("log"), format,
            parsed.IsSet("debug"), parsed.IsSet("systemd-cgroup"));
    }

    /// <summary>Refuses --systemd-cgroup where it would matter (creating cgroups): there is only the cgroupfs driver.</summary>
    public void RefuseSystemdCgroup()
    {
        if (SystemdCgroup)
            throw new RuncException("--systemd-cgroup is not supported: minirunc only has the cgroupfs driver (it writes " +
                                    "/sys/fs/cgroup itself); drop the flag, or set SystemdCgroup = false for this runtime handler");
    }
}
