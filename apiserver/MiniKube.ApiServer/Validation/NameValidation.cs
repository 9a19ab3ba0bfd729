using System.Text.RegularExpressions;

namespace MiniKube.ApiServer.Validation;

/// <summary>
/// The DNS-based name rules Kubernetes applies to object names, with upstream's exact messages.
/// Concept: https://kubernetes.io/docs/concepts/overview/working-with-objects/names/
/// </summary>
public static partial class NameValidation
{
    public const string Dns1123SubdomainMessage =
        "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')";

    public const string Dns1123LabelMessage =
        "a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character (e.g. 'my-name',  or '123-abc', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?')";

    /// <summary>Problems with <paramref name="name"/> as a DNS-1123 subdomain (max 253 characters); empty when valid.</summary>
    public static IEnumerable<string> Dns1123Subdomain(string name)
    {
        if (name.Length > 253) yield return "must be no more than 253 characters";
        if (!SubdomainRegex().IsMatch(name)) yield return Dns1123SubdomainMessage;
    }

    /// <summary>Problems with <paramref name="name"/> as a DNS-1123 label (max 63 characters); empty when valid.</summary>
    public static IEnumerable<string> Dns1123Label(string name)
    {
        if (name.Length > 63) yield return "must be no more than 63 characters";
        if (!LabelRegex().IsMatch(name)) yield return Dns1123LabelMessage;
    }

    /// <summary>A label or annotation key: an optional DNS subdomain prefix and a name part of up to 63 characters.</summary>
    public static IEnumerable<string> QualifiedName(string key)
    {
        var slash = key.LastIndexOf('/');
        var name = slash < 0 ? key : key[(slash + 1)..];
        if (slash >= 0)
        {
            foreach (var problem in Dns1123Subdomain(key[..slash])) yield return "prefix part " + problem;
        }
        if (name.Length == 0 || name.Length > 63 || !QualifiedNameRegex().IsMatch(name))
        {
            yield return "name part must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]')";
        }
    }

    /// <summary>A label value: empty, or up to 63 alphanumerics with '-', '_' and '.' inside.</summary>
    public static IEnumerable<string> LabelValue(string? value)
    {
        if (string.IsNullOrEmpty(value)) yield break;
        if (value.Length > 63 || !QualifiedNameRegex().IsMatch(value))
        {
            yield return "a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyValue',  or 'my_value',  or '12345', regex used for validation is '(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?')";
        }
    }

    [GeneratedRegex("^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$")]
    private static partial Regex SubdomainRegex();

    [GeneratedRegex("^[a-z0-9]([-a-z0-9]*[a-z0-9])?$")]
    private static partial Regex LabelRegex();

    [GeneratedRegex("^([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]$")]
    private static partial Regex QualifiedNameRegex();
}
