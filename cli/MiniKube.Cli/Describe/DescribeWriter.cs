using System.Globalization;
using System.Text;
using MiniKube.Cli.Printing;

namespace MiniKube.Cli.Describe;

/// <summary>
/// Collects the lines of a <c>describe</c> page: each level indents by two spaces, and a tab separates a label from
/// its value. At the end the text goes through a tab writer (padding 2), which lines up the values of consecutive
/// "Label:\tvalue" lines, exactly the layout kubectl's PrefixWriter produces.
/// Concept: https://kubernetes.io/docs/reference/kubectl/generated/kubectl_describe/
/// </summary>
public sealed class DescribeWriter
{
    public const string None = "<none>";

    private readonly StringBuilder _text = new();

    /// <summary>Writes <paramref name="text"/> indented by <paramref name="level"/> steps (two spaces each); no newline is added.</summary>
    public void Write(int level, string text) => _text.Append(' ', level * 2).Append(text);

    /// <summary>Writes one line.</summary>
    public void Line(int level, string text) => Write(level, text + "\n");

    /// <summary>"Label:\tvalue", or "Label:\t&lt;none&gt;" when the value is empty.</summary>
    public void Field(int level, string label, string? value) => Line(level, $"{label}:\t{(string.IsNullOrEmpty(value) ? None : value)}");

    /// <summary>
    /// Labels (or a selector map), one <c>key=value</c> per line, sorted, the first next to the title and the others
    /// lined up under it.
    /// </summary>
    public void LabelsMultiline(string title, IDictionary<string, string>? labels, string initialIndent = "")
    {
        Write(0, $"{initialIndent}{title}:\t");
        if (labels is null || labels.Count == 0)
        {
            Write(0, None + "\n");
            return;
        }
        var first = true;
        foreach (var (key, value) in labels.OrderBy(l => l.Key, StringComparer.Ordinal))
        {
            if (!first) Write(0, initialIndent + "\t");
            Write(0, $"{key}={value}\n");
            first = false;
        }
    }

    /// <summary>Annotations as <c>key: value</c>; long or multi-line values go on their own lines, shortened.</summary>
    public void AnnotationsMultiline(string title, IDictionary<string, string>? annotations)
    {
        const int maxAnnotationLength = 140;
        Write(0, $"{title}:\t");
        // kubectl hides client-side apply's bookkeeping annotation: it repeats the whole object.
        var keys = (annotations ?? new Dictionary<string, string>()).Keys
            .Where(k => k != "kubectl.kubernetes.io/last-applied-configuration")
            .Order(StringComparer.Ordinal).ToList();
        if (keys.Count == 0)
        {
            Write(0, None + "\n");
            return;
        }
        for (var i = 0; i < keys.Count; i++)
        {
            if (i > 0) Write(0, "\t");
            var value = annotations![keys[i]].TrimEnd('\n');
            if (value.Length + keys[i].Length + 2 > maxAnnotationLength || value.Contains('\n', StringComparison.Ordinal))
            {
                Write(0, $"{keys[i]}:\n");
                foreach (var line in value.Split('\n'))
                {
                    Write(0, $"\t  {(line.Length > maxAnnotationLength - 2 ? line[..(maxAnnotationLength - 5)] + "..." : line)}\n");
                }
            }
            else
            {
                Write(0, $"{keys[i]}: {value}\n");
            }
        }
    }

    /// <summary>kubectl's describe time format (Go's RFC1123Z): <c>Mon, 02 Jan 2006 15:04:05 +0000</c>, in local time.</summary>
    public static string Time(DateTime? time)
    {
        if (time is null) return None;
        var local = new DateTimeOffset(DateTime.SpecifyKind(time.Value.ToUniversalTime(), DateTimeKind.Utc)).ToLocalTime();
        var offset = local.Offset;
        var sign = offset < TimeSpan.Zero ? "-" : "+";
        return local.ToString("ddd, dd MMM yyyy HH:mm:ss ", CultureInfo.InvariantCulture) +
            $"{sign}{Math.Abs(offset.Hours):00}{Math.Abs(offset.Minutes):00}";
    }

    /// <summary>The aligned page.</summary>
    public override string ToString() => new TabWriter(minWidth: 0, padding: 2).Format(_text.ToString());
}
