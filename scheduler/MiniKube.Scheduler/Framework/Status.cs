namespace MiniKube.Scheduler.Framework;

/// <summary>
/// The result of running a plugin: a <see cref="StatusCode"/>, the reasons a user sees (e.g. "Insufficient cpu"), and
/// which plugin said so. Plugins return a Status for a node that does not fit; they never throw for it.
/// Concept: https://kubernetes.io/docs/concepts/scheduling-eviction/scheduling-framework/
/// </summary>
public sealed class Status
{
    private static readonly Status SuccessStatus = new(StatusCode.Success, [], null, null);
    private static readonly Status SkipStatus = new(StatusCode.Skip, [], null, null);

    private Status(StatusCode code, IReadOnlyList<string> reasons, string? plugin, Exception? error)
    {
        Code = code;
        Reasons = reasons;
        Plugin = plugin;
        Error = error;
    }

    public StatusCode Code { get; }

    /// <summary>Short reasons, counted per node in the FailedScheduling message ("2 Insufficient cpu").</summary>
    public IReadOnlyList<string> Reasons { get; }

    /// <summary>The plugin that returned this status (the framework fills it in).</summary>
    public string? Plugin { get; }

    public Exception? Error { get; }

    /// <summary>The shared Success status: returning it allocates nothing, which matters on the hot Filter path.</summary>
    public static Status Success => SuccessStatus;

    public static Status Skip => SkipStatus;

    public static Status New(StatusCode code, params string[] reasons) => new(code, reasons, null, null);

    public static Status Unschedulable(params string[] reasons) => new(StatusCode.Unschedulable, reasons, null, null);

    public static Status UnschedulableAndUnresolvable(params string[] reasons) => new(StatusCode.UnschedulableAndUnresolvable, reasons, null, null);

    public static Status AsError(Exception error) => new(StatusCode.Error, [error.Message], null, error);

    public static Status AsError(string message) => new(StatusCode.Error, [message], null, null);

    public bool IsSuccess => Code == StatusCode.Success;

    public bool IsSkip => Code == StatusCode.Skip;

    /// <summary>Unschedulable or UnschedulableAndUnresolvable: the pod does not fit (as opposed to an error).</summary>
    public bool IsRejected => Code is StatusCode.Unschedulable or StatusCode.UnschedulableAndUnresolvable;

    /// <summary>The reasons joined with ", ", as upstream's <c>Status.Message()</c>.</summary>
    public string Message => string.Join(", ", Reasons);

    /// <summary>The same status, labelled with the plugin that returned it.</summary>
    public Status WithPlugin(string plugin) =>
        Plugin == plugin || (IsSuccess && Reasons.Count == 0) ? this : new Status(Code, Reasons, plugin, Error);

    public override string ToString() => Reasons.Count == 0 ? Code.ToString() : $"{Code}: {Message}";
}
