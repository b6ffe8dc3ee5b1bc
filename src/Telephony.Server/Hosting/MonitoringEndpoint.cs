using Telephony.Server.Configuration;

namespace Telephony.Server.Hosting;

/// <summary>
/// <c>Monitoring:Url</c>: adds the monitoring address to the ones Kestrel listens on, and keeps <c>/metrics</c> and
/// <c>/health</c> on it alone (and nothing else on it). Told apart by the local port the request came in on, never by
/// the Host header, which any client writes as it likes.
/// </summary>
public static class MonitoringEndpoint
{
    private static readonly PathString[] MonitoringPaths = [new("/metrics"), new("/health")];

    /// <summary>The monitoring URL (validated), added to the listening addresses; null when unset.</summary>
    public static Uri? Configure(WebApplicationBuilder builder)
    {
        var settings = builder.Configuration.GetSection(MonitoringSettings.SectionName).Get<MonitoringSettings>() ?? new MonitoringSettings();
        if (settings.ParseUrl() is not { } monitoring)
        {
            return null;
        }

        var main = builder.Configuration["urls"] ?? "http://localhost:5000";
        var mainPorts = main.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(u => Uri.TryCreate(u.Replace("://*", "://0.0.0.0", StringComparison.Ordinal).Replace("://+", "://0.0.0.0", StringComparison.Ordinal), UriKind.Absolute, out var parsed) ? parsed.Port : -1);
        if (mainPorts.Contains(monitoring.Port))
        {
            throw new InvalidOperationException($"Monitoring:Url '{settings.Url}' uses the port of the main address ({main}): give it a port of its own.");
        }

        builder.WebHost.UseUrls($"{main};{monitoring.GetLeftPart(UriPartial.Authority)}");
        return monitoring;
    }

    /// <summary>From now on, requests on the monitoring port reach only the monitoring paths, and those only there.</summary>
    public static void Separate(WebApplication app, Uri monitoring)
    {
        var port = monitoring.Port;
        app.Use(async (context, next) =>
        {
            var onMonitoringPort = context.Connection.LocalPort == port;
            var monitoringPath = MonitoringPaths.Any(p => context.Request.Path.Equals(p, StringComparison.OrdinalIgnoreCase));
            if (onMonitoringPort != monitoringPath)
            {
                context.Response.StatusCode = StatusCodes.Status404NotFound;
                return;
            }

            await next(context);
        });
    }
}

/// <summary>The separate monitoring address, registered only when <c>Monitoring:Url</c> is set.</summary>
public sealed record MonitoringAddress(Uri Url);
