using System.CommandLine;
using System.Text;
using System.Text.RegularExpressions;
using MiniKube.Cli.Client;
using MiniKube.Cri.V1;

namespace MiniKube.Cli.Commands.Crictl;

/// <summary>
/// <c>crictl pods</c>: the pod sandboxes (ListPodSandbox), newest first: POD ID, CREATED, STATE, NAME, NAMESPACE,
/// ATTEMPT, RUNTIME. <c>--name</c> and <c>--namespace</c> are regular expressions, as in crictl.
/// Concept: https://kubernetes.io/docs/concepts/workloads/pods/
/// </summary>
public static class ListPodSandboxCommand
{
    public static Command Create(GlobalOptions globals)
    {
        var id = new Option<string?>("--id") { Description = "filter by pod id" };
        var name = new Option<string?>("--name") { Description = "filter by pod name regular expression pattern" };
        var ns = new Option<string?>("--namespace") { Description = "filter by pod namespace regular expression pattern" };
        var state = new Option<string?>("--state", "-s") { Description = "filter by pod state (ready, notready)" };
        var labels = new Option<string[]>("--label") { Description = "filter by key=value label", AllowMultipleArgumentsPerToken = false };
        var quiet = new Option<bool>("--quiet", "-q") { Description = "list only pod IDs" };
        var noTrunc = new Option<bool>("--no-trunc") { Description = "Show output without truncating the ID" };
        var latest = new Option<bool>("--latest", "-l") { Description = "Show the most recently created pod" };
        var last = new Option<int>("--last", "-n") { Description = "Show last n recently created pods. Set 0 for unlimited" };
        var output = new Option<string>("--output", "-o") { Description = "Output format, One of: json|yaml|table", DefaultValueFactory = _ => "table" };
        var command = new Command("pods", "List pods") { id, name, ns, state, labels, quiet, noTrunc, latest, last, output };
        CrictlCommand.SetAction(command, globals, async (cri, parse, cancellationToken) =>
        {
            var filter = new PodSandboxFilter { Id = parse.GetValue(id) ?? "" };
            filter.LabelSelector.Add(CriOutput.Labels(parse.GetValue(labels) ?? []));
            if (parse.GetValue(state) is { } s)
            {
                filter.State = new PodSandboxStateValue
                {
                    State = s.ToLowerInvariant() switch
                    {
                        "ready" => PodSandboxState.SandboxReady,
                        "notready" => PodSandboxState.SandboxNotready,
                        _ => throw new CliException($"--state should be ready or notready"),
                    },
                };
            }
            var items = (await cri.Runtime.ListPodSandboxAsync(new ListPodSandboxRequest { Filter = filter }, cancellationToken: cancellationToken)).Items
                .Where(p => Matches(parse.GetValue(name), p.Metadata?.Name) && Matches(parse.GetValue(ns), p.Metadata?.Namespace))
                .OrderByDescending(p => p.CreatedAt).ToList();
            var count = parse.GetValue(latest) ? 1 : parse.GetValue(last);
            if (count > 0) items = [.. items.Take(count)];
            if (parse.GetValue(output) is "json" or "yaml")
            {
                await Console.Out.WriteAsync(CriOutput.Format(CriOutput.ToJson(new ListPodSandboxResponse { Items = { items } }), parse.GetValue(output)!));
                return 0;
            }
            var trunc = !parse.GetValue(noTrunc);
            if (parse.GetValue(quiet))
            {
                foreach (var pod in items) await Console.Out.WriteLineAsync(pod.Id);
                return 0;
            }
            var text = new StringBuilder("POD ID\tCREATED\tSTATE\tNAME\tNAMESPACE\tATTEMPT\tRUNTIME\n");
            foreach (var pod in items)
            {
                text.Append($"{CriOutput.Truncate(pod.Id, !trunc)}\t{CriOutput.Ago(pod.CreatedAt)}\t{CriOutput.State(pod.State)}\t{pod.Metadata?.Name}\t" +
                    $"{pod.Metadata?.Namespace}\t{pod.Metadata?.Attempt}\t{(pod.RuntimeHandler is { Length: > 0 } h ? h : "(default)")}\n");
            }
            await Console.Out.WriteAsync(CriOutput.Table().Format(text.ToString().TrimEnd('\n')) + "\n");
            return 0;
        });
        return command;
    }

    private static bool Matches(string? pattern, string? value) =>
        string.IsNullOrEmpty(pattern) || Regex.IsMatch(value ?? "", pattern, RegexOptions.None, TimeSpan.FromSeconds(1));
}
