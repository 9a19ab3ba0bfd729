using System.Text;
using System.Text.Json;
using MiniKube.Runc.Cli;
using MiniKube.Runc.Lifecycle;
using MiniKube.Runc.State;

namespace MiniKube.Runc.Commands;

/// <summary>`minirunc list [--format table|json] [--quiet]`: every container under --root.</summary>
internal static class ListCommand
{
    public static readonly Command Definition = new("list", "list [--format table|json] [--quiet]",
        "list the containers under --root", 0, 0, [new("format", TakesValue: true, Alias: "f"), new("quiet", Alias: "q")], Run);

    private static int Run(GlobalOptions global, ParsedArguments args)
    {
        var store = new StateStore(global.Root);
        var states = store.Ids().Select(id => Container.Load(store, id).ToOciState() with { Owner = "root" }).ToList();
        if (args.IsSet("quiet"))
        {
            foreach (var s in states) Console.Out.WriteLine(s.Id);
            return 0;
        }
        switch (args.Value("format") ?? "table")
        {
            case "json":
                Console.Out.WriteLine(JsonSerializer.Serialize(states, MiniruncJsonContext.Default.ListOciState));
                return 0;
            case "table":
                Console.Out.Write(Table(states));
                return 0;
            default:
                throw new RuncException($"invalid format option: {args.Value("format")} (use table or json)");
        }
    }

    private static string Table(List<OciState> states)
    {
        string[] header = ["ID", "PID", "STATUS", "BUNDLE", "CREATED", "OWNER"];
        var rows = states.Select(s => new[] { s.Id, s.Pid.ToString(System.Globalization.CultureInfo.InvariantCulture), s.Status, s.Bundle, s.Created, s.Owner })
            .Prepend(header).ToList();
        var widths = Enumerable.Range(0, header.Length).Select(c => rows.Max(r => r[c].Length)).ToArray();
        var sb = new StringBuilder();
        foreach (var row in rows)
            sb.AppendLine(string.Join("   ", row.Select((cell, c) => cell.PadRight(widths[c]))).TrimEnd());
        return sb.ToString();
    }
}
