namespace Telephony.Storage.Tests.Infrastructure;

/// <summary>A fact that needs a real PostgreSQL server; skipped, with the reason printed, when there is none.</summary>
public sealed class PostgresFactAttribute : FactAttribute
{
    public PostgresFactAttribute()
    {
        if (PostgresEnvironment.SkipReason is { } reason)
        {
            Skip = reason;
        }
    }
}
