namespace Telephony.Storage.Tests.Infrastructure;

/// <summary>Where the PostgreSQL tests find their server: scripts/with-postgres.sh sets the variable.</summary>
internal static class PostgresEnvironment
{
    public const string VariableName = "TELEPHONY_TEST_POSTGRES";

    public static string? ConnectionString =>
        Environment.GetEnvironmentVariable(VariableName) is { Length: > 0 } value ? value : null;

    public static string? SkipReason => ConnectionString is null
        ? $"PostgreSQL not available: {VariableName} is not set (run through scripts/with-postgres.sh to test against a real server)."
        : null;
}
