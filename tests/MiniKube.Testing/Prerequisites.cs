namespace MiniKube.Testing;

/// <summary>
/// Decides whether a test's prerequisites (root, a binary on PATH) are present. On a student's laptop a missing
/// prerequisite skips the test with a reason; under CI (<c>CI=true</c>) nothing is skipped: the test runs and fails
/// loudly, because CI installs everything the tests need.
/// </summary>
public static class Prerequisites
{
    public static bool InCi => string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase);

    /// <summary>The full path of <paramref name="tool"/> on PATH (or an absolute path that exists), or null.</summary>
    public static string? FindTool(string tool)
    {
        if (Path.IsPathRooted(tool)) return File.Exists(tool) ? tool : null;
        foreach (var dir in (Environment.GetEnvironmentVariable("PATH") ?? "").Split(':', StringSplitOptions.RemoveEmptyEntries)
                     .Concat(["/usr/sbin", "/sbin", "/usr/local/sbin"]))
        {
            var candidate = Path.Combine(dir, tool);
            if (File.Exists(candidate)) return candidate;
        }
        return null;
    }

    /// <summary>The path of a tool the test cannot run without; throws (so the test fails) when it is missing.</summary>
    public static string RequireTool(string tool) =>
        FindTool(tool) ?? throw new InvalidOperationException($"required tool '{tool}' was not found on PATH; 'make test' installs it");

    /// <summary>Why the test should be skipped here, or null to run it. Never skips in CI.</summary>
    public static string? SkipReason(bool needsRoot, IEnumerable<string> tools)
    {
        if (InCi) return null;
        if (needsRoot && !Environment.IsPrivilegedProcess) return "needs root (run 'make test' as root)";
        var missing = tools.Where(t => FindTool(t) is null).ToList();
        return missing.Count > 0 ? $"needs {string.Join(", ", missing)} on PATH ('make test' installs it)" : null;
    }
}
