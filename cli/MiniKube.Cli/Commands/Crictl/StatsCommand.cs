using System.CommandLine;
using System.Globalization;
using System.Text;
using Grpc.Core;
using MiniKube.Cri.V1;

namespace MiniKube.Cli.Commands.Crictl;

/// <summary>
/// <c>crictl stats</c>: each container's resource usage (ListContainerStats): CONTAINER, NAME, CPU %, MEM, DISK, INODES.
/// CPU % needs two samples, so like crictl it asks twice, a second apart.
/// Concept: https://kubernetes.io/docs/concepts/cluster-administration/system-metrics/
/// </summary>
public static class StatsCommand
{
    public static Command Create(GlobalOptions globals)
    {
        var ids = new Argument<string?>("ID") { Arity = ArgumentArity.ZeroOrOne, Description = "Only this container." };
        var all = new Option<bool>("--all", "-a") { Description = "Show all containers (default shows just running)" };
        var pod = new Option<string?>("--pod", "-p") { Description = "Filter by pod id" };
        var labels = new Option<string[]>("--label") { Description = "Filter by key=value label" };
        var output = new Option<string>("--output", "-o") { Description = "Output format, One of: json|yaml|table", DefaultValueFactory = _ => "table" };
        var command = new Command("stats", "List container(s) resource usage statistics") { ids, all, pod, labels, output };
        CrictlCommand.SetAction(command, globals, async (cri, parse, cancellationToken) =>
        {
            var filter = new ContainerStatsFilter { Id = parse.GetValue(ids) ?? "", PodSandboxId = parse.GetValue(pod) ?? "" };
            filter.LabelSelector.Add(CriOutput.Labels(parse.GetValue(labels) ?? []));
            var request = new ListContainerStatsRequest { Filter = filter };
            try
            {
                var first = await cri.Runtime.ListContainerStatsAsync(request, cancellationToken: cancellationToken);
                if (parse.GetValue(output) is "json" or "yaml")
                {
                    await Console.Out.WriteAsync(CriOutput.Format(CriOutput.ToJson(first), parse.GetValue(output)!));
                    return 0;
                }
                await Task.Delay(TimeSpan.FromSeconds(1), cancellationToken);
                var second = await cri.Runtime.ListContainerStatsAsync(request, cancellationToken: cancellationToken);
                var before = first.Stats.ToDictionary(s => s.Attributes.Id);
                var text = new StringBuilder("CONTAINER\tNAME\tCPU %\tMEM\tDISK\tINODES\n");
                foreach (var s in second.Stats)
                {
                    var cpu = 0.0;
                    if (before.TryGetValue(s.Attributes.Id, out var b) && s.Cpu?.Timestamp > b.Cpu?.Timestamp)
                        cpu = (double)(s.Cpu.UsageCoreNanoSeconds.Value - b.Cpu!.UsageCoreNanoSeconds.Value) / (s.Cpu.Timestamp - b.Cpu.Timestamp) * 100;
                    text.Append($"{CriOutput.Truncate(s.Attributes.Id, false)}\t{s.Attributes.Metadata?.Name}\t{cpu.ToString("F2", CultureInfo.InvariantCulture)}\t" +
                        $"{CriOutput.HumanSize(s.Memory?.WorkingSetBytes?.Value ?? 0)}\t{CriOutput.HumanSize(s.WritableLayer?.UsedBytes?.Value ?? 0)}\t{s.WritableLayer?.InodesUsed?.Value ?? 0}\n");
                }
                await Console.Out.WriteAsync(CriOutput.Table().Format(text.ToString().TrimEnd('\n')) + "\n");
            }
            catch (RpcException ex) { throw CrictlCommand.Wrap("failed to list container stats", ex); }
            return 0;
        });
        return command;
    }
}
