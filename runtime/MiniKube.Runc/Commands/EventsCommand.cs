using System.Globalization;
using System.Text.Json;
using MiniKube.Runc.Cgroups;
using MiniKube.Runc.Cli;
using MiniKube.Runc.Lifecycle;
using MiniKube.Runc.State;

namespace MiniKube.Runc.Commands;

/// <summary>
/// `minirunc events [--stats] [--interval 5s] &lt;id&gt;`: resource usage from the container's cgroup, as runc prints it.
/// With --stats, one snapshot; otherwise a line every interval, plus an "oom" event whenever the OOM killer has
/// struck, until the container stops. This is where a high-level runtime learns that a container was OOMKilled, and
/// what `kubectl top` ultimately reads.
/// Concept: https://kubernetes.io/docs/reference/instrumentation/cri-pod-container-metrics/
/// </summary>
internal static class EventsCommand
{
    public static readonly Command Definition = new("events", "events [--stats] [--interval 5s] <container-id>",
        "print the container's resource usage (and OOM events)", 1, 1, [new("stats"), new("interval", TakesValue: true)], Run);

    private static int Run(GlobalOptions global, ParsedArguments args)
    {
        var container = Container.Load(new StateStore(global.Root), args.Positionals[0]);
        var cgroup = container.Cgroup;
        if (args.IsSet("stats"))
        {
            Print(new ContainerEvent("stats", container.State.Id, cgroup.GetStats()));
            return 0;
        }

        var interval = ParseInterval(args.Value("interval") ?? "5s");
        ulong oomKills = cgroup.GetStats().Memory.EventCount.OomKill;
        while (container.Status != "stopped")
        {
            var stats = cgroup.GetStats();
            if (stats.Memory.EventCount.OomKill > oomKills) Print(new ContainerEvent("oom", container.State.Id));
            oomKills = stats.Memory.EventCount.OomKill;
            Print(new ContainerEvent("stats", container.State.Id, stats));
            Thread.Sleep(interval);
        }
        return 0;
    }

    private static void Print(ContainerEvent e) => Console.Out.WriteLine(JsonSerializer.Serialize(e, MiniruncJsonContext.Default.ContainerEvent));

    /// <summary>"5s", "500ms", "1m" (Go duration style, as runc takes it).</summary>
    private static TimeSpan ParseInterval(string text)
    {
        static double Num(string s) => double.Parse(s, CultureInfo.InvariantCulture);
        if (text.EndsWith("ms", StringComparison.Ordinal)) return TimeSpan.FromMilliseconds(Num(text[..^2]));
        if (text.EndsWith('s')) return TimeSpan.FromSeconds(Num(text[..^1]));
        if (text.EndsWith('m')) return TimeSpan.FromMinutes(Num(text[..^1]));
        throw new RuncException($"invalid interval \"{text}\" (use e.g. 5s or 500ms)");
    }
}
