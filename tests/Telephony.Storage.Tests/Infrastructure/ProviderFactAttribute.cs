using Xunit.Abstractions;
using Xunit.Sdk;

namespace Telephony.Storage.Tests.Infrastructure;

/// <summary>Marks a concrete test class whose inherited tests run against PostgreSQL.</summary>
public interface IRunsOnPostgres;

/// <summary>
/// A fact written once in an abstract class and run by each concrete subclass, one per provider. In a subclass that
/// implements <see cref="IRunsOnPostgres"/> it is reported skipped, with the reason, when no server is configured.
/// </summary>
[XunitTestCaseDiscoverer("Telephony.Storage.Tests.Infrastructure.ProviderFactDiscoverer", "Telephony.Storage.Tests")]
[AttributeUsage(AttributeTargets.Method)]
public sealed class ProviderFactAttribute : FactAttribute;

public sealed class ProviderFactDiscoverer : FactDiscoverer
{
    public ProviderFactDiscoverer(IMessageSink diagnosticMessageSink)
        : base(diagnosticMessageSink)
    {
    }

    protected override IXunitTestCase CreateTestCase(ITestFrameworkDiscoveryOptions discoveryOptions, ITestMethod testMethod, IAttributeInfo factAttribute)
    {
        var testClass = testMethod.TestClass.Class.ToRuntimeType();
        if (typeof(IRunsOnPostgres).IsAssignableFrom(testClass) && PostgresEnvironment.SkipReason is { } reason)
        {
            return new XunitSkippedDataRowTestCase(
                DiagnosticMessageSink, discoveryOptions.MethodDisplayOrDefault(), discoveryOptions.MethodDisplayOptionsOrDefault(), testMethod, reason);
        }

        return base.CreateTestCase(discoveryOptions, testMethod, factAttribute);
    }
}
