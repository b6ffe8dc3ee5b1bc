using Microsoft.Extensions.DependencyInjection.Extensions;
using Telephony.Calls.Appointments;
using Telephony.Storage;

namespace Telephony.Server.Booking;

/// <summary>
/// Phone appointments over HTTP, both public (no key) and rate-limited per client address: the booking page under
/// <see cref="PagePath"/> and the booking API under <see cref="ApiPath"/>.
/// </summary>
public static class BookingEndpoints
{
    public const string PagePath = "/rendez-vous";

    public const string ApiPath = "/api/rendez-vous";

    public static IServiceCollection AddBooking(this IServiceCollection services, IConfiguration configuration)
    {
        var settings = configuration.GetSection(BookingSettings.SectionName).Get<BookingSettings>() ?? new BookingSettings();
        settings.Validate();
        services.AddSingleton<AppointmentRepository>();
        services.AddSingleton<AppointmentMetrics>();
        services.AddSingleton<AppointmentBooking>();
        services.AddSingleton<IvrAppointments>();
        // The SMS confirmation registers its own before or after this; without one, nobody is told.
        services.TryAddSingleton<IAppointmentNotifications, NoAppointmentNotifications>();
        // The server's callbacks register the real one (AppointmentCallbacks); a host without them only stores.
        services.TryAddSingleton<IAppointmentCallbacks, NoAppointmentCallbacks>();
        services.AddSingleton<BookingStyleSheet>();
        services.AddBookingRateLimit(settings.RateLimit);
        return services;
    }

    public static WebApplication MapBooking(this WebApplication app)
    {
        app.UseRateLimiter();
        var api = app.MapGroup(ApiPath).RequireRateLimiting(BookingRateLimit.PolicyName);
        api.MapGet("/lignes", BookingApi.Lines);
        api.MapGet("/creneaux", BookingApi.SlotsAsync);
        api.MapPost("", BookingApi.BookAsync);
        api.MapDelete("/{code}", BookingApi.CancelAsync);

        var page = app.MapGroup(PagePath).RequireRateLimiting(BookingRateLimit.PolicyName);
        page.MapGet("", BookingPage.ShowAsync);
        page.MapPost("", BookingPage.BookAsync);
        page.MapGet("/annulation", BookingPage.ShowCancel);
        page.MapPost("/annulation", BookingPage.CancelAsync);
        page.MapGet("/style.css", (HttpContext http, BookingStyleSheet css) => css.Serve(http));
        return app;
    }
}

/// <summary>The page's only asset, embedded in the server's assembly like the agent console's and read once.</summary>
public sealed class BookingStyleSheet
{
    private readonly byte[] _bytes;

    public BookingStyleSheet()
    {
        using var stream = typeof(BookingStyleSheet).Assembly.GetManifestResourceStream("Booking.booking.css")
            ?? throw new InvalidOperationException("The booking page's style sheet is not embedded in the server.");
        using var copy = new MemoryStream();
        stream.CopyTo(copy);
        _bytes = copy.ToArray();
    }

    public IResult Serve(HttpContext http)
    {
        BookingHtml.SecurityHeaders(http.Response);
        return Results.Bytes(_bytes, "text/css; charset=utf-8");
    }
}
