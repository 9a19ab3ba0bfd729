namespace MiniKube.Testing;

/// <summary>
/// Put on a concrete conformance test class whose backend needs binaries on PATH, e.g. <c>[RequiresTools("etcd")]</c>.
/// Its inherited <see cref="ConformanceFactAttribute"/> tests then skip with a reason where the tools are missing
/// (never under CI=true), like <c>[RequiresFact(Tools = [...])]</c> does for a single test.
/// </summary>
[AttributeUsage(AttributeTargets.Class)]
public sealed class RequiresToolsAttribute(params string[] tools) : Attribute
{
    public string[] Tools { get; } = tools;
}
