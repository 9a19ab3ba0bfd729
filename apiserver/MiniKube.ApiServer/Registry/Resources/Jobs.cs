using k8s;
using k8s.Models;
using static MiniKube.ApiServer.Registry.TableColumn;

namespace MiniKube.ApiServer.Registry.Resources;

/// <summary>
/// Jobs: run Pods to completion (completions, parallelism, backoffLimit).
/// Concept: https://kubernetes.io/docs/concepts/workloads/controllers/job/
/// </summary>
public static class Jobs
{
    public static ResourceDefinition Definition { get; } = new()
    {
        Group = "batch",
        Kind = "Job",
        Plural = "jobs",
        Namespaced = true,
        ModelType = typeof(V1Job),
        ListModelType = typeof(V1JobList),
        Categories = ["all"],
        Subresources = ["status"],
        // Upstream generates the selector from the Job's uid when manualSelector is unset, so it is optional here.
        Strategy = new WorkloadStrategy<V1Job>(j => j.Spec?.Selector, j => j.Spec?.Template, j => j.Spec?.Parallelism, selectorRequired: false,
            defaults: j =>
            {
                if (j.Spec is not { } spec) return;
                spec.Completions ??= spec.Parallelism is null ? 1 : null;
                spec.Parallelism ??= 1;
                spec.BackoffLimit ??= 6;
                spec.CompletionMode ??= "NonIndexed";
                spec.Suspend ??= false;
                if (spec.Template?.Spec is { } pod && pod.RestartPolicy is null) pod.RestartPolicy = "Never";
            }),
        Columns =
        [
            NameColumn(),
            Text("Status", "Status of the job.", For<V1Job>(JobStatus)),
            Text("Completions", "The desired number of successfully finished pods the job should be run with.",
                For<V1Job>(j => $"{j.Status?.Succeeded ?? 0}/{j.Spec?.Completions ?? 1}")),
            Text("Duration", "Time required to complete the job.", For<V1Job>(Duration)),
            AgeColumn(),
            WorkloadColumns.Containers<V1Job>(j => j.Spec?.Template),
            WorkloadColumns.Images<V1Job>(j => j.Spec?.Template),
            WorkloadColumns.Selector<V1Job>(j => j.Spec?.Selector),
        ],
        SelectableFields = new Dictionary<string, Func<IKubernetesObject<V1ObjectMeta>, string?>>
        {
            ["status.successful"] = o => ((o as V1Job)?.Status?.Succeeded ?? 0).ToString(System.Globalization.CultureInfo.InvariantCulture),
        },
    };

    private static string JobStatus(V1Job job)
    {
        var conditions = job.Status?.Conditions ?? [];
        if (conditions.Any(c => c.Type == "Complete" && c.Status == "True")) return "Complete";
        if (conditions.Any(c => c.Type == "Failed" && c.Status == "True")) return "Failed";
        if (job.Metadata.DeletionTimestamp is not null) return "Terminating";
        if (job.Spec?.Suspend == true) return "Suspended";
        return "Running";
    }

    private static string Duration(V1Job job)
    {
        if (job.Status?.StartTime is not { } start) return "";
        var end = job.Status.CompletionTime ?? DateTime.UtcNow;
        return HumanDuration.Format(end.ToUniversalTime() - start.ToUniversalTime());
    }
}
