using System.Text.Json;
using Microsoft.Extensions.Options;
using Telephony.Server.Web;

namespace Telephony.Server.Wallboard;

/// <summary>
/// The wallboard under <c>/wallboard</c>, read-only, every route behind <see cref="WallboardKeyFilter"/>: the page and
/// its files, the figures as JSON (<c>/wallboard/board</c>) and live (<c>/wallboard/events</c>, server-sent events:
/// the figures again every refresh interval).
/// </summary>
public static class WallboardEndpoints
{
    public const string Path = "/wallboard";

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public static IServiceCollection AddWallboard(this IServiceCollection services, IConfiguration configuration)
    {
        var settings = configuration.GetSection(WallboardSettings.SectionName).Get<WallboardSettings>() ?? new WallboardSettings();
        settings.Validate();
        services.Configure<WallboardSettings>(configuration.GetSection(WallboardSettings.SectionName));
        services.AddSingleton<WallboardAccess>();
        services.AddSingleton<WallboardKeyFilter>();
        services.AddSingleton<WallboardAssets>();
        services.AddSingleton<WallboardBoard>();
        return services;
    }

    public static IEndpointRouteBuilder MapWallboard(this IEndpointRouteBuilder routes)
    {
        var wallboard = routes.MapGroup(Path).AddEndpointFilter<WallboardKeyFilter>();
        wallboard.MapGet("", (HttpContext http, WallboardAssets assets) => assets.Serve(http, "wallboard.html"));
        wallboard.MapGet("/assets/{name}", (string name, HttpContext http, WallboardAssets assets) => assets.Serve(http, name));
        wallboard.MapGet("/board", async (WallboardBoard board, CancellationToken ct) => Results.Json(await board.CurrentAsync(ct), Json));
        wallboard.MapGet("/events", StreamAsync);
        return routes;
    }

    /// <summary>The figures at once, then every refresh interval, until the browser goes (it reconnects by itself).</summary>
    private static async Task StreamAsync(HttpContext http, WallboardBoard board, IOptions<WallboardSettings> settings, TimeProvider time, ILoggerFactory logs)
    {
        var response = http.Response;
        ServerSentEvents.Start(response);
        var stop = http.RequestAborted;
        try
        {
            while (!stop.IsCancellationRequested)
            {
                var view = await board.CurrentAsync(stop);
                await ServerSentEvents.WriteEventAsync(response, "board", null, JsonSerializer.Serialize(view, Json), stop);
                await Task.Delay(settings.Value.RefreshInterval, time, stop);
            }
        }
        catch (Exception) when (stop.IsCancellationRequested)
        {
            // The screen went away: nothing to report.
        }
        catch (Exception error) when (error is not OutOfMemoryException)
        {
            logs.CreateLogger(typeof(WallboardEndpoints).FullName!).LogWarning(error, "Wallboard stream stopped; the screen reconnects");
        }
    }
}

/// <summary>The wallboard's page, script and style sheet (<c>Wallboard/Assets/</c>), embedded like the agent console's.</summary>
public sealed class WallboardAssets() : EmbeddedAssets("Wallboard.");
