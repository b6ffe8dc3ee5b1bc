using System.Globalization;
using System.Threading.RateLimiting;
using Microsoft.AspNetCore.RateLimiting;
using Telephony.Server.AgentConsole;

namespace Telephony.Server.Booking;

/// <summary>
/// The public booking routes' rate limit: ASP.NET Core's rate limiter with a token bucket per client address (the key
/// the console's login throttle uses). A refused request gets 429 and Retry-After in seconds, as JSON on the API and as
/// a page in French on the booking page.
/// </summary>
public static class BookingRateLimit
{
    public const string PolicyName = "booking";

    public static IServiceCollection AddBookingRateLimit(this IServiceCollection services, BookingRateLimitSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        var bucket = new TokenBucketRateLimiterOptions
        {
            TokenLimit = settings.Burst,
            // One token at a time, as often as the rate allows: a refused client can retry as soon as one is back.
            TokensPerPeriod = 1,
            ReplenishmentPeriod = TimeSpan.FromTicks(TimeSpan.TicksPerMinute / settings.PerMinute),
            QueueLimit = 0,
            AutoReplenishment = true,
        };
        services.AddRateLimiter(options =>
        {
            options.AddPolicy(PolicyName, http => RateLimitPartition.GetTokenBucketLimiter(LoginThrottle.KeyOf(http.Connection.RemoteIpAddress), _ => bucket));
            options.OnRejected = RejectAsync;
        });
        return services;
    }

    private static async ValueTask RejectAsync(OnRejectedContext context, CancellationToken ct)
    {
        var http = context.HttpContext;
        var seconds = context.Lease.TryGetMetadata(MetadataName.RetryAfter, out var retryAfter)
            ? Math.Max(1, (int)Math.Ceiling(retryAfter.TotalSeconds))
            : 60;
        http.Response.StatusCode = StatusCodes.Status429TooManyRequests;
        http.Response.Headers.RetryAfter = seconds.ToString(CultureInfo.InvariantCulture);
        var message = $"Trop de demandes depuis votre adresse : réessayez dans {seconds} seconde{(seconds > 1 ? "s" : "")}.";
        if (http.Request.Path.StartsWithSegments(BookingEndpoints.ApiPath, StringComparison.Ordinal))
        {
            await http.Response.WriteAsJsonAsync(new { error = "too_many_requests", message, retryAfterSeconds = seconds }, ct);
            return;
        }

        BookingHtml.SecurityHeaders(http.Response);
        http.Response.ContentType = BookingHtml.ContentType;
        await http.Response.WriteAsync(BookingHtml.Page("Trop de demandes", $"<h1>Trop de demandes</h1>\n<p>{BookingHtml.Encode(message)}</p>"), ct);
    }
}
