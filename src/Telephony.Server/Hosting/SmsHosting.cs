using Telephony.Calls.Appointments;
using Telephony.Ivr;
using Telephony.Server.Booking;
using Telephony.Sms;
using Telephony.Storage;

namespace Telephony.Server.Hosting;

/// <summary>
/// Wiring of the SMS component: the <c>Sms</c> settings (checked now, so a bad value stops the start-up naming its key),
/// the outbox, the Kannel gateway and the worker that sends, and <see cref="ISmsNotifications"/> for the booking and
/// callback code. Without <c>Sms:GatewayUrl</c> the notifications answer "disabled" and nothing is sent.
/// </summary>
public static class SmsHosting
{
    /// <summary>Call after the hosted service that migrates the database: the worker starts polling once it has run.</summary>
    public static IServiceCollection AddTelephonySms(this IServiceCollection services, IConfiguration configuration)
    {
        var settings = configuration.GetSection(SmsSettings.SectionName).Get<SmsSettings>() ?? new SmsSettings();
        settings.Validate();
        services.AddSingleton(settings);
        services.AddSingleton<SmsOutboxRepository>();
        services.AddSingleton<SmsMetrics>();
        if (settings.Enabled)
        {
            services.AddSingleton<ISmsGateway, KannelSmsGateway>();
            services.AddSingleton<SmsOutboxWorker>();
            services.AddHostedService(sp => sp.GetRequiredService<SmsOutboxWorker>());
        }

        services.AddSingleton<ISmsNotifications>(sp => new SmsNotifications(
            sp.GetRequiredService<SmsOutboxRepository>(),
            settings,
            sp.GetRequiredService<SmsMetrics>(),
            sp.GetRequiredService<TimeProvider>(),
            sp.GetRequiredService<ILogger<SmsNotifications>>(),
            sp.GetService<SmsOutboxWorker>()));
        // Replaces the booking's default (nobody told): the last registration is the one resolved.
        services.AddSingleton<IAppointmentNotifications, SmsAppointmentNotifications>();
        services.AddHostedService<SmsStartup>();
        return services;
    }

    /// <summary>Says at start-up whether SMS are sent, and creates each network's SMS series at zero for the dashboards.</summary>
    private sealed class SmsStartup(SmsSettings settings, SmsMetrics metrics, IvrScriptProvider scripts, ServiceHealth health, ILogger<SmsSettings> logger)
        : IHostedService
    {
        public Task StartAsync(CancellationToken cancellationToken)
        {
            var state = settings.Enabled ? $"Kannel at {settings.GatewayUrl} as {settings.Sender}" : "disabled (Sms:GatewayUrl is not set)";
            health.Set("sms", state);
            logger.LogInformation("SMS: {State}", state);
            if (settings.Enabled)
            {
                Declare(scripts.Current);
                scripts.Reloaded += Declare;
            }

            return Task.CompletedTask;
        }

        public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

        private void Declare(IvrScriptSet set)
        {
            foreach (var network in set.Scripts.Select(s => s.Network).Distinct(StringComparer.Ordinal))
            {
                metrics.DeclareNetwork(network);
            }
        }
    }
}
