using MiniKube.Testing;
using Xunit;
using Xunit.Abstractions;
using Xunit.Sdk;

namespace MiniKube.Testing;

/// <summary>
/// Turns a <see cref="ConformanceFactAttribute"/> method into a test case of one concrete test class: an ordinary
/// fact, or a skipped one when that class's <see cref="RequiresToolsAttribute"/> names a tool missing here.
/// </summary>
public sealed class ConformanceFactDiscoverer(IMessageSink diagnosticMessageSink) : FactDiscoverer(diagnosticMessageSink)
{
    protected override IXunitTestCase CreateTestCase(ITestFrameworkDiscoveryOptions discoveryOptions, ITestMethod testMethod,
        IAttributeInfo factAttribute)
    {
        var tools = testMethod.TestClass.Class
            .GetCustomAttributes(typeof(RequiresToolsAttribute).AssemblyQualifiedName)
            .SelectMany(attribute => attribute.GetNamedArgument<string[]>(nameof(RequiresToolsAttribute.Tools)));
        var skipReason = Prerequisites.SkipReason(needsRoot: false, tools);
        if (skipReason is null) return base.CreateTestCase(discoveryOptions, testMethod, factAttribute);

        // xunit's own "skipped test case" (it uses it for skipped theory rows); with no arguments it is a skipped fact.
        return new XunitSkippedDataRowTestCase(DiagnosticMessageSink, discoveryOptions.MethodDisplayOrDefault(),
            discoveryOptions.MethodDisplayOptionsOrDefault(), testMethod, skipReason);
    }
}
