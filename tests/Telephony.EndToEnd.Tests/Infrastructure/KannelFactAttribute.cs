namespace Telephony.EndToEnd.Tests.Infrastructure;

/// <summary>
/// A test against a real Kannel (bearerbox, smsbox, fakesmsc). Skipped, with the reason shown, when Kannel is not
/// installed or, for a test that needs it, when no PostgreSQL was started: scripts/test.sh provides both.
/// </summary>
public sealed class KannelFactAttribute : FactAttribute
{
    public KannelFactAttribute(bool needsPostgres = false)
    {
        Skip = KannelGateway.UnavailableReason
            ?? (needsPostgres && PostgresDatabases.ServerConnectionString is null
                ? $"{PostgresDatabases.EnvironmentVariable} is not set (scripts/test.sh starts a PostgreSQL and sets it)"
                : null);
    }
}
