namespace Telephony.Server.Booking;

/// <summary>
/// The <c>Booking</c> configuration section: how hard one client address may use the public booking page and API
/// (no key: anyone may book, so each address gets a token bucket). The slots themselves are configured with the
/// scripts (<c>appointments</c> in <c>queues.yaml</c> and in each line's script).
/// </summary>
public sealed class BookingSettings
{
    public const string SectionName = "Booking";

    /// <summary><c>Booking:RateLimit</c>.</summary>
    public BookingRateLimitSettings RateLimit { get; set; } = new();

    /// <summary>Throws naming the key of the first bad value, so a typo stops start-up instead of opening the API unthrottled.</summary>
    public void Validate()
    {
        if (RateLimit.Burst is < 1 or > 10_000)
        {
            throw new InvalidOperationException($"{SectionName}:RateLimit:Burst {RateLimit.Burst} must be between 1 and 10000 requests.");
        }

        if (RateLimit.PerMinute is < 1 or > 60_000)
        {
            throw new InvalidOperationException($"{SectionName}:RateLimit:PerMinute {RateLimit.PerMinute} must be between 1 and 60000 requests a minute.");
        }
    }
}

/// <summary>
/// A token bucket per client address (IPv4, or the /64 of IPv6): <see cref="Burst"/> requests at once, then
/// <see cref="PerMinute"/> a minute; beyond it the answer is 429 with Retry-After. A booking page visit is 3 to 5
/// requests. Behind a reverse proxy every citizen has the proxy's address: raise the limits there.
/// </summary>
public sealed class BookingRateLimitSettings
{
    public int Burst { get; set; } = 20;

    public int PerMinute { get; set; } = 30;
}
