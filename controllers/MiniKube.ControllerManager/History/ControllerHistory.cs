using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using k8s;
using k8s.Models;
using MiniKube.ApiMachinery.Errors;
using MiniKube.ControllerManager.Pods;

namespace MiniKube.ControllerManager.History;

/// <summary>
/// Revisions of a StatefulSet's or DaemonSet's pod template kept as ControllerRevision objects (upstream:
/// pkg/controller/history). Each distinct template is stored once, named "&lt;owner&gt;-&lt;hash&gt;", numbered 1, 2, 3…
/// in the order it became current; pods carry the name in their <c>controller-revision-hash</c> label, which is how
/// the controller tells old pods from updated ones, and <c>kubectl rollout history/undo</c> read the same objects.
/// Concept: https://kubernetes.io/docs/reference/kubernetes-api/workload-resources/controller-revision-v1/
/// </summary>
public sealed class ControllerHistory(IKubernetes client)
{
    /// <summary>The label on a revision holding its hash (upstream: <c>ControllerRevisionHashLabel</c>).</summary>
    public const string ControllerRevisionHashLabel = "controller.kubernetes.io/hash";

    /// <summary>The label on a pod naming the revision it was made from (upstream: apps/v1 <c>ControllerRevisionHashLabelKey</c>).</summary>
    public const string PodRevisionLabel = "controller-revision-hash";

    // Upstream's rand.SafeEncodeString alphabet: no vowels (no accidental words) and no look-alikes (0/o, 1/l, 3/e).
    private const string SafeAlphabet = "bcdfghjklmnpqrstvwxz2456789";

    /// <summary>
    /// What a revision stores for a pod template, as upstream's StatefulSet and DaemonSet controllers do: a patch
    /// that replaces the whole template, so applying it to the owner restores that template (<c>rollout undo</c>).
    /// </summary>
    public static JsonObject TemplatePatch(V1PodTemplateSpec template)
    {
        var node = JsonNode.Parse(KubernetesJson.Serialize(template))!.AsObject();
        node["$patch"] = "replace";
        return new JsonObject { ["spec"] = new JsonObject { ["template"] = node } };
    }

    /// <summary>The pod template a revision stores.</summary>
    public static V1PodTemplateSpec TemplateOf(V1ControllerRevision revision)
    {
        var template = DataOf(revision)["spec"]!["template"]!.AsObject();
        template.Remove("$patch");
        return KubernetesJson.Deserialize<V1PodTemplateSpec>(template.ToJsonString());
    }

    /// <summary>FNV-1a (32 bit) of the data and the collision count, spelled with the safe alphabet (upstream: HashControllerRevision).</summary>
    public static string Hash(JsonObject data, int? collisionCount)
    {
        var hash = 2166136261u;
        var bytes = Encoding.UTF8.GetBytes(data.ToJsonString() + (collisionCount is { } c ? c.ToString(CultureInfo.InvariantCulture) : ""));
        foreach (var b in bytes) hash = unchecked((hash ^ b) * 16777619u);
        return string.Concat(hash.ToString(CultureInfo.InvariantCulture).Select(ch => SafeAlphabet[ch % SafeAlphabet.Length]));
    }

    /// <summary>A new revision of <paramref name="owner"/>'s template (not yet stored), labelled like the owner's pods.</summary>
    public static V1ControllerRevision NewControllerRevision(IKubernetesObject<V1ObjectMeta> owner, string apiVersion, string kind,
        V1PodTemplateSpec template, long revision, int? collisionCount)
    {
        var data = TemplatePatch(template);
        var hash = Hash(data, collisionCount);
        var labels = template.Metadata?.Labels is { } l ? new Dictionary<string, string>(l) : [];
        labels[ControllerRevisionHashLabel] = hash;
        return new V1ControllerRevision
        {
            ApiVersion = "apps/v1",
            Kind = "ControllerRevision",
            Metadata = new V1ObjectMeta
            {
                Name = $"{owner.Metadata.Name}-{hash}",
                NamespaceProperty = owner.Metadata.NamespaceProperty,
                Labels = labels,
                OwnerReferences = [ControllerRef.New(owner, apiVersion, kind)],
            },
            Data = data,
            Revision = revision,
        };
    }

    /// <summary>Whether two revisions store the same template (upstream: <c>EqualRevision</c>).</summary>
    public static bool EqualRevision(V1ControllerRevision a, V1ControllerRevision b) => JsonNode.DeepEquals(DataOf(a), DataOf(b));

    /// <summary>
    /// Stores <paramref name="revision"/>. If one with that name exists already and stores the same template, that one
    /// is returned (a cache that had not caught up yet); one with another template is a hash collision.
    /// </summary>
    public async Task<V1ControllerRevision> CreateControllerRevisionAsync(V1ControllerRevision revision, CancellationToken cancellationToken)
    {
        var ns = revision.Metadata.NamespaceProperty;
        try
        {
            return await client.AppsV1.CreateNamespacedControllerRevisionAsync(revision, ns, cancellationToken: cancellationToken);
        }
        catch (Exception ex) when (ApiErrors.IsAlreadyExists(ex))
        {
            var existing = await client.AppsV1.ReadNamespacedControllerRevisionAsync(revision.Metadata.Name, ns, cancellationToken: cancellationToken);
            if (EqualRevision(existing, revision)) return existing;
            // Upstream difference: upstream bumps the owner's status.collisionCount and hashes again; a 32-bit
            // collision between two templates of one owner is rare enough that we report it and retry later.
            throw new InvalidOperationException($"controllerrevision {ns}/{revision.Metadata.Name} exists with a different template (hash collision)", ex);
        }
    }

    /// <summary>Gives an existing revision a new number: a template that comes back (rollback) becomes the newest revision.</summary>
    public async Task<V1ControllerRevision> UpdateControllerRevisionAsync(V1ControllerRevision revision, long newRevision, CancellationToken cancellationToken)
    {
        var patch = new V1Patch($$"""{"revision":{{newRevision}}}""", V1Patch.PatchType.MergePatch);
        return await client.AppsV1.PatchNamespacedControllerRevisionAsync(patch, revision.Metadata.Name, revision.Metadata.NamespaceProperty,
            cancellationToken: cancellationToken);
    }

    /// <summary>
    /// The revision for the owner's current template (upstream: the first half of <c>getStatefulSetRevisions</c> and
    /// the DaemonSet controller's <c>constructHistory</c>): the newest existing revision if it stores this template;
    /// an older one that does (a rollback) renumbered as the newest; otherwise a new revision numbered one higher.
    /// </summary>
    public async Task<V1ControllerRevision> GetOrCreateUpdateRevisionAsync(IKubernetesObject<V1ObjectMeta> owner, string apiVersion, string kind,
        V1PodTemplateSpec template, IReadOnlyList<V1ControllerRevision> revisions, int? collisionCount, CancellationToken cancellationToken)
    {
        var sorted = revisions.OrderBy(r => r.Revision ?? 0).ToList();
        var next = (sorted.Count == 0 ? 0 : sorted[^1].Revision ?? 0) + 1;
        var wanted = NewControllerRevision(owner, apiVersion, kind, template, next, collisionCount);
        var equal = sorted.Where(r => EqualRevision(r, wanted)).ToList();
        if (equal.Count > 0 && ReferenceEquals(equal[^1], sorted[^1])) return sorted[^1];
        if (equal.Count > 0) return await UpdateControllerRevisionAsync(equal[^1], next, cancellationToken);
        return await CreateControllerRevisionAsync(wanted, cancellationToken);
    }

    /// <summary>
    /// Deletes the oldest revisions no pod uses and that are neither current nor the update target, keeping
    /// <paramref name="revisionHistoryLimit"/> of them for rollbacks (upstream: <c>truncateHistory</c>).
    /// </summary>
    public async Task TruncateHistoryAsync(IReadOnlyList<V1ControllerRevision> revisions, ISet<string> live, int revisionHistoryLimit,
        CancellationToken cancellationToken)
    {
        var history = revisions.Where(r => !live.Contains(r.Metadata.Name)).OrderBy(r => r.Revision ?? 0).ToList();
        foreach (var revision in history.Take(Math.Max(0, history.Count - revisionHistoryLimit)))
        {
            await DeleteControllerRevisionAsync(revision, cancellationToken);
        }
    }

    public async Task DeleteControllerRevisionAsync(V1ControllerRevision revision, CancellationToken cancellationToken)
    {
        try
        {
            await client.AppsV1.DeleteNamespacedControllerRevisionAsync(revision.Metadata.Name, revision.Metadata.NamespaceProperty,
                cancellationToken: cancellationToken);
        }
        catch (Exception ex) when (ApiErrors.IsNotFound(ex))
        {
        }
    }

    private static JsonObject DataOf(V1ControllerRevision revision) =>
        revision.Data as JsonObject ?? JsonNode.Parse(KubernetesJson.Serialize(revision.Data))!.AsObject();
}
