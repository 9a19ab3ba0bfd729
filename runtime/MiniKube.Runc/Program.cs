using MiniKube.Runc;
using MiniKube.Runc.Cli;
using MiniKube.Runc.Commands;
using MiniKube.Runc.Init;
using MiniKube.Runc.Logging;

// minirunc: a low-level OCI container runtime with runc's command line. See runtime/README.md for the design.
// `minirunc [global options] <command> [command options] <container-id> [arguments]`

// The hidden second stage: minirunc re-executing itself inside the container's namespaces (Init/InitEntry.cs).
if (args is ["init"]) return InitEntry.Run();

Command[] commands =
[
    CreateCommand.Definition, StartCommand.Definition, StateCommand.Definition, KillCommand.Definition,
    DeleteCommand.Definition, ListCommand.Definition, RunCommand.Definition, ExecCommand.Definition,
    EventsCommand.Definition, SpecCommand.Definition,
];

var debug = false;
try
{
    var globalArgs = ParsedArguments.Parse(args, GlobalOptions.Flags, stopAtVerb: true, out var consumed);
    if (globalArgs.IsSet("version"))
    {
        Console.Out.WriteLine("minirunc version 0.1.0\nspec: 1.0.2");
        return 0;
    }
    var global = GlobalOptions.From(globalArgs);
    debug = global.Debug;
    RuncLog.Configure(global.Log, global.LogFormat, global.Debug);

    if (consumed >= args.Length || globalArgs.IsSet("help") || args[consumed] == "help")
    {
        Console.Out.Write(Usage(commands));
        return 0;
    }
    var name = args[consumed];
    var command = commands.FirstOrDefault(c => c.Name == name)
                  ?? throw new RuncException($"No help topic for '{name}' (unknown command; run 'minirunc help')");
    var commandArgs = ParsedArguments.Parse(args[(consumed + 1)..], [.. command.Flags, new Flag("help", Alias: "h")], stopAtVerb: false, out _);
    if (commandArgs.IsSet("help"))
    {
        Console.Out.WriteLine($"usage: minirunc {command.Usage}\n\n{command.Description}\n\noptions:");
        foreach (var f in command.Flags)
            Console.Out.WriteLine($"  --{f.Name}{(f.Alias is null ? "" : $", -{f.Alias}")}{(f.TakesValue ? " value" : "")}");
        return 0;
    }
    var count = commandArgs.Positionals.Count;
    if (count < command.MinArgs || count > command.MaxArgs)
    {
        var expected = command.MinArgs == command.MaxArgs ? $"exactly {command.MinArgs}" : $"at least {command.MinArgs}";
        throw new RuncException($"\"{command.Name}\" requires {expected} argument(s); usage: minirunc {command.Usage}");
    }
    return command.Run(global, commandArgs);
}
catch (Exception ex) when (ex is RuncException || !debug)
{
    RuncLog.Error(ex.Message);
    return 1;
}

static string Usage(IEnumerable<Command> commands) =>
    "minirunc: a small OCI runtime (create containers with namespaces, cgroups and pivot_root)\n\n" +
    "usage: minirunc [--root DIR] [--log FILE] [--log-format text|json] [--debug] <command> [options] <container-id>\n\ncommands:\n" +
    string.Concat(commands.Select(c => $"  {c.Name,-8} {c.Description}\n"));
