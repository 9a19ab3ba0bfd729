using System.Globalization;

namespace MiniKube.Runc.Cli;

/// <summary>
/// Flags and positional arguments after parsing. Like runc's command-line library, flags come before the positional
/// arguments and accept "-name", "--name", "--name=value" and "--name value"; the first positional argument (or
/// "--") ends the flags, so in `exec &lt;id&gt; sh -c …` everything after the id belongs to the command.
/// </summary>
/// <remarks>
/// Hand-written rather than System.CommandLine: runc's command line is small, its single-dash long flags
/// ("-bundle") and its stop-at-first-argument rule are not System.CommandLine's, and this keeps minirunc's start-up
/// (which `make bench` measures) to a minimum.
/// </remarks>
internal sealed class ParsedArguments
{
    private readonly Dictionary<string, List<string>> _values = [];

    public List<string> Positionals { get; } = [];

    public bool Has(string name) => _values.ContainsKey(name);

    public string? Value(string name) => _values.TryGetValue(name, out var v) ? v[^1] : null;

    public IReadOnlyList<string> Values(string name) => _values.TryGetValue(name, out var v) ? v : [];

    public bool IsSet(string name) =>
        _values.TryGetValue(name, out var v) && v[^1] is not ("false" or "0");

    public int IntValue(string name, int fallback)
    {
        var text = Value(name);
        if (text is null) return fallback;
        return int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var n)
            ? n
            : throw new RuncException($"invalid value \"{text}\" for flag --{name}: not a number");
    }

    /// <summary>Parses <paramref name="args"/>; with <paramref name="stopAtVerb"/> it stops at the first positional
    /// argument and reports how many items it consumed (the global flags before the verb).</summary>
    public static ParsedArguments Parse(IReadOnlyList<string> args, IReadOnlyList<Flag> flags, bool stopAtVerb, out int consumed)
    {
        var result = new ParsedArguments();
        var i = 0;
        for (; i < args.Count; i++)
        {
            var arg = args[i];
            if (arg == "--")
            {
                i++;
                break;
            }
            if (arg.Length < 2 || arg[0] != '-') break;

            var text = arg.TrimStart('-');
            string? inlineValue = null;
            var eq = text.IndexOf('=', StringComparison.Ordinal);
            if (eq >= 0)
            {
                inlineValue = text[(eq + 1)..];
                text = text[..eq];
            }
            var flag = flags.FirstOrDefault(f => f.Name == text || f.Alias == text)
                       ?? throw new RuncException($"flag provided but not defined: -{text}");
            string value;
            if (!flag.TakesValue) value = inlineValue ?? "true";
            else if (inlineValue is not null) value = inlineValue;
            else if (i + 1 < args.Count) value = args[++i];
            else throw new RuncException($"flag needs an argument: -{text}");

            if (!result._values.TryGetValue(flag.Name, out var list)) result._values[flag.Name] = list = [];
            list.Add(value);
        }
        consumed = i;
        if (!stopAtVerb) result.Positionals.AddRange(args.Skip(i));
        return result;
    }
}
