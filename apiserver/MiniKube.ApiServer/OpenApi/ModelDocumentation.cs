using System.Reflection;
using System.Text;
using System.Xml;
using System.Xml.Linq;
using k8s.Models;

namespace MiniKube.ApiServer.OpenApi;

/// <summary>
/// The field descriptions that <c>kubectl explain</c> prints. KubernetesClient generates its models from the
/// Kubernetes OpenAPI spec and keeps each description as the XML doc comment of the property, so we read them back
/// from KubernetesClient.xml, which NuGet ships next to KubernetesClient.dll.
/// Concept: https://kubernetes.io/docs/reference/kubectl/generated/kubectl_explain/
/// </summary>
internal sealed class ModelDocumentation
{
    private const string ModelsNamespace = "k8s.Models.";

    private static readonly Lazy<ModelDocumentation> s_nextToKubernetesClient = new(() => Load(FindXmlFile(typeof(V1Pod).Assembly)));

    /// <summary>Doc comment ids ("T:k8s.Models.V1Pod", "P:k8s.Models.V1Container.Image") → normalised summary text.</summary>
    private readonly Dictionary<string, string> _summaries;

    private ModelDocumentation(Dictionary<string, string> summaries, string? sourcePath)
    {
        _summaries = summaries;
        SourcePath = sourcePath;
    }

    /// <summary>The documentation of the loaded KubernetesClient assembly, read once (the file is about 25 MB).</summary>
    public static ModelDocumentation NextToKubernetesClient => s_nextToKubernetesClient.Value;

    /// <summary>The XML file read, or null when none was found (then every description is missing, nothing fails).</summary>
    public string? SourcePath { get; }

    public int Count => _summaries.Count;

    public string? TypeSummary(Type type) => _summaries.GetValueOrDefault("T:" + type.FullName);

    public string? PropertySummary(PropertyInfo property) =>
        _summaries.GetValueOrDefault($"P:{property.DeclaringType!.FullName}.{property.Name}");

    /// <summary>KubernetesClient.xml beside the assembly, or beside our own program if the assembly was loaded from elsewhere.</summary>
    public static string? FindXmlFile(Assembly assembly)
    {
        var fileName = Path.GetFileNameWithoutExtension(assembly.Location) + ".xml";
        return new[] { Path.GetDirectoryName(assembly.Location), AppContext.BaseDirectory }
            .Where(dir => !string.IsNullOrEmpty(dir))
            .Select(dir => Path.Combine(dir!, fileName))
            .FirstOrDefault(File.Exists);
    }

    public static ModelDocumentation Load(string? xmlPath)
    {
        var summaries = new Dictionary<string, string>(StringComparer.Ordinal);
        if (xmlPath is null)
        {
            return new ModelDocumentation(summaries, null);
        }

        // Stream the file: most of its 25 MB documents client methods we do not need, so we skip those members unread.
        using var reader = XmlReader.Create(xmlPath, new XmlReaderSettings { DtdProcessing = DtdProcessing.Prohibit });
        while (reader.ReadToFollowing("member"))
        {
            var id = reader.GetAttribute("name");
            if (id is null || id.Length < 2 || !id.AsSpan(2).StartsWith(ModelsNamespace) || (id[0] != 'T' && id[0] != 'P'))
            {
                continue;
            }
            using var member = reader.ReadSubtree();
            var summary = XElement.Load(member).Element("summary")?.Value; // Value: the text, should <see/> tags ever appear
            if (summary is not null && Normalize(summary) is { Length: > 0 } text)
            {
                summaries[id] = text;
            }
        }
        return new ModelDocumentation(summaries, xmlPath);
    }

    /// <summary>
    /// Undoes the line wrapping of the generated XML comments: lines of one paragraph are joined with spaces, blank
    /// lines stay paragraph breaks, and "- item" lines keep their own line (upstream lists enum values that way).
    /// </summary>
    internal static string Normalize(string summary)
    {
        var text = new StringBuilder();
        var blankLinePending = false;
        foreach (var rawLine in summary.Split('\n'))
        {
            var line = rawLine.Trim();
            if (line.Length == 0)
            {
                blankLinePending = text.Length > 0;
                continue;
            }
            if (text.Length > 0)
            {
                text.Append(blankLinePending ? "\n\n" : line.StartsWith("- ", StringComparison.Ordinal) ? "\n" : " ");
            }
            text.Append(line);
            blankLinePending = false;
        }
        return text.ToString();
    }
}
