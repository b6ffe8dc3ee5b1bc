namespace Telephony.Calls.Admission;

/// <summary>The <c>Shutdown</c> configuration section.</summary>
public sealed class ShutdownSettings
{
    public const string SectionName = "Shutdown";

    /// <summary>
    /// On SIGTERM, how long calls in progress may go on (new INVITEs get 503 with Retry-After meanwhile, so Kamailio
    /// moves them to another node) before the remaining ones are hung up and recorded. 0 hangs them up at once.
    /// </summary>
    public double DrainSeconds { get; set; } = 30;

    public string? Validate() =>
        DrainSeconds is < 0 or > 3600 ? $"Shutdown:DrainSeconds is 0 to 3600 (got {DrainSeconds})" : null;
}
