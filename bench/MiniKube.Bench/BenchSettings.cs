namespace MiniKube.Bench;

/// <summary>The sections of a run; <c>--only</c> picks some, the default is all.</summary>
[Flags]
internal enum BenchParts
{
    None = 0,
    /// <summary>minikube-apiserver against raw etcd (create, LIST, watch), on etcd and on sqlite.</summary>
    ApiServer = 1,
    /// <summary>Container start latency: minirunc against runc and crun, with the unshare floor.</summary>
    Runtime = 2,
    /// <summary>minikube-scheduler's throughput on fake nodes (two profiles) and the controller manager's pace.</summary>
    ControlPlane = 4,
    /// <summary>The CRI runtime: minikube-runtime's image pull against skopeo and containerd, pod start against containerd.</summary>
    Cri = 8,
    All = ApiServer | Runtime | ControlPlane | Cri,
}

/// <summary>
/// The sizes of one run. The defaults keep a full run (etcd, then sqlite, then the container runtimes) to a few minutes on a 2-core machine;
/// every load loop also stops at its time limit, so a slow machine gives fewer samples rather than a hung run.
/// </summary>
internal sealed record BenchSettings
{
    /// <summary>Pods created in the create benchmark; the LIST benchmark lists this many (topped up if creation stopped at its time limit).</summary>
    public int Pods { get; init; } = 10_000;

    /// <summary>Concurrent clients creating pods (or putting keys), each with its own connection.</summary>
    public int Clients { get; init; } = 32;

    /// <summary>How many times each LIST is timed.</summary>
    public int ListRepeats { get; init; } = 20;

    public int Watchers { get; init; } = 100;

    /// <summary>Objects written one at a time while the watchers watch.</summary>
    public int WatchWrites { get; init; } = 200;

    /// <summary>
    /// Pause between two watched writes. Writes are spaced so that we measure how long one event takes to reach every
    /// watcher, not how long a backlog of events takes to drain.
    /// </summary>
    public TimeSpan WatchWritePacing { get; init; } = TimeSpan.FromMilliseconds(20);

    /// <summary>Creates (and puts) before the timed ones, so connections are open and code is JIT-compiled on both sides.</summary>
    public int WarmupOperationsPerClient { get; init; } = 10;

    public TimeSpan CreateTimeLimit { get; init; } = TimeSpan.FromSeconds(90);

    public TimeSpan TopUpTimeLimit { get; init; } = TimeSpan.FromSeconds(120);

    /// <summary>Stops the repeated LISTs early if they take this long in total (a slow Table can take seconds).</summary>
    public TimeSpan ListTimeLimit { get; init; } = TimeSpan.FromSeconds(90);

    public TimeSpan WatchTimeLimit { get; init; } = TimeSpan.FromSeconds(90);

    /// <summary>Limit for one request (a LIST of 10,000 pods is the largest).</summary>
    public TimeSpan RequestTimeout { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>Timed container runs per runtime (and of the unshare floor), alternating between them.</summary>
    public int RuntimeIterations { get; init; } = 50;

    /// <summary>Untimed rounds first (one run of each runtime per round): page cache warm, binaries loaded.</summary>
    public int RuntimeWarmupRounds { get; init; } = 3;

    /// <summary>Limit for one container run (or delete); a runtime that hangs is killed and the run counted as failed.</summary>
    public TimeSpan RuntimeCommandTimeout { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>Fake nodes (kwok-style: Node objects no kubelet backs) the scheduler chooses among.</summary>
    public int SchedulerNodes { get; init; } = 1_000;

    /// <summary>Pending pods created before the scheduler starts, per profile.</summary>
    public int SchedulerPods { get; init; } = 5_000;

    /// <summary>Replicas of the Deployment whose pods the controller manager creates.</summary>
    public int DeploymentReplicas { get; init; } = 1_000;

    /// <summary>Limit for binding every pod of one profile, and for the Deployment's pods to exist.</summary>
    public TimeSpan SchedulingTimeLimit { get; init; } = TimeSpan.FromMinutes(5);

    /// <summary>Timed image pulls per contender (minikube-runtime, skopeo, containerd), alternating.</summary>
    public int CriPullIterations { get; init; } = 20;

    /// <summary>Timed pod starts per contender (minikube-runtime with minirunc and with runc, containerd), alternating.</summary>
    public int CriPodIterations { get; init; } = 30;

    /// <summary>Untimed rounds before the timed ones, for the pulls and for the pod starts.</summary>
    public int CriWarmupRounds { get; init; } = 2;

    /// <summary>The pull rounds, and the pod start rounds, stop here even if not all were run.</summary>
    public TimeSpan CriTimeLimit { get; init; } = TimeSpan.FromMinutes(4);

    /// <summary>Limit for one CRI call (or skopeo copy), and for a CRI server to start serving.</summary>
    public TimeSpan CriCallTimeout { get; init; } = TimeSpan.FromSeconds(60);
}
