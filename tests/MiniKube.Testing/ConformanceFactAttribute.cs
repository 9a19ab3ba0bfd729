using Xunit;
using Xunit.Sdk;

namespace MiniKube.Testing;

/// <summary>
/// A [Fact] in an abstract conformance suite. The suite runs once per backend (one subclass each), and only some
/// backends need a tool (etcd): an attribute on a base-class method cannot know which subclass runs it, so the
/// discoverer looks at the concrete class's <see cref="RequiresToolsAttribute"/> instead.
/// </summary>
[XunitTestCaseDiscoverer("MiniKube.Testing.ConformanceFactDiscoverer", "MiniKube.Testing")]
[AttributeUsage(AttributeTargets.Method)]
public sealed class ConformanceFactAttribute : FactAttribute;
