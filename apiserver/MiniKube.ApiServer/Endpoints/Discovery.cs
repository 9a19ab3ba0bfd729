using System.Text.Json.Nodes;
using MiniKube.ApiServer.Registry;

namespace MiniKube.ApiServer.Endpoints;

/// <summary>
/// API discovery: how kubectl learns which resources exist, whether they are namespaced, their short names
/// (po, deploy), categories (all) and verbs. Two forms: the legacy one (/api, /apis, then one request per group
/// version) and aggregated discovery (apidiscovery.k8s.io v2 and v2beta1: everything in the answers to /api and
/// /apis, so a kubectl command costs 2 discovery requests instead of 25). Both are built from the registry.
/// Concept: https://kubernetes.io/docs/concepts/overview/kubernetes-api/#discovery-api
/// </summary>
public sealed class Discovery(ResourceRegistry registry, string serverAddress)
{
    /// <summary>GET /api (legacy): the core group's versions.</summary>
    public JsonObject ApiVersions() => new()
    {
        ["kind"] = "APIVersions",
        ["versions"] = new JsonArray("v1"),
        ["serverAddressByClientCIDRs"] = new JsonArray(new JsonObject { ["clientCIDR"] = "0.0.0.0/0", ["serverAddress"] = serverAddress }),
    };

    /// <summary>GET /apis (legacy): every named group with its versions.</summary>
    public JsonObject ApiGroupList()
    {
        var groups = new JsonArray();
        foreach (var (group, versions) in registry.Groups().Where(g => g.Group.Length > 0))
        {
            groups.Add(new JsonObject
            {
                ["name"] = group,
                ["versions"] = new JsonArray(versions.Select(v => (JsonNode)GroupVersion(group, v)).ToArray()),
                ["preferredVersion"] = GroupVersion(group, versions[0]),
            });
        }
        return new JsonObject { ["kind"] = "APIGroupList", ["apiVersion"] = "v1", ["groups"] = groups };
    }

    /// <summary>GET /apis/&lt;group&gt; (legacy): one group.</summary>
    public JsonObject? ApiGroup(string group)
    {
        var found = registry.Groups().FirstOrDefault(g => g.Group == group && group.Length > 0);
        if (found.Group is null) return null;
        return new JsonObject
        {
            ["kind"] = "APIGroup",
            ["apiVersion"] = "v1",
            ["name"] = group,
            ["versions"] = new JsonArray(found.Versions.Select(v => (JsonNode)GroupVersion(group, v)).ToArray()),
            ["preferredVersion"] = GroupVersion(group, found.Versions[0]),
        };
    }

    /// <summary>GET /api/v1 or /apis/&lt;group&gt;/&lt;version&gt; (legacy): the resources of one group version.</summary>
    public JsonObject? ApiResourceList(string group, string version)
    {
        var resources = registry.Resources.Where(r => r.Group == group && r.Version == version).ToList();
        if (resources.Count == 0) return null;
        var list = new JsonArray();
        foreach (var resource in resources)
        {
            var entry = new JsonObject
            {
                ["name"] = resource.Plural,
                ["singularName"] = resource.Singular,
                ["namespaced"] = resource.Namespaced,
                ["kind"] = resource.Kind,
                ["verbs"] = Strings(resource.Verbs),
            };
            if (resource.ShortNames.Count > 0) entry["shortNames"] = Strings(resource.ShortNames);
            if (resource.Categories.Count > 0) entry["categories"] = Strings(resource.Categories);
            list.Add(entry);
            foreach (var sub in resource.Subresources)
            {
                var (subGroup, subVersion, subKind, verbs) = Subresource(resource, sub);
                var subEntry = new JsonObject
                {
                    ["name"] = $"{resource.Plural}/{sub}",
                    ["singularName"] = "",
                    ["namespaced"] = resource.Namespaced,
                    ["kind"] = subKind,
                    ["verbs"] = Strings(verbs),
                };
                if (subGroup is not null)
                {
                    subEntry["group"] = subGroup;
                    subEntry["version"] = subVersion;
                }
                list.Add(subEntry);
            }
        }
        var answer = new JsonObject { ["kind"] = "APIResourceList" };
        if (group.Length > 0) answer["apiVersion"] = "v1";
        answer["groupVersion"] = group.Length == 0 ? version : $"{group}/{version}";
        answer["resources"] = list;
        return answer;
    }

    /// <summary>
    /// Aggregated discovery for /api (core group only) or /apis (all named groups), in the version the client asked
    /// for (v2 or v2beta1; same shape).
    /// </summary>
    public JsonObject Aggregated(bool coreGroup, string apiVersion)
    {
        var items = new JsonArray();
        foreach (var (group, versions) in registry.Groups().Where(g => (g.Group.Length == 0) == coreGroup))
        {
            var versionEntries = new JsonArray();
            foreach (var version in versions)
            {
                var resources = new JsonArray();
                foreach (var resource in registry.Resources.Where(r => r.Group == group && r.Version == version))
                {
                    var entry = new JsonObject
                    {
                        ["resource"] = resource.Plural,
                        ["responseKind"] = Kind("", "", resource.Kind),
                        ["scope"] = resource.Namespaced ? "Namespaced" : "Cluster",
                        ["singularResource"] = resource.Singular,
                        ["verbs"] = Strings(resource.Verbs),
                    };
                    if (resource.ShortNames.Count > 0) entry["shortNames"] = Strings(resource.ShortNames);
                    if (resource.Categories.Count > 0) entry["categories"] = Strings(resource.Categories);
                    if (resource.Subresources.Count > 0)
                    {
                        entry["subresources"] = new JsonArray(resource.Subresources.Select(sub =>
                        {
                            var (subGroup, subVersion, subKind, verbs) = Subresource(resource, sub);
                            return (JsonNode)new JsonObject
                            {
                                ["subresource"] = sub,
                                ["responseKind"] = Kind(subGroup ?? "", subVersion ?? "", subKind),
                                ["verbs"] = Strings(verbs),
                            };
                        }).ToArray());
                    }
                    resources.Add(entry);
                }
                versionEntries.Add(new JsonObject { ["version"] = version, ["resources"] = resources, ["freshness"] = "Current" });
            }
            items.Add(new JsonObject
            {
                ["metadata"] = group.Length == 0 ? new JsonObject() : new JsonObject { ["name"] = group },
                ["versions"] = versionEntries,
            });
        }
        return new JsonObject
        {
            ["kind"] = "APIGroupDiscoveryList",
            ["apiVersion"] = $"apidiscovery.k8s.io/{apiVersion}",
            ["metadata"] = new JsonObject(),
            ["items"] = items,
        };
    }

    /// <summary>What a subresource returns and accepts: scale speaks autoscaling/v1 Scale, binding takes a Binding.</summary>
    private static (string? Group, string? Version, string Kind, IReadOnlyList<string> Verbs) Subresource(ResourceDefinition resource, string sub) => sub switch
    {
        "scale" => ("autoscaling", "v1", "Scale", ["get", "patch", "update"]),
        "binding" => (null, null, "Binding", ["create"]),
        "finalize" => (null, null, resource.Kind, ["update"]),
        _ => (null, null, resource.Kind, ["get", "patch", "update"]),
    };

    private static JsonObject GroupVersion(string group, string version) =>
        new() { ["groupVersion"] = $"{group}/{version}", ["version"] = version };

    private static JsonObject Kind(string group, string version, string kind) =>
        new() { ["group"] = group, ["version"] = version, ["kind"] = kind };

    private static JsonArray Strings(IEnumerable<string> values) => new(values.Select(v => (JsonNode)JsonValue.Create(v)).ToArray());
}
