namespace Telephony.EndToEnd.Tests.Infrastructure;

/// <summary>
/// A test that drives real peers. It is skipped, with the reason shown in the test output, when a tool it needs
/// is missing on this machine: scripts/test.sh installs them all, so in CI nothing is skipped.
/// </summary>
public sealed class EndToEndFactAttribute : FactAttribute
{
    public EndToEndFactAttribute(
        bool needsPostgres = false,
        bool needsCapture = false,
        bool needsBaresip = false,
        bool needsChromium = false,
        bool needsPrometheus = false,
        bool needsKamailio = false,
        bool needsOwnPostgres = false)
    {
        Skip = !Sipp.IsInstalled ? "sipp is not installed (scripts/test.sh installs sip-tester)"
            : needsPrometheus && !PrometheusProcess.IsInstalled
                ? $"prometheus is not installed at {PrometheusProcess.Executable} (scripts/test.sh installs Debian's prometheus)"
            : needsChromium && !HeadlessChromium.IsInstalled
                ? $"chromium is not installed at {HeadlessChromium.Executable} (scripts/test.sh installs Debian's chromium)"
            : needsCapture && PacketCapture.UnavailableReason is { } reason ? reason
            : needsBaresip && Telephony.Sip.Tests.Registrar.BaresipProcess.FindExecutable() is null
                ? "baresip is not installed (scripts/test.sh installs it)"
            : needsKamailio && !KamailioProcess.IsInstalled
                ? $"kamailio is not installed at {KamailioProcess.Executable} (scripts/test.sh installs Debian's kamailio)"
            : (needsPostgres || needsKamailio) && PostgresDatabases.ServerConnectionString is null
                ? $"{PostgresDatabases.EnvironmentVariable} is not set (scripts/test.sh starts a PostgreSQL and sets it)"
            : needsOwnPostgres && StoppablePostgres.UnavailableReason is { } noPostgres ? noPostgres
            : null;
    }
}

/// <summary>The theory form of <see cref="EndToEndFactAttribute"/>: skipped, with the reason, when sipp is missing.</summary>
public sealed class EndToEndTheoryAttribute : TheoryAttribute
{
    public EndToEndTheoryAttribute()
    {
        Skip = new EndToEndFactAttribute().Skip;
    }
}
