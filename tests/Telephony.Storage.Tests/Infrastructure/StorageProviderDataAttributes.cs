using System.Reflection;
using Xunit.Sdk;

namespace Telephony.Storage.Tests.Infrastructure;

/// <summary>Theory row running the test against a temporary SQLite file.</summary>
public sealed class OnSqliteAttribute : DataAttribute
{
    public override IEnumerable<object[]> GetData(MethodInfo testMethod) => [[StorageProvider.Sqlite]];
}

/// <summary>Theory row running the test against PostgreSQL; the row is skipped, with the reason printed, when no server is configured.</summary>
public sealed class OnPostgresAttribute : DataAttribute
{
    public OnPostgresAttribute()
    {
        if (PostgresEnvironment.SkipReason is { } reason)
        {
            Skip = reason;
        }
    }

    public override IEnumerable<object[]> GetData(MethodInfo testMethod) => [[StorageProvider.Postgres]];
}
