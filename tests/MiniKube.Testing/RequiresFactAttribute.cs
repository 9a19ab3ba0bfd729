using Xunit;

namespace MiniKube.Testing;

/// <summary>
/// A [Fact] that needs root and/or binaries on PATH, e.g. <c>[RequiresFact(Tools = ["etcd"])]</c>.
/// Skips with a reason on a laptop that lacks them; under CI=true it always runs (and fails if they are missing).
/// </summary>
public sealed class RequiresFactAttribute : FactAttribute
{
    public bool Root { get; set; }
    public string[] Tools { get; set; } = [];

    public override string? Skip
    {
        get => base.Skip ?? Prerequisites.SkipReason(Root, Tools);
        set => base.Skip = value;
    }
}

/// <summary>The [Theory] twin of <see cref="RequiresFactAttribute"/>.</summary>
public sealed class RequiresTheoryAttribute : TheoryAttribute
{
    public bool Root { get; set; }
    public string[] Tools { get; set; } = [];

    public override string? Skip
    {
        get => base.Skip ?? Prerequisites.SkipReason(Root, Tools);
        set => base.Skip = value;
    }
}
