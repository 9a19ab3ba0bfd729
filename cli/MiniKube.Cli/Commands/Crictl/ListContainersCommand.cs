using System.CommandLine;
using System.Text;
using System.Text.RegularExpressions;
using MiniKube.Cli.Client;
using MiniKube.Cri.V1;

namespace MiniKube.Cli.Commands.Crictl;

/// <summary>
/// <c>crictl ps</c>: the containers (ListContainers), newest first, only running ones unless <c>-a</c>: CONTAINER,
/// IMAGE, CREATED, STATE, NAME, ATTEMPT, POD ID, POD. <c>--name</c> is a regular expression, as in crictl.
/// Concept: https://kubernetes.io/docs/concepts/workloads/pods/pod-lifecycle/#container-states
/// </summary>
public static class ListContainersCommand
{
    public static Command Create(GlobalOptions globals)
    {
        var all = new Option<bool>("--all", "-a") { Description = "Show all containers" };
        var id = new Option<string?>("--id") { Description = "Filter by container id" };
        var name = new Option<string?>("--name") { Description = "filter by container name regular expression pattern" };
        var pod = new Option<string?>("--pod", "-p") { Description = "Filter by pod id" };
        var image = new Option<string?>("--image") { Description = "Filter by container image" };
        var state = new Option<string?>("--state", "-s") { Description = "Filter by container state (created, running, exited, unknown)" };
        var labels = new Option<string[]>("--label") { Description = "Filter by key=value label" };
        var quiet = new Option<bool>("--quiet", "-q") { Description = "Only display container IDs" };
        var noTrunc = new Option<bool>("--no-trunc") { Description = "Show output without truncating the ID" };
        var latest = new Option<bool>("--latest", "-l") { Description = "Show the most recently created container (includes all states)" };
        var last = new Option<int>("--last", "-n") { Description = "Show last n recently created containers (includes all states). Set 0 for unlimited." };
        var output = new Option<string>("--output", "-o") { Description = "Output format, One of: json|yaml|table", DefaultValueFactory = _ => "table" };
        var command = new Command("ps", "List containers") { all, id, name, pod, image, state, labels, quiet, noTrunc, latest, last, output };
        CrictlCommand.SetAction(command, globals, async (cri, parse, cancellationToken) =>
        {
            var filter = new ContainerFilter { Id = parse.GetValue(id) ?? "", PodSandboxId = parse.GetValue(pod) ?? "" };
            filter.LabelSelector.Add(CriOutput.Labels(parse.GetValue(labels) ?? []));
            var count = parse.GetValue(latest) ? 1 : parse.GetValue(last);
            if (parse.GetValue(state) is { } s)
            {
                filter.State = new ContainerStateValue
                {
                    State = s.ToLowerInvariant() switch
                    {
                        "created" => ContainerState.ContainerCreated,
                        "running" => ContainerState.ContainerRunning,
                        "exited" => ContainerState.ContainerExited,
                        "unknown" => ContainerState.ContainerUnknown,
                        _ => throw new CliException($"--state should be one of created, running, exited or unknown"),
                    },
                };
            }
            // crictl's default: running containers only; -a, -l and -n show every state.
            else if (!parse.GetValue(all) && count == 0) filter.State = new ContainerStateValue { State = ContainerState.ContainerRunning };

            var containers = (await cri.Runtime.ListContainersAsync(new ListContainersRequest { Filter = filter }, cancellationToken: cancellationToken)).Containers
                .Where(c => string.IsNullOrEmpty(parse.GetValue(name)) || Regex.IsMatch(c.Metadata?.Name ?? "", parse.GetValue(name)!, RegexOptions.None, TimeSpan.FromSeconds(1)))
                .Where(c => string.IsNullOrEmpty(parse.GetValue(image)) || c.Image?.Image == parse.GetValue(image) || c.ImageRef == parse.GetValue(image))
                .OrderByDescending(c => c.CreatedAt).ToList();
            if (count > 0) containers = [.. containers.Take(count)];
            if (parse.GetValue(output) is "json" or "yaml")
            {
                await Console.Out.WriteAsync(CriOutput.Format(CriOutput.ToJson(new ListContainersResponse { Containers = { containers } }), parse.GetValue(output)!));
                return 0;
            }
            if (parse.GetValue(quiet))
            {
                foreach (var container in containers) await Console.Out.WriteLineAsync(container.Id);
                return 0;
            }
            // The POD column needs the sandboxes' names: one more list call.
            var pods = (await cri.Runtime.ListPodSandboxAsync(new ListPodSandboxRequest(), cancellationToken: cancellationToken)).Items
                .ToDictionary(p => p.Id, p => p.Metadata?.Name ?? "");
            var noTruncate = parse.GetValue(noTrunc);
            var text = new StringBuilder("CONTAINER\tIMAGE\tCREATED\tSTATE\tNAME\tATTEMPT\tPOD ID\tPOD\n");
            foreach (var c in containers)
            {
                var imageName = c.Image?.Image ?? "";
                if (imageName.StartsWith("sha256:", StringComparison.Ordinal)) imageName = CriOutput.Truncate(imageName, noTruncate);
                text.Append($"{CriOutput.Truncate(c.Id, noTruncate)}\t{imageName}\t{CriOutput.Ago(c.CreatedAt)}\t{CriOutput.State(c.State)}\t{c.Metadata?.Name}\t" +
                    $"{c.Metadata?.Attempt}\t{CriOutput.Truncate(c.PodSandboxId, noTruncate)}\t{pods.GetValueOrDefault(c.PodSandboxId, "unknown")}\n");
            }
            await Console.Out.WriteAsync(CriOutput.Table().Format(text.ToString().TrimEnd('\n')) + "\n");
            return 0;
        });
        return command;
    }
}
