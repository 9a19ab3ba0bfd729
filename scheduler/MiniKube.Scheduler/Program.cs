using System.CommandLine;
using Microsoft.Extensions.Logging;
using MiniKube.ApiMachinery.Flags;
using MiniKube.Scheduler;
using MiniKube.Scheduler.Config;

// minikube-scheduler: flags carry kube-scheduler's names and defaults; the rest is in the --config file.
var kubeconfig = new Option<string?>("--kubeconfig") { Description = "Path to a kubeconfig file with the server address and this component's credential." };
var config = new Option<string?>("--config") { Description = "The path to the KubeSchedulerConfiguration file (kubescheduler.config.k8s.io/v1). Flags override the values in this file." };
var leaderElect = new Option<bool?>("--leader-elect")
{
    Description = "Start a leader election client and gain leadership before executing the main loop. Enable this when running replicated components for high availability. (default true)",
};
var leaseDuration = new Option<string?>("--leader-elect-lease-duration") { Description = "How long a non-leader waits after observing a renewal before it may take over. Longer = fewer false take-overs, slower fail-over. (default 15s)" };
var renewDeadline = new Option<string?>("--leader-elect-renew-deadline") { Description = "How long the leader keeps retrying a renewal before it gives up leading. (default 10s)" };
var retryPeriod = new Option<string?>("--leader-elect-retry-period") { Description = "How long clients wait between attempts to acquire or renew leadership. (default 2s)" };
var leaseNamespace = new Option<string?>("--leader-elect-resource-namespace") { Description = "The namespace of the Lease used for leader election. (default kube-system)" };
var leaseName = new Option<string?>("--leader-elect-resource-name") { Description = "The name of the Lease used for leader election. (default kube-scheduler)" };
var verbosity = new Option<int>("--v", "-v") { Description = "Log level: 0-3 Information, 4 and above Debug (per-pod scheduling chatter).", DefaultValueFactory = _ => 2 };

var root = new RootCommand("minikube-scheduler: assigns pending pods to nodes (filter, score, bind), like kube-scheduler")
{
    kubeconfig, config, leaderElect, leaseDuration, renewDeadline, retryPeriod, leaseNamespace, leaseName, verbosity,
};
root.SetAction(async (parse, cancellationToken) =>
{
    var problems = new List<string>();
    KubeSchedulerConfiguration? configuration = new();
    if (parse.GetValue(config) is { } path)
    {
        if (!File.Exists(path)) problems.Add($"--config: file \"{path}\" does not exist");
        else configuration = ConfigLoader.Parse(await File.ReadAllTextAsync(path, cancellationToken), path, problems);
    }
    configuration ??= new KubeSchedulerConfiguration();
    configuration.LeaderElection ??= new LeaderElectionConfiguration();
    var le = configuration.LeaderElection;
    // Flags given on the command line win over the file, as kube-scheduler's leader election flags do.
    if (parse.GetValue(leaderElect) is { } elect) le.LeaderElect = elect;
    foreach (var (option, set) in new (Option<string?>, Action<string>)[]
    {
        (leaseDuration, v => le.LeaseDuration = v), (renewDeadline, v => le.RenewDeadline = v), (retryPeriod, v => le.RetryPeriod = v),
    })
    {
        if (parse.GetValue(option) is not { } text) continue;
        if (!Durations.TryParse(text, out _)) problems.Add($"{option.Name}: \"{text}\" is not a duration like 15s or 1m");
        else set(text);
    }
    if (parse.GetValue(leaseNamespace) is { } ns) le.ResourceNamespace = ns;
    if (parse.GetValue(leaseName) is { } name) le.ResourceName = name;
    ConfigDefaults.Apply(configuration);
    var options = new SchedulerOptions
    {
        Kubeconfig = parse.GetValue(kubeconfig) ?? configuration.ClientConnection?.Kubeconfig,
        Configuration = configuration,
        Verbosity = parse.GetValue(verbosity),
    };

    using var loggerFactory = LoggerFactory.Create(logging =>
    {
        logging.AddSimpleConsole(o =>
        {
            o.SingleLine = true;
            o.TimestampFormat = "HH:mm:ss.fff ";
        });
        logging.SetMinimumLevel(options.Verbosity >= 4 ? LogLevel.Debug : LogLevel.Information);
    });
    // Validate everything (flags, file, every profile's plugins) before connecting, and report every problem.
    problems.AddRange(Scheduler.Validate(configuration, null, loggerFactory, out _));
    if (problems.Count > 0)
    {
        foreach (var problem in problems) await Console.Error.WriteLineAsync($"Error: {problem}");
        return 1;
    }
    return await new Scheduler(options, loggerFactory).RunAsync(cancellationToken);
});
return await root.Parse(args).InvokeAsync(cancellationToken: CancellationToken.None);
