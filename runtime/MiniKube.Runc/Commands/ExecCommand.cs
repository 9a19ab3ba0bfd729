using System.Globalization;
using System.Text.Json;
using MiniKube.Runc.Cli;
using MiniKube.Runc.Init;
using MiniKube.Runc.Lifecycle;
using MiniKube.Runc.Spec;
using MiniKube.Runc.State;

namespace MiniKube.Runc.Commands;

/// <summary>
/// `minirunc exec [--process process.json | options] &lt;id&gt; [command…]`: runs another process inside a running
/// container: the same namespaces and cgroup, its own identity and capabilities. This is what `kubectl exec` and
/// exec probes come down to.
/// Concept: https://kubernetes.io/docs/tasks/debug/debug-application/get-shell-running-container/
/// </summary>
internal static class ExecCommand
{
    public static readonly Command Definition = new("exec", "exec [command options] <container-id> <command> [args...]",
        "run a process inside a running container", 1, int.MaxValue,
        [
            new("process", TakesValue: true, Alias: "p"), new("detach", Alias: "d"), new("pid-file", TakesValue: true),
            new("tty", Alias: "t"), new("console-socket", TakesValue: true), new("cwd", TakesValue: true),
            new("env", TakesValue: true, Alias: "e"), new("user", TakesValue: true, Alias: "u"),
            new("additional-gids", TakesValue: true, Alias: "g"), new("cap", TakesValue: true, Alias: "c"),
            new("no-new-privs"), new("preserve-fds", TakesValue: true), new("process-label", TakesValue: true),
            new("apparmor", TakesValue: true), new("ignore-paused"),
        ], Run);

    private static int Run(GlobalOptions global, ParsedArguments args)
    {
        var store = new StateStore(global.Root);
        var id = args.Positionals[0];
        var container = Container.Load(store, id);
        var process = BuildProcess(store, id, args);
        var errors = new List<string>();
        SpecValidator.ValidateProcess(process, "process", errors);
        if (errors.Count > 0) throw new RuncException($"invalid process for exec: {string.Join("; ", errors)}");

        using var console = process.Terminal && !args.IsSet("detach") && args.Value("console-socket") is null ? ConsoleSocket.Listen() : null;
        var options = new CreateOptions(args.Value("pid-file"), args.IntValue("preserve-fds", 0), args.Value("console-socket") ?? console?.Path);
        var pid = container.Exec(process, options);
        if (args.IsSet("detach")) return 0;
        using var proxy = console is null ? null : new TerminalProxy(console.ReceiveMaster());
        return ExitStatus.ToExitCode(ForegroundWait.ForChild(pid));
    }

    /// <summary>From --process, or from the container's own process in config.json with the command-line overrides.</summary>
    private static Process BuildProcess(StateStore store, string id, ParsedArguments args)
    {
        if (args.Value("process") is { } file)
        {
            try
            {
                return JsonSerializer.Deserialize(File.ReadAllText(file), MiniruncJsonContext.Default.Process)
                       ?? throw new RuncException($"process file {file} is empty");
            }
            catch (Exception ex) when (ex is JsonException or IOException)
            {
                throw new RuncException($"failed to read process file {file}: {ex.Message}", ex);
            }
        }

        if (args.Positionals.Count < 2) throw new RuncException("exec needs a command: exec <container-id> <command> [args...] (or --process FILE)");
        var baseProcess = store.LoadConfig(id).Process ?? new Process();
        var user = baseProcess.User;
        if (args.Value("user") is { } u)
        {
            var parts = u.Split(':');
            user = new User
            {
                Uid = uint.Parse(parts[0], CultureInfo.InvariantCulture),
                Gid = parts.Length > 1 ? uint.Parse(parts[1], CultureInfo.InvariantCulture) : 0,
            };
        }
        if (args.Values("additional-gids").Count > 0)
            user = user with { AdditionalGids = [.. args.Values("additional-gids").Select(g => uint.Parse(g, CultureInfo.InvariantCulture))] };

        var caps = baseProcess.Capabilities;
        if (args.Values("cap").Count > 0)
        {
            List<string> Add(List<string>? set) => [.. (set ?? []).Concat(args.Values("cap")).Distinct()];
            caps = new LinuxCapabilities
            {
                Bounding = Add(caps?.Bounding), Effective = Add(caps?.Effective), Permitted = Add(caps?.Permitted),
                Inheritable = caps?.Inheritable, Ambient = Add(caps?.Ambient),
            };
        }

        return baseProcess with
        {
            Terminal = args.IsSet("tty"),
            Args = [.. args.Positionals.Skip(1)],
            Env = [.. (baseProcess.Env ?? []).Concat(args.Values("env"))],
            Cwd = args.Value("cwd") ?? baseProcess.Cwd,
            User = user,
            Capabilities = caps,
            NoNewPrivileges = baseProcess.NoNewPrivileges || args.IsSet("no-new-privs"),
        };
    }
}
